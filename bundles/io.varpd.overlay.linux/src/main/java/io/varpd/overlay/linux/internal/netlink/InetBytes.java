// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.netlink;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** IP addresses in and out of attribute payloads (network order, 4 or 16 bytes). */
public final class InetBytes {
    private InetBytes() {}

    /**
     * The address in {@code b}, which must be 4 or 16 bytes, of the family its size says: 16 bytes are always an
     * {@link Inet6Address}, even {@code ::ffff:a.b.c.d}, which {@link InetAddress#getByAddress(byte[])} would fold to
     * IPv4 and so contradict the message's family (an IPv6 vxlan may well report such a remote, a guest may solicit
     * such a target).
     */
    public static InetAddress address(byte[] b, String what) throws MalformedMessageException {
        if (b.length != 4 && b.length != 16) {
            throw new MalformedMessageException(what + " has " + b.length + " bytes, 4 or 16 expected");
        }
        try {
            return b.length == 16 ? Inet6Address.getByAddress(null, b, -1) : InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new AssertionError("4 or 16 bytes are always an address", e);
        }
    }

    /** Whether {@code a} is an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}), kept as IPv6. */
    public static boolean isIpv4Mapped(InetAddress a) {
        if (!(a instanceof Inet6Address)) {
            return false;
        }
        byte[] b = a.getAddress();
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }

    /** The address family number of {@code a}. */
    public static int family(InetAddress a) {
        return a instanceof Inet4Address ? Rtnetlink.AF_INET : Rtnetlink.AF_INET6;
    }

    /** The unspecified address of {@code a}'s family (0.0.0.0 or ::). */
    public static InetAddress any(InetAddress a) {
        try {
            return InetAddress.getByAddress(new byte[a instanceof Inet4Address ? 4 : 16]);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
