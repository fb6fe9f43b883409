// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.frame;

import io.varpd.api.MacAddress;
import java.net.Inet6Address;
import java.util.Objects;

/**
 * An IPv6 Neighbor Solicitation that {@link ProxyNdp#validate} accepted.
 *
 * @param ethernet the frame's MAC header
 * @param sourceLinkLayer the soliciting node's MAC from its Source Link-Layer Address option
 * @param sourceIp the soliciting node's IPv6 address (the IPv6 source)
 * @param target the address to resolve: not multicast, v4-mapped or loopback
 */
public record NeighborSolicitation(
        EthernetHeader ethernet, MacAddress sourceLinkLayer, Inet6Address sourceIp, Inet6Address target) {
    public NeighborSolicitation {
        Objects.requireNonNull(ethernet, "ethernet");
        Objects.requireNonNull(sourceLinkLayer, "sourceLinkLayer");
        Objects.requireNonNull(sourceIp, "sourceIp");
        Objects.requireNonNull(target, "target");
    }
}
