// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.frame;

/**
 * The Internet checksum (RFC 1071) and its ICMPv6 use over the IPv6 pseudo-header (RFC 8200 section 8.1, RFC 4443
 * section 2.3).
 */
public final class Checksums {
    /** IPv6 next-header value of ICMPv6. */
    public static final int NEXT_HEADER_ICMPV6 = 58;

    private Checksums() {}

    /**
     * The 16-bit one's-complement sum of {@code len} bytes at {@code off}, taken as big-endian words (an odd last byte
     * is padded with zero), added to {@code initial} and folded to 16 bits. Not complemented: sums of several parts can
     * be chained through {@code initial}.
     */
    public static int onesComplementSum(byte[] buf, int off, int len, int initial) {
        long sum = initial & 0xffffL;
        int end = off + len;
        int i = off;
        for (; i + 1 < end; i += 2) {
            sum += Bytes.u16(buf, i);
        }
        if (i < end) {
            sum += (buf[i] & 0xff) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) sum;
    }

    /**
     * The Internet checksum of {@code len} bytes at {@code off}: the complement of their one's-complement sum. Over
     * data that already holds a correct checksum it yields 0.
     */
    public static int internet(byte[] buf, int off, int len) {
        return ~onesComplementSum(buf, off, len, 0) & 0xffff;
    }

    /**
     * The ICMPv6 checksum of a message that follows a fixed IPv6 header: over the pseudo-header (source and destination
     * address from the IPv6 header at {@code ip6Offset}, 32-bit upper-layer length {@code icmpLength}, next header 58)
     * and the {@code icmpLength} bytes starting 40 bytes after {@code ip6Offset}, with the checksum field taken as it
     * is (write 0 there before computing; a message carrying a correct checksum yields 0).
     */
    public static int icmpv6(byte[] buf, int ip6Offset, int icmpLength) {
        int sum = onesComplementSum(buf, ip6Offset + 8, 32, 0); // source and destination address
        sum = onesComplementSum(
                new byte[] {
                    (byte) (icmpLength >>> 24),
                    (byte) (icmpLength >>> 16),
                    (byte) (icmpLength >>> 8),
                    (byte) icmpLength,
                    0,
                    0,
                    0,
                    NEXT_HEADER_ICMPV6
                },
                0,
                8,
                sum);
        sum = onesComplementSum(buf, ip6Offset + 40, icmpLength, sum);
        return ~sum & 0xffff;
    }
}
