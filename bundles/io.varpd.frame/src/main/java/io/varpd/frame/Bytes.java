// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.frame;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/** Big-endian field access and address conversions shared by the codecs. */
final class Bytes {
    private Bytes() {}

    static int u8(byte[] b, int off) {
        return b[off] & 0xff;
    }

    static int u16(byte[] b, int off) {
        return (b[off] & 0xff) << 8 | (b[off + 1] & 0xff);
    }

    static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    static boolean equal(byte[] a, int aOff, byte[] b, int bOff, int len) {
        return Arrays.equals(a, aOff, aOff + len, b, bOff, bOff + len);
    }

    static String hex16(int v) {
        return String.format("0x%04x", v);
    }

    static Inet4Address ipv4(byte[] b, int off) {
        try {
            return (Inet4Address) InetAddress.getByAddress(Arrays.copyOfRange(b, off, off + 4));
        } catch (UnknownHostException e) {
            throw new AssertionError("4 bytes are always an IPv4 address", e);
        }
    }

    /** Always an {@link Inet6Address}, even for v4-mapped bytes (InetAddress would fold those). */
    static Inet6Address ipv6(byte[] b, int off) {
        try {
            return Inet6Address.getByAddress(null, Arrays.copyOfRange(b, off, off + 16), -1);
        } catch (UnknownHostException e) {
            throw new AssertionError("16 bytes are always an IPv6 address", e);
        }
    }
}
