package io.varpd.overlay.linux.internal.netlink;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** IP addresses in and out of attribute payloads (network order, 4 or 16 bytes). */
public final class InetBytes {
    private InetBytes() {
    }

    /** The address in {@code b}, which must be 4 or 16 bytes. */
    public static InetAddress address(byte[] b, String what) throws MalformedMessageException {
        if (b.length != 4 && b.length != 16) {
            throw new MalformedMessageException(what + " has " + b.length + " bytes, 4 or 16 expected");
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new AssertionError("4 or 16 bytes are always an address", e);
        }
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
