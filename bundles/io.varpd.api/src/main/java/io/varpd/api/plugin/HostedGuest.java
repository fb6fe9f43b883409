// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.api.plugin;

import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Set;

/**
 * A guest that this host carries, as a plugin publishes it for the other hosts of the overlay: its MAC, where the other
 * hosts send its frames (this host's underlay address and port), and the overlay addresses it was seen using (for proxy
 * ARP and NDP; may be empty).
 *
 * @param mac the guest's unicast MAC
 * @param at where other hosts reach it: this host's underlay point
 * @param addresses its IPv4 and IPv6 overlay addresses, the complete set known so far
 * @since 1.2
 */
public record HostedGuest(MacAddress mac, TargetPoint at, Set<InetAddress> addresses) {

    /** Checks the parts and keeps an unmodifiable copy of the addresses. */
    public HostedGuest {
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(at, "at");
        addresses = Set.copyOf(addresses);
    }
}
