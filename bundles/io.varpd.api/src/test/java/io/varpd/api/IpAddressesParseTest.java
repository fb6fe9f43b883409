// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressesParseTest {

    private static InetAddress parsed(String text) {
        return IpAddresses.parse(text).orElseThrow(() -> new AssertionError("not parsed: " + text));
    }

    @Test
    void dottedQuadIsIpv4() {
        InetAddress ip = parsed("192.0.2.10");
        assertInstanceOf(Inet4Address.class, ip);
        assertArrayEquals(new byte[] {(byte) 192, 0, 2, 10}, ip.getAddress());
    }

    @Test
    void compressedIpv6IsExpanded() {
        InetAddress ip = parsed("2001:db8::1");
        assertInstanceOf(Inet6Address.class, ip);
        byte[] expected = new byte[16];
        expected[0] = 0x20;
        expected[1] = 0x01;
        expected[2] = 0x0d;
        expected[3] = (byte) 0xb8;
        expected[15] = 1;
        assertArrayEquals(expected, ip.getAddress());
    }

    @Test
    void fullIpv6WithUppercaseHexIsRead() {
        assertEquals(parsed("2001:db8::abcd"), parsed("2001:0DB8:0:0:0:0:0:ABCD"));
    }

    @Test
    void ipv4MappedIpv6IsFoldedToIpv4() {
        InetAddress ip = parsed("::ffff:10.1.2.3");
        assertInstanceOf(Inet4Address.class, ip);
        assertEquals(parsed("10.1.2.3"), ip);
    }

    @Test
    void ipv4CompatibleIpv6StaysIpv6() {
        InetAddress ip = parsed("::10.1.2.3");
        assertInstanceOf(Inet6Address.class, ip);
        assertEquals(10, ip.getAddress()[12]);
    }

    @Test
    void unspecifiedAndLoopbackIpv6AreRead() {
        assertArrayEquals(new byte[16], parsed("::").getAddress());
        assertEquals(1, parsed("::1").getAddress()[15]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1::2:3:4:5:6:7", "::1:2:3:4:5:6:7", "1:2:3:4:5:6:7::", "1:2:3:4:5:6:1.2.3.4", "fe80::"})
    void edgeFormsOfIpv6AreRead(String text) {
        assertTrue(IpAddresses.parse(text).isPresent(), text);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "localhost",
                "example.com",
                "abc",
                "10.1",
                "10.1.2",
                "10.1.2.3.4",
                "256.0.0.1",
                "010.0.0.1",
                "1.2.3.-4",
                " 1.2.3.4",
                "1:2:3:4:5:6:7",
                "1:2:3:4:5:6:7:8:9",
                "1::2::3",
                "12345::1",
                "1:2:3:4:5:6:7::8",
                ":1::",
                "1::2:",
                "fe80::1%eth0",
                "[2001:db8::1]",
                "2001:db8::g",
                "::1.2.3",
                "1:2:3:4:5:6:7:1.2.3.4",
                "\u0661.2.3.4",
                "::ffff:1.2.3.4:5"
            })
    void nonLiteralsAreRefused(String text) {
        assertTrue(IpAddresses.parse(text).isEmpty(), text);
    }

    @Test
    void nullIsRefused() {
        assertTrue(IpAddresses.parse(null).isEmpty());
    }
}
