// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.frame;

import static io.varpd.frame.TestFrames.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ChecksumsTest {
    @Test
    void rfc1071ExampleSum() {
        // RFC 1071 section 3: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2.
        byte[] b = hex("0001 f203 f4f5 f6f7");
        assertEquals(0xddf2, Checksums.onesComplementSum(b, 0, b.length, 0));
        assertEquals(0x220d, Checksums.internet(b, 0, b.length));
    }

    @Test
    void ipv4HeaderChecksumOfAKnownHeader() {
        // A widely used example header whose checksum is b861.
        byte[] h = hex("4500 0073 0000 4000 4011 0000 c0a8 0001 c0a8 00c7");
        assertEquals(0xb861, Checksums.internet(h, 0, h.length));
        h[10] = (byte) 0xb8;
        h[11] = 0x61;
        assertEquals(0, Checksums.internet(h, 0, h.length), "a correct checksum verifies to 0");
    }

    @Test
    void oddLengthIsPaddedWithZero() {
        assertEquals(Checksums.internet(hex("0102 03"), 0, 3), Checksums.internet(hex("0102 0300"), 0, 4));
        assertEquals(0xfbfd, Checksums.internet(hex("0102 03"), 0, 3));
    }

    @Test
    void icmpv6ChecksumOfTheSolicitationMatchesTheIndependentValue() {
        byte[] ns = hex(ProxyNdpTest.NS);
        assertEquals(0, Checksums.icmpv6(ns, 14, 32), "the NS vector carries a correct checksum");
        ns[56] = 0;
        ns[57] = 0;
        assertEquals(0x7d85, Checksums.icmpv6(ns, 14, 32));
    }
}
