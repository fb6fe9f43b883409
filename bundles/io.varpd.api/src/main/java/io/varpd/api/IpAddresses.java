// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.api;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Text forms of IP addresses: {@link #format} writes them as people expect (IPv4 and IPv4-mapped IPv6 dotted, IPv6 in
 * the RFC 5952 form {@code 2001:db8::1}, not Java's {@code 2001:db8:0:0:0:0:0:1}); {@link #parse} reads literals only.
 *
 * <p>{@link #parse} never resolves names, which {@link InetAddress#getByName} would do for anything it does not
 * recognise as a literal: configuration and saved state are data, and reading them must not depend on DNS. It is
 * deliberately strict, like {@code inet_pton}: no brackets, no zone ids, no leading zeros in IPv4 octets (BSD would
 * read them as octal), no short IPv4 forms ({@code 10.1}).
 */
public final class IpAddresses {
    private IpAddresses() {}

    public static String format(InetAddress address) {
        InetAddress a = TargetPoint.unmap(address);
        if (!(a instanceof Inet6Address)) {
            return a.getHostAddress();
        }
        byte[] b = a.getAddress();
        int[] words = new int[8];
        for (int i = 0; i < 8; i++) {
            words[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        // The longest run of two or more zero words (the first one on a tie) becomes "::".
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && words[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(words[i]));
        }
        return sb.toString();
    }

    /**
     * Parses {@code text}; an IPv4-mapped IPv6 address comes back as the IPv4 address.
     *
     * @return the address, or empty when {@code text} is not an IP literal
     */
    public static Optional<InetAddress> parse(String text) {
        byte[] bytes = parseBytes(text);
        if (bytes == null) {
            return Optional.empty();
        }
        try {
            // getByAddress with a literal byte array never does a lookup.
            return Optional.of(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            throw new AssertionError("4 or 16 bytes are always an address", e);
        }
    }

    /**
     * The bytes of an IP literal without building an address object (for bulk loaders): 4 for IPv4 text, 16 for IPv6
     * text (an IPv4-mapped address stays 16 bytes), null for anything else.
     */
    public static byte[] parseBytes(String text) {
        if (text == null) {
            return null;
        }
        return text.indexOf(':') >= 0 ? ipv6(text) : ipv4(text, 0, text.length());
    }

    private static byte[] ipv4(String s, int from, int to) {
        byte[] out = new byte[4];
        int octet = 0;
        int i = from;
        while (octet < 4) {
            int start = i;
            int value = 0;
            while (i < to && i - start < 3 && isDigit(s.charAt(i))) {
                value = value * 10 + (s.charAt(i) - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || value > 255 || (digits > 1 && s.charAt(start) == '0')) {
                return null;
            }
            out[octet++] = (byte) value;
            if (octet < 4) {
                if (i >= to || s.charAt(i) != '.') {
                    return null;
                }
                i++;
            }
        }
        return i == to ? out : null;
    }

    private static byte[] ipv6(String s) {
        int n = s.length();
        int[] groups = new int[8];
        int count = 0;
        int gapAt = -1;
        int i = 0;
        if (s.startsWith("::")) {
            gapAt = 0;
            i = 2;
        } else if (n > 0 && s.charAt(0) == ':') {
            return null;
        }
        byte[] ipv4Tail = null;
        while (i < n) {
            if (count == 8) {
                return null;
            }
            int start = i;
            int value = 0;
            while (i < n && i - start < 4 && hex(s.charAt(i)) >= 0) {
                value = (value << 4) | hex(s.charAt(i));
                i++;
            }
            if (i < n && s.charAt(i) == '.') {
                // The rest is a dotted quad standing for the last two groups.
                ipv4Tail = ipv4(s, start, n);
                if (ipv4Tail == null || count > 6) {
                    return null;
                }
                i = n;
                break;
            }
            if (i == start) {
                return null;
            }
            groups[count++] = value;
            if (i == n) {
                break;
            }
            if (s.charAt(i) != ':') {
                return null;
            }
            i++;
            if (i < n && s.charAt(i) == ':') {
                if (gapAt >= 0) {
                    return null;
                }
                gapAt = count;
                i++;
            } else if (i == n) {
                // A single trailing ':' ends nothing.
                return null;
            }
        }
        int total = count + (ipv4Tail != null ? 2 : 0);
        if (gapAt < 0 ? total != 8 : total > 7) {
            return null;
        }
        byte[] out = new byte[16];
        int shift = 8 - total;
        for (int g = 0; g < count; g++) {
            int at = gapAt >= 0 && g >= gapAt ? g + shift : g;
            out[2 * at] = (byte) (groups[g] >> 8);
            out[2 * at + 1] = (byte) groups[g];
        }
        if (ipv4Tail != null) {
            System.arraycopy(ipv4Tail, 0, out, 12, 4);
        }
        return out;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
