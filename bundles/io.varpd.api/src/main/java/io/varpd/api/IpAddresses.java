package io.varpd.api;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Text forms of IP addresses as people expect them: IPv4 (and IPv4-mapped IPv6) dotted, IPv6 in
 * the RFC 5952 form ({@code 2001:db8::1}, not Java's {@code 2001:db8:0:0:0:0:0:1}).
 */
public final class IpAddresses {
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
}
