package io.varpd.api;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Text forms of IP addresses: {@link #format} writes them as people expect (IPv4 and IPv4-mapped
 * IPv6 dotted, IPv6 in the RFC 5952 form {@code 2001:db8::1}, not Java's
 * {@code 2001:db8:0:0:0:0:0:1}); {@link #parse} reads literals only.
 *
 * <p>{@link #parse} never resolves names, which {@link InetAddress#getByName} would do for anything
 * it does not recognise as a literal: configuration and saved state are data, and reading them
 * must not depend on DNS. It is deliberately strict, like {@code inet_pton}: no brackets, no zone
 * ids, no leading zeros in IPv4 octets (BSD would read them as octal), no short IPv4 forms
 * ({@code 10.1}).
 */
public final class IpAddresses {
    private static final int IPV6_GROUPS = 8;

    private IpAddresses() {
    }

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
        for (int i = 0; i < 8;) {
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
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        byte[] bytes = text.indexOf(':') >= 0 ? parseV6(text) : parseV4(text);
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

    private static byte[] parseV4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0') || !allDigits(p, 10)) {
                return null;
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return null;
            }
            b[i] = (byte) v;
        }
        return b;
    }

    private static byte[] parseV6(String text) {
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        int[] head;
        int[] tail;
        if (gap < 0) {
            head = groups(text);
            tail = new int[0];
            if (head == null || head.length != IPV6_GROUPS) {
                return null;
            }
        } else {
            head = groups(text.substring(0, gap));
            tail = groups(text.substring(gap + 2));
            // "::" stands for at least one group of zeros.
            if (head == null || tail == null || head.length + tail.length > IPV6_GROUPS - 1) {
                return null;
            }
        }
        byte[] b = new byte[16];
        for (int i = 0; i < head.length; i++) {
            b[2 * i] = (byte) (head[i] >> 8);
            b[2 * i + 1] = (byte) head[i];
        }
        int start = IPV6_GROUPS - tail.length;
        for (int i = 0; i < tail.length; i++) {
            b[2 * (start + i)] = (byte) (tail[i] >> 8);
            b[2 * (start + i) + 1] = (byte) tail[i];
        }
        return b;
    }

    /**
     * The 16-bit groups of a ':'-separated run; an IPv4 dotted quad is allowed as the last element
     * and counts as two groups. An empty run has no groups.
     */
    private static int[] groups(String run) {
        if (run.isEmpty()) {
            return new int[0];
        }
        String[] parts = run.split(":", -1);
        String last = parts[parts.length - 1];
        boolean v4Tail = last.indexOf('.') >= 0;
        int[] out = new int[parts.length + (v4Tail ? 1 : 0)];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (i == parts.length - 1 && v4Tail) {
                byte[] v4 = parseV4(p);
                if (v4 == null) {
                    return null;
                }
                out[i] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
                out[i + 1] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
            } else {
                if (p.isEmpty() || p.length() > 4 || !allDigits(p, 16)) {
                    return null;
                }
                out[i] = Integer.parseInt(p, 16);
            }
        }
        return out.length > IPV6_GROUPS ? null : out;
    }

    /** ASCII digits only: Character.digit would also take other scripts' digits. */
    private static boolean allDigits(String s, int radix) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= '0' && c <= '9')
                    || (radix == 16 && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')));
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
