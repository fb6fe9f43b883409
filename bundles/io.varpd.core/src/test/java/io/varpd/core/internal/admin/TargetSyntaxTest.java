// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.DestinationType;
import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import io.varpd.api.device.CacheEntry;
import java.net.InetAddress;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TargetSyntaxTest {
    private static final MacAddress KEY = MacAddress.of(0xdeadbeef0001L);
    private static final Set<DestinationType> VXLAN = EnumSet.of(DestinationType.IP, DestinationType.PORT);

    @Test
    void ipv4AndPort() throws Exception {
        assertEquals(
                CacheEntry.to(KEY, TargetPoint.of(InetAddress.getByName("10.88.88.69"), 4789)),
                TargetSyntax.parse(KEY, "10.88.88.69:4789", VXLAN));
    }

    @Test
    void bracketedIpv6AndPortCanBeEntered() throws Exception {
        CacheEntry e = TargetSyntax.parse(KEY, "[2001:db8::1]:4789", VXLAN);
        assertEquals(TargetPoint.of(InetAddress.getByName("2001:db8::1"), 4789), e.target());
        assertEquals("[2001:db8::1]:4789", e.destinationText());
    }

    @Test
    void dropInAnyCase() throws Exception {
        assertTrue(TargetSyntax.parse(KEY, "DROP", VXLAN).drop());
        assertEquals("drop", TargetSyntax.parse(KEY, "drop", VXLAN).destinationText());
    }

    @Test
    void macFirstWhenTheDeviceNeedsOne() throws Exception {
        CacheEntry e = TargetSyntax.parse(
                KEY,
                "2:8:20:1:2:3,192.0.2.1:6081",
                EnumSet.of(DestinationType.ETHERNET, DestinationType.IP, DestinationType.PORT));
        assertEquals(MacAddress.parse("02:08:20:01:02:03"), e.target().mac().orElseThrow());
        assertEquals(6081, e.target().port());
    }

    @Test
    void badDestinationsAreRefusedWithTheAllowedForms() {
        for (String bad : new String[] {
            "10.0.0.1",
            "10.0.0.1:0",
            "10.0.0.1:70000",
            "10.0.0.1:12x",
            "2001:db8::1",
            "[2001:db8::1",
            "host.example:4789"
        }) {
            VarpdException e = assertThrows(VarpdException.class, () -> TargetSyntax.parse(KEY, bad, VXLAN), bad);
            assertTrue(
                    e.getMessage().contains("allowed") || e.getMessage().contains("not an IP address"), e.getMessage());
        }
    }
}
