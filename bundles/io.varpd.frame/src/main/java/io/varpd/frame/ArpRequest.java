// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.frame;

import io.varpd.api.MacAddress;
import java.net.Inet4Address;
import java.util.Objects;

/**
 * An ARP request that {@link ProxyArp#validate} accepted: who asks, and for which address.
 *
 * @param ethernet the frame's MAC header
 * @param senderMac the requester's hardware address (ARP sha)
 * @param senderIp the requester's IPv4 address (ARP spa)
 * @param targetIp the address to resolve (ARP tpa); never equal to {@code senderIp}
 */
public record ArpRequest(EthernetHeader ethernet, MacAddress senderMac, Inet4Address senderIp, Inet4Address targetIp) {
    public ArpRequest {
        Objects.requireNonNull(ethernet, "ethernet");
        Objects.requireNonNull(senderMac, "senderMac");
        Objects.requireNonNull(senderIp, "senderIp");
        Objects.requireNonNull(targetIp, "targetIp");
    }
}
