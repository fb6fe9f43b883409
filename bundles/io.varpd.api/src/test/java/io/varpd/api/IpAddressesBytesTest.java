// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The byte-level parser behind {@link IpAddresses#parse}, as bulk loaders use it. */
class IpAddressesBytesTest {
    private static byte[] ipv4(String text) {
        byte[] b = IpAddresses.parseBytes(text);
        return b != null && b.length == 4 ? b : null;
    }

    private static byte[] ipv6(String text) {
        byte[] b = IpAddresses.parseBytes(text);
        return b != null && b.length == 16 ? b : null;
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "10.88.88.69", "192.0.2.1", "255.255.255.255", "1.20.199.0"})
    void dottedQuadsReadAsJavaReadsThem(String text) throws Exception {
        // Every input here is a literal, so getByName does no lookup.
        assertArrayEquals(InetAddress.getByName(text).getAddress(), ipv4(text));
        assertArrayEquals(InetAddress.getByName(text).getAddress(), IpAddresses.parseBytes(text));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "::",
                "::1",
                "1::",
                "fe80::3",
                "2001:db8::1",
                "2001:DB8:0:0:0:0:0:1",
                "1:2:3:4:5:6:7:8",
                "1:2:3:4:5:6:7::",
                "::2:3:4:5:6:7:8",
                "1::8",
                "fd00::1:2",
                "::1.2.3.4",
                "1:2:3:4:5:6:1.2.3.4",
                "2001:db8::10.0.0.1",
                "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"
            })
    void ipv6TextReadsAsJavaReadsIt(String text) throws Exception {
        byte[] expected = sixteenBytes(InetAddress.getByName(text).getAddress());
        assertArrayEquals(expected, ipv6(text));
        assertArrayEquals(expected, IpAddresses.parseBytes(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"::ffff:192.0.2.1", "::FFFF:10.0.0.1"})
    void ipv4MappedTextGivesSixteenBytes(String text) throws Exception {
        byte[] b = ipv6(text);
        byte[] v4 = InetAddress.getByName(text).getAddress();
        assertArrayEquals(v4, java.util.Arrays.copyOfRange(b, 12, 16));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "1",
                "10.1",
                "1.2.3",
                "1.2.3.4.5",
                "256.0.0.1",
                "01.2.3.4",
                "1.2.3.04",
                "1..2.3",
                "1.2.3.4.",
                ".1.2.3",
                " 1.2.3.4",
                "1.2.3.4 ",
                "a.b.c.d",
                "1234.1.1.1",
                "localhost",
                "example.com",
                "-1.2.3.4",
                "1.2.3.+4",
                "１.2.3.4"
            })
    void notDottedQuadsAreRefused(String text) {
        assertNull(ipv4(text));
        assertNull(IpAddresses.parseBytes(text));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                ":",
                ":::",
                "1:::2",
                ":1::",
                "1:",
                "1::2::3",
                "1:2:3:4:5:6:7:8:9",
                "1:2:3:4:5:6:7:8::",
                "12345::",
                "g::1",
                "fe80::1%eth0",
                "[::1]",
                "::1 ",
                "1:2:3:4:5:6:7:1.2.3.4",
                "::1.2.3",
                "::1.2.3.4:5",
                "1.2.3.4::",
                "::01.2.3.4",
                "1:2:3:4:5:6:7"
            })
    void badIpv6TextIsRefused(String text) {
        assertNull(ipv6(text));
        assertNull(IpAddresses.parseBytes(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.1", "localhost"})
    void textWithoutAColonIsNeverIpv6(String text) {
        assertNull(ipv6(text));
    }

    /** Java gives 4 bytes for an IPv4-mapped or compatible literal; IpLiteral always gives 16. */
    private static byte[] sixteenBytes(byte[] b) {
        if (b.length == 16) {
            return b;
        }
        byte[] out = new byte[16];
        out[10] = (byte) 0xff;
        out[11] = (byte) 0xff;
        System.arraycopy(b, 0, out, 12, 4);
        return out;
    }
}
