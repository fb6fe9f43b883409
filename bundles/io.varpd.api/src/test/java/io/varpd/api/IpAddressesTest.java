// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class IpAddressesTest {
    private static String f(String literal) throws Exception {
        return IpAddresses.format(InetAddress.getByName(literal));
    }

    @Test
    void ipv6IsWrittenInTheRfc5952Form() throws Exception {
        assertEquals("2001:db8::1", f("2001:0db8:0:0:0:0:0:1"));
        assertEquals("::", f("0:0:0:0:0:0:0:0"));
        assertEquals("::1", f("::1"));
        assertEquals("fe80::", f("fe80:0:0:0:0:0:0:0"));
        assertEquals("2001:db8:0:1:1:1:1:1", f("2001:db8:0:1:1:1:1:1"), "a single zero word is not compressed");
        assertEquals("2001:db8::1:0:0:1", f("2001:db8:0:0:1:0:0:1"), "the first of equal runs is compressed");
        assertEquals("2001:0:0:1::1", f("2001:0:0:1:0:0:0:1"), "the longest run is compressed");
    }

    @Test
    void ipv4AndMappedIpv4AreDotted() throws Exception {
        assertEquals("192.0.2.1", f("192.0.2.1"));
        assertEquals("192.0.2.1", f("::ffff:192.0.2.1"));
    }
}
