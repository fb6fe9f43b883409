// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.frame;

import io.varpd.api.MacAddress;
import java.net.Inet4Address;

/**
 * A fresh ARP reply, for sending an answer without a request frame to rewrite (the Linux bridge answers misses that
 * carry no frame; with a broadcast destination the reply reaches every guest). {@link ProxyArp#buildReply} is the
 * in-place variant for proxied requests.
 */
public final class ArpReply {
    private ArpReply() {}

    /**
     * The frame: Ethernet destination {@code dstMac}, source {@code srcMac}, an 802.1Q tag with TCI = {@code vlan}
     * unless {@code vlan} is 0, ethertype 0x0806; an ARP reply (opcode 2) with sender = ({@code srcMac}, {@code srcIp})
     * and target = ({@code dstMac}, {@code dstIp}). 42 bytes untagged, 46 tagged, no padding.
     *
     * @param srcMac the resolved MAC, announced as the owner of {@code srcIp}
     * @param dstMac the asker's MAC, or ff:ff:ff:ff:ff:ff for everyone
     * @throws IllegalArgumentException when {@code vlan} is not 0-4094
     */
    public static byte[] build(int vlan, MacAddress srcMac, Inet4Address srcIp, MacAddress dstMac, Inet4Address dstIp) {
        return ArpPacket.frame(
                vlan, dstMac, srcMac, ArpPacket.OP_REPLY, srcMac, srcIp.getAddress(), dstMac, dstIp.getAddress());
    }
}
