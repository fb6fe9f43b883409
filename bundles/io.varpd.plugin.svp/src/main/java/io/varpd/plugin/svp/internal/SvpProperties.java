// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal;

import io.varpd.api.DestinationType;
import io.varpd.api.Errno;
import io.varpd.api.IpAddresses;
import io.varpd.api.VarpdException;
import io.varpd.api.plugin.PropertyDescription;
import io.varpd.api.plugin.PropertyType;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code svp} plugin's properties (docs/architecture.md#properties) and the rules their values obey beyond the type
 * and range checks core applies from the descriptions.
 */
final class SvpProperties {
    /** The plugin's registered name. */
    static final String PLUGIN_NAME = "svp";

    static final String HOST = "svp/host";
    static final String PORT = "svp/port";
    static final String UNDERLAY_IP = "svp/underlay_ip";
    static final String UNDERLAY_PORT = "svp/underlay_port";
    /** portolan's port. */
    static final int DEFAULT_PORT = 1296;
    /** The compute node's own VXLAN port, reported and saved but not sent by this client. */
    static final int DEFAULT_UNDERLAY_PORT = 1339;

    static final long MIN_PORT = 1;
    static final long MAX_PORT = 65535;

    /** The only destination type svp serves: VXLAN's IP and port. */
    private static final Set<DestinationType> SERVABLE = EnumSet.of(DestinationType.IP, DestinationType.PORT);

    static final PropertyDescription HOST_DESCRIPTION = PropertyDescription.builder(HOST, PropertyType.STRING)
            .required()
            .description("The SVP (portolan) server: a host name, resolved every 30 seconds, or an IP literal.")
            .build();
    static final PropertyDescription PORT_DESCRIPTION = PropertyDescription.builder(PORT, PropertyType.UINT)
            .required()
            .defaultValue((long) DEFAULT_PORT)
            .range(MIN_PORT, MAX_PORT)
            .description("The TCP port of the SVP server.")
            .build();
    static final PropertyDescription UNDERLAY_IP_DESCRIPTION = PropertyDescription.builder(UNDERLAY_IP, PropertyType.IP)
            .required()
            .description("This compute node's own underlay IP address: the SVP server keys its invalidation log"
                    + " (shootdowns) by it.")
            .build();
    static final PropertyDescription UNDERLAY_PORT_DESCRIPTION = PropertyDescription.builder(
                    UNDERLAY_PORT, PropertyType.UINT)
            .required()
            .defaultValue((long) DEFAULT_UNDERLAY_PORT)
            .range(MIN_PORT, MAX_PORT)
            .description("This compute node's own underlay UDP port (saved and shown; not sent to the server).")
            .build();

    /** The properties in id order: host, port, underlay_ip, underlay_port. */
    static final List<PropertyDescription> ALL =
            List.of(HOST_DESCRIPTION, PORT_DESCRIPTION, UNDERLAY_IP_DESCRIPTION, UNDERLAY_PORT_DESCRIPTION);

    private SvpProperties() {}

    /**
     * Checks that svp can serve a device needing {@code destination}: exactly IP and PORT.
     *
     * @throws VarpdException {@code errno} naming the destination type and what is allowed
     */
    static Set<DestinationType> checkDestination(Set<DestinationType> destination, Errno errno) throws VarpdException {
        if (destination == null || !destination.equals(SERVABLE)) {
            throw new VarpdException(
                    errno,
                    "the svp plugin cannot serve a device whose destination type is " + describe(destination)
                            + "; allowed: exactly IP+PORT (a VXLAN underlay address and port)");
        }
        return Set.copyOf(destination);
    }

    /**
     * Applies the plugin's own rules to {@code svp/underlay_ip} (those of vxlan/listen_ip).
     *
     * @return the address, IPv4-mapped folded to IPv4, any IPv6 scope dropped
     * @throws VarpdException EINVAL for an IPv4-compatible, IPv6 multicast, 6to4 or IPv4(-mapped) multicast address,
     *     naming it and why
     */
    static InetAddress checkUnderlayIp(InetAddress ip) throws VarpdException {
        byte[] b = ip.getAddress();
        InetAddress plain;
        try {
            // Rebuilt from the bytes: folds ::ffff:a.b.c.d to IPv4 and drops any scope id.
            plain = InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new AssertionError("an address's own bytes are always an address", e);
        }
        String text = IpAddresses.format(plain);
        if (plain instanceof Inet6Address && isIpv4Compatible(b)) {
            throw invalidIp(text + " is an IPv4-compatible IPv6 address (::a.b.c.d), which is deprecated");
        }
        if (plain instanceof Inet6Address && (b[0] & 0xff) == 0xff) {
            throw invalidIp(text + " is an IPv6 multicast address (ff00::/8)");
        }
        if (plain instanceof Inet6Address && b[0] == 0x20 && b[1] == 0x02) {
            throw invalidIp(text + " is a 6to4 address (2002::/16)");
        }
        if (plain instanceof Inet4Address && plain.isMulticastAddress()) {
            // On the wire and in the original, IPv4 is IPv4-mapped: this is "v4-mapped multicast".
            throw invalidIp(text + " is an IPv4 multicast address (224.0.0.0/4)");
        }
        return plain;
    }

    private static VarpdException invalidIp(String why) {
        return new VarpdException(
                Errno.EINVAL,
                UNDERLAY_IP + ": " + why + "; allowed: a unicast IPv4 address," + " or a native unicast IPv6 address");
    }

    /**
     * Applies the plugin's own rules to a port property.
     *
     * @throws VarpdException EINVAL for 0 or anything above 65535
     */
    static int checkPort(String name, long port) throws VarpdException {
        if (port < MIN_PORT || port > MAX_PORT) {
            throw new VarpdException(
                    Errno.EINVAL, name + ": " + port + " is out of range; allowed: " + MIN_PORT + "-" + MAX_PORT);
        }
        return (int) port;
    }

    /** {@code ::a.b.c.d}: the first 96 bits zero, except {@code ::} and {@code ::1}. */
    private static boolean isIpv4Compatible(byte[] b) {
        if (b.length != 16) {
            return false;
        }
        for (int i = 0; i < 12; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return !(b[12] == 0 && b[13] == 0 && b[14] == 0 && (b[15] == 0 || b[15] == 1));
    }

    /** The IPv6 text the original saved ({@code inet_ntop(AF_INET6)}): IPv4 as {@code ::ffff:a.b.c.d}. */
    static String ipv6Text(InetAddress ip) {
        return ip instanceof Inet4Address ? "::ffff:" + ip.getHostAddress() : IpAddresses.format(ip);
    }

    private static String describe(Set<DestinationType> destination) {
        if (destination == null || destination.isEmpty()) {
            return "empty";
        }
        return String.join(
                "+", new TreeSet<>(destination).stream().map(Enum::name).toList());
    }
}
