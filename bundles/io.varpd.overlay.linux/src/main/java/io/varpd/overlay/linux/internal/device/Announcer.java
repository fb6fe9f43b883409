// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.device;

import io.varpd.api.MacAddress;
import io.varpd.frame.ArpReply;
import io.varpd.frame.NeighborAdvertisement;
import io.varpd.overlay.linux.internal.socket.KernelException;
import io.varpd.overlay.linux.internal.socket.PacketSender;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Tells the guests behind a bridge that an address was resolved, so the one whose ARP/NS caused the miss need not wait
 * for its next retransmit (1 s): a broadcast ARP reply for IPv4, an unsolicited Neighbor Advertisement to all nodes for
 * IPv6. Linux accepts either for an entry it has INCOMPLETE and flushes the queued packets. The vxlan port drops both
 * (its proxy swallows every non-request ARP), so nothing leaks onto the underlay.
 */
final class Announcer {
    private final PacketSender sender;
    private final int bridgeIndex;

    Announcer(PacketSender sender, int bridgeIndex) {
        this.sender = sender;
        this.bridgeIndex = bridgeIndex;
    }

    void announce(InetAddress ip, MacAddress mac) throws KernelException {
        byte[] frame;
        if (ip instanceof Inet4Address) {
            Inet4Address v4 = (Inet4Address) ip;
            frame = ArpReply.build(0, mac, v4, MacAddress.BROADCAST, v4);
        } else {
            frame = NeighborAdvertisement.unsolicited(
                    0, mac, (Inet6Address) ip, NeighborAdvertisement.ALL_NODES_MAC, NeighborAdvertisement.ALL_NODES);
        }
        sender.send(bridgeIndex, frame);
    }

    int bridgeIndex() {
        return bridgeIndex;
    }

    /** Delivers a whole frame into the bridge. */
    void deliver(byte[] frame) throws KernelException {
        sender.send(bridgeIndex, frame);
    }
}
