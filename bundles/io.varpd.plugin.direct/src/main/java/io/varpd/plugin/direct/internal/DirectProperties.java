// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.direct.internal;

import io.varpd.api.DestinationType;
import io.varpd.api.Errno;
import io.varpd.api.IpAddresses;
import io.varpd.api.VarpdException;
import io.varpd.api.plugin.PropertyDescription;
import io.varpd.api.plugin.PropertyType;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code direct} plugin's properties and the rules their values obey, beyond the type and range checks core applies
 * from the descriptions.
 */
final class DirectProperties {
    /** The plugin's registered name. */
    static final String PLUGIN_NAME = "direct";

    static final String DEST_IP = "direct/dest_ip";
    static final String DEST_PORT = "direct/dest_port";
    static final long MIN_PORT = 1;
    static final long MAX_PORT = 65535;

    /** The destination types {@code direct} can serve: an underlay address, optionally a port. */
    private static final Set<DestinationType> SERVABLE = EnumSet.of(DestinationType.IP, DestinationType.PORT);

    static final PropertyDescription DEST_IP_DESCRIPTION = PropertyDescription.builder(DEST_IP, PropertyType.IP)
            .required()
            .description("The underlay IP address (IPv4 or IPv6) that every frame of this overlay is sent to.")
            .build();

    static final PropertyDescription DEST_PORT_DESCRIPTION = PropertyDescription.builder(DEST_PORT, PropertyType.UINT)
            .required()
            .range(MIN_PORT, MAX_PORT)
            .description("The underlay UDP port that every frame of this overlay is sent to.")
            .build();

    private DirectProperties() {}

    /**
     * Checks that {@code direct} can serve a device needing {@code destination}: a non-empty subset of {IP, PORT}.
     * ETHERNET is refused because a point destination carries no MAC address.
     *
     * @return an immutable copy
     * @throws VarpdException ENOTSUP naming the destination type and what is allowed
     */
    static Set<DestinationType> checkDestination(Set<DestinationType> destination) throws VarpdException {
        if (destination == null || destination.isEmpty() || !SERVABLE.containsAll(destination)) {
            throw new VarpdException(
                    Errno.ENOTSUP,
                    "the direct plugin cannot serve a device whose destination"
                            + " type is " + describe(destination) + "; allowed: IP, or IP and PORT (one underlay"
                            + " address, optionally with a port, and no ETHERNET)");
        }
        return Set.copyOf(destination);
    }

    /** The properties of an instance with this destination type, in id order. */
    static List<PropertyDescription> forDestination(Set<DestinationType> destination) {
        // dest_ip is always id 0, as in the original; dest_port exists only when a port is needed.
        return destination.contains(DestinationType.PORT)
                ? List.of(DEST_IP_DESCRIPTION, DEST_PORT_DESCRIPTION)
                : List.of(DEST_IP_DESCRIPTION);
    }

    /**
     * Applies the plugin's own rules to a destination IP.
     *
     * @return the address, IPv4-mapped addresses folded to IPv4 and any IPv6 scope dropped
     * @throws VarpdException EINVAL for an IPv4-compatible or a 6to4 address, naming it and why
     */
    static InetAddress checkIp(InetAddress ip) throws VarpdException {
        byte[] b = ip.getAddress();
        if (ip instanceof Inet6Address && isIpv4Compatible(b)) {
            String embedded = (b[12] & 0xff) + "." + (b[13] & 0xff) + "." + (b[14] & 0xff) + "." + (b[15] & 0xff);
            throw new VarpdException(
                    Errno.EINVAL,
                    DEST_IP + ": " + text(ip) + " is an IPv4-compatible IPv6"
                            + " address (::" + embedded
                            + "), which is deprecated and cannot be a destination; allowed: an IPv4"
                            + " address, an IPv4-mapped address (::ffff:a.b.c.d) or a native IPv6 address");
        }
        if (ip instanceof Inet6Address && b[0] == 0x20 && b[1] == 0x02) {
            throw new VarpdException(
                    Errno.EINVAL,
                    DEST_IP + ": " + text(ip) + " is a 6to4 address (2002::/16),"
                            + " which cannot be a destination; allowed: an IPv4 address or a native IPv6 address");
        }
        try {
            // Rebuilt from the bytes: folds ::ffff:a.b.c.d to IPv4 and drops any scope id.
            return InetAddress.getByAddress(b);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError("an address's own bytes are always an address", e);
        }
    }

    /**
     * Applies the plugin's own rules to a destination port.
     *
     * @throws VarpdException EINVAL for 0 or anything above 65535
     */
    static int checkPort(long port) throws VarpdException {
        if (port < MIN_PORT || port > MAX_PORT) {
            throw new VarpdException(
                    Errno.EINVAL, DEST_PORT + ": " + port + " is out of range; allowed: " + MIN_PORT + "-" + MAX_PORT);
        }
        return (int) port;
    }

    /** The address as text without a scope: dotted for IPv4, RFC 5952 for IPv6. */
    static String text(InetAddress ip) {
        return IpAddresses.format(ip);
    }

    /** {@code ::a.b.c.d}: the first 96 bits zero, except {@code ::} and {@code ::1}. */
    private static boolean isIpv4Compatible(byte[] b) {
        for (int i = 0; i < 12; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        boolean unspecifiedOrLoopback = b[12] == 0 && b[13] == 0 && b[14] == 0 && (b[15] == 0 || b[15] == 1);
        return !unspecifiedOrLoopback;
    }

    private static String describe(Set<DestinationType> destination) {
        if (destination == null || destination.isEmpty()) {
            return "empty";
        }
        TreeSet<DestinationType> sorted = new TreeSet<>(destination);
        return String.join("+", sorted.stream().map(Enum::name).toList());
    }
}
