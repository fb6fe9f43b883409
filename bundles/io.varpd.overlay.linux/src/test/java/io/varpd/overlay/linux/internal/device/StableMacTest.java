// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.IpAddresses;
import io.varpd.api.MacAddress;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StableMacTest {
    private static final InetAddress A = IpAddresses.parse("192.0.2.1").orElseThrow();
    private static final InetAddress B = IpAddresses.parse("192.0.2.2").orElseThrow();

    @Test
    void theSameVxlanGetsTheSameMacEveryTime() {
        assertEquals(StableMac.derive("m1", null, "vx0", 4242, A), StableMac.derive("m1", null, "vx0", 4242, A));
        assertEquals(StableMac.of("ns", "vx0", 4242, A), StableMac.of("ns", "vx0", 4242, A));
    }

    @Test
    void everyInputTellsVxlansApart() {
        Set<MacAddress> macs = new HashSet<>();
        macs.add(StableMac.derive("m1", null, "vx0", 4242, A));
        macs.add(StableMac.derive("m2", null, "vx0", 4242, A)); // another machine
        macs.add(StableMac.derive("m1", "ns1", "vx0", 4242, A)); // another namespace
        macs.add(StableMac.derive("m1", null, "vx1", 4242, A)); // another link
        macs.add(StableMac.derive("m1", null, "vx0", 4243, A)); // another VNI
        macs.add(StableMac.derive("m1", null, "vx0", 4242, B)); // another host of the overlay, same machine
        macs.add(StableMac.derive("m1", null, "vx0", 4242, null)); // no listen address
        assertEquals(7, macs.size(), macs.toString());
    }

    @Test
    void theMacIsUnicastAndLocallyAdministered() {
        for (int vni = 0; vni < 512; vni++) {
            MacAddress m = StableMac.derive("m", null, "vx0", vni, A);
            byte first = m.toBytes()[0];
            assertFalse(m.isMulticast(), m.toString());
            assertTrue((first & 0x02) != 0, "locally administered: " + m);
            assertNotEquals(MacAddress.ZERO, m);
        }
    }
}
