// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.api;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the frames for a destination go (the kernel's {@code overlay_target_point_t}): an underlay IP address and port,
 * and for encapsulations that need one, a MAC address. Immutable.
 *
 * <p>The IP is kept as given (an IPv4 address stays an {@link Inet4Address}); IPv4-mapped IPv6 addresses are folded to
 * IPv4 by {@link #of(InetAddress, int)} so that equal destinations compare equal whichever way they were spelled.
 */
public final class TargetPoint {
    private final MacAddress mac;
    private final InetAddress ip;
    private final int port;

    private TargetPoint(MacAddress mac, InetAddress ip, int port) {
        this.mac = mac;
        this.ip = ip;
        this.port = port;
    }

    /**
     * An IP and port destination.
     *
     * @param port 0 for "no port", else 1-65535
     */
    public static TargetPoint of(InetAddress ip, int port) {
        return of(null, ip, port);
    }

    /** A destination with an optional MAC, IP and port; {@code ip} may be null when not needed. */
    public static TargetPoint of(MacAddress mac, InetAddress ip, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range; allowed: 0-65535");
        }
        return new TargetPoint(mac, ip == null ? null : unmap(ip), port);
    }

    /** Folds an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}) to the IPv4 address. */
    public static InetAddress unmap(InetAddress ip) {
        if (ip instanceof Inet6Address) {
            byte[] b = ip.getAddress();
            boolean mapped = b[10] == (byte) 0xff && b[11] == (byte) 0xff;
            for (int i = 0; i < 10 && mapped; i++) {
                mapped = b[i] == 0;
            }
            if (mapped) {
                try {
                    return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
                } catch (java.net.UnknownHostException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return ip;
    }

    public Optional<MacAddress> mac() {
        return Optional.ofNullable(mac);
    }

    public Optional<InetAddress> ip() {
        return Optional.ofNullable(ip);
    }

    /** The port, 0 when there is none. */
    public int port() {
        return port;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TargetPoint)) {
            return false;
        }
        TargetPoint t = (TargetPoint) o;
        return port == t.port && Objects.equals(mac, t.mac) && Objects.equals(ip, t.ip);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mac, ip, port);
    }

    /**
     * dladm's {@code [mac][,ip][:port]} form; an IPv6 address with a port is bracketed ({@code [2001:db8::1]:4789}) so
     * it can be read back.
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (mac != null) {
            sb.append(mac);
        }
        if (ip != null) {
            if (mac != null) {
                sb.append(',');
            }
            String host = IpAddresses.format(ip);
            sb.append(ip instanceof Inet6Address && port != 0 ? "[" + host + "]" : host);
        }
        if (port != 0) {
            sb.append(':').append(port);
        }
        return sb.toString();
    }
}
