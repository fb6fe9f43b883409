// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.memory.internal;

import io.varpd.api.Errno;
import io.varpd.api.PluginMode;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * The instance bound to a device ({@code OVERLAY_TARG_ASSOCIATE}).
 *
 * @param instanceId the varpd instance id, 1 or more
 * @param mode POINT or DYNAMIC
 * @param point the destination of a POINT instance, null for DYNAMIC
 */
record Association(long instanceId, PluginMode mode, TargetPoint point) {

    /** Checks an association request as the kernel does (all EINVAL) and returns it. */
    static Association of(long instanceId, PluginMode mode, TargetPoint point) throws VarpdException {
        if (instanceId <= 0) {
            throw new VarpdException(Errno.EINVAL, "instance id " + instanceId + " is invalid; allowed: 1 or more");
        }
        if (mode == null) {
            throw new VarpdException(Errno.EINVAL, "an association needs a mode; allowed: POINT, DYNAMIC");
        }
        if (mode == PluginMode.DYNAMIC) {
            return new Association(instanceId, mode, null);
        }
        checkPoint(point);
        return new Association(instanceId, mode, point);
    }

    private static void checkPoint(TargetPoint point) throws VarpdException {
        if (point == null) {
            throw new VarpdException(Errno.EINVAL, "a POINT association needs a destination IP and port");
        }
        InetAddress ip = point.ip()
                .orElseThrow(() -> new VarpdException(
                        Errno.EINVAL, "destination " + point + " has no IP; a memory device needs an IP and a port"));
        String problem = ipProblem(ip);
        if (problem != null) {
            throw new VarpdException(
                    Errno.EINVAL,
                    "destination IP " + ip.getHostAddress() + " " + problem
                            + "; allowed: a unicast IPv4 or IPv6 address");
        }
        if (point.port() == 0) {
            throw new VarpdException(Errno.EINVAL, "destination " + point + " has no port; allowed: 1-65535");
        }
    }

    /** Why the kernel refuses {@code ip} as a point, or null when it accepts it. */
    private static String ipProblem(InetAddress ip) {
        if (ip.isAnyLocalAddress()) {
            // TargetPoint folds ::ffff:0.0.0.0 to 0.0.0.0, so this covers both of the kernel's checks.
            return ip instanceof Inet6Address
                    ? "is the unspecified address"
                    : "is the unspecified IPv4 address (::ffff:0.0.0.0)";
        }
        return isV4Compatible(ip) ? "is an IPv4-compatible IPv6 address (::a.b.c.d)" : null;
    }

    /** IN6_IS_ADDR_V4COMPAT: 96 zero bits, then an IPv4 address other than 0.0.0.0 and 0.0.0.1. */
    private static boolean isV4Compatible(InetAddress ip) {
        if (!(ip instanceof Inet6Address)) {
            return false;
        }
        byte[] b = ip.getAddress();
        for (int i = 0; i < 12; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        int low = ((b[12] & 0xff) << 24) | ((b[13] & 0xff) << 16) | ((b[14] & 0xff) << 8) | (b[15] & 0xff);
        return low != 0 && low != 1;
    }
}
