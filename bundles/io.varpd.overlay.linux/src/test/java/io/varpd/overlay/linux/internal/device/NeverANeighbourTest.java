// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.device;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.overlay.linux.internal.netlink.InetBytes;
import io.varpd.overlay.linux.internal.netlink.MalformedMessageException;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class NeverANeighbourTest {
    private static InetAddress ip(String s) {
        return io.varpd.api.IpAddresses.parse(s).orElseThrow();
    }

    @Test
    void anIpv4MappedIpv6TargetIsNeverAskedAbout() throws MalformedMessageException {
        // As the kernel reports it: 16 bytes, kept IPv6 by the codec.
        InetAddress mapped =
                InetBytes.address(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, 10, 42, 0, 2}, "NDA_DST");
        assertTrue(LinuxOverlayDevice.neverANeighbour(mapped));
    }

    @Test
    void linkLocalMulticastUnspecifiedAndLoopbackAreNeverAskedAbout() {
        for (String s :
                new String[] {"fe80::1", "ff02::1", "::", "::1", "169.254.0.1", "224.0.0.1", "0.0.0.0", "127.0.0.1"}) {
            assertTrue(LinuxOverlayDevice.neverANeighbour(ip(s)), s);
        }
    }

    @Test
    void overlayAddressesOfBothFamiliesAreAskedAbout() {
        for (String s : new String[] {"10.42.0.2", "fd42::2", "2001:db8::2", "::ffff:0:0:1"}) {
            assertFalse(LinuxOverlayDevice.neverANeighbour(ip(s)), s);
        }
    }
}
