// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.frame;

import io.varpd.api.LookupRequest;
import io.varpd.api.MacAddress;
import java.util.HexFormat;

/** Test helpers written independently of the code under test. */
final class TestFrames {
    private TestFrames() {}

    /** Hex to bytes; spaces, newlines and '|' separators are ignored. */
    static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replaceAll("[\\s|]", ""));
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    /** Compares as hex text, so a failure shows where the frames differ. */
    static void assertFrame(String expectedHex, byte[] actual) {
        org.junit.jupiter.api.Assertions.assertEquals(hex(hex(expectedHex)), hex(actual));
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** What a device would report for {@code frame}: read straight from the bytes. */
    static LookupRequest lookup(byte[] frame) {
        boolean tagged = (frame[12] & 0xff) == 0x81 && frame[13] == 0;
        int hdr = tagged ? 18 : 14;
        int sap = (frame[hdr - 2] & 0xff) << 8 | (frame[hdr - 1] & 0xff);
        int vlan = tagged ? ((frame[14] & 0x0f) << 8 | (frame[15] & 0xff)) : 0;
        return new LookupRequest(
                7, MacAddress.of(frame, 6), MacAddress.of(frame, 0), sap, vlan, hdr, frame.length - hdr);
    }

    /** The same lookup with other sizes, as a confused device might report. */
    static LookupRequest withSizes(LookupRequest r, int hdr, int pkt) {
        return new LookupRequest(r.vnetid(), r.source(), r.destination(), r.sap(), r.vlan(), hdr, pkt);
    }

    static LookupRequest withSap(LookupRequest r, int sap) {
        return new LookupRequest(
                r.vnetid(), r.source(), r.destination(), sap, r.vlan(), r.headerSize(), r.payloadSize());
    }

    static LookupRequest withDestination(LookupRequest r, MacAddress dst) {
        return new LookupRequest(r.vnetid(), r.source(), dst, r.sap(), r.vlan(), r.headerSize(), r.payloadSize());
    }

    /**
     * A plain sum of the big-endian 16-bit words of the IPv6 pseudo-header and the ICMPv6 message at {@code ip6 + 40},
     * folded; 0xffff means the message's checksum is right.
     */
    static int icmpv6WordSum(byte[] f, int ip6) {
        int plen = (f[ip6 + 4] & 0xff) << 8 | (f[ip6 + 5] & 0xff);
        long sum = plen + 58;
        for (int i = ip6 + 8; i < ip6 + 40; i += 2) {
            sum += (f[i] & 0xff) << 8 | (f[i + 1] & 0xff);
        }
        for (int i = ip6 + 40; i < ip6 + 40 + plen; i += 2) {
            sum += (f[i] & 0xff) << 8 | (i + 1 < ip6 + 40 + plen ? f[i + 1] & 0xff : 0);
        }
        while (sum > 0xffff) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) sum;
    }
}
