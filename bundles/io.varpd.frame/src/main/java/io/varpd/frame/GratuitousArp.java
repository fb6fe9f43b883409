// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.frame;

import io.varpd.api.MacAddress;
import java.net.Inet4Address;

/**
 * Gratuitous ARP injection (docs/architecture.md#proxy-arp-ndp-and-dhcp, {@code libvarpd_inject_arp}): an ARP request
 * announcing that {@code src} has {@code ip}, so local guests refresh their neighbour entry.
 */
public final class GratuitousArp {
    private GratuitousArp() {}

    /**
     * The frame: Ethernet destination {@code dst}, source {@code src}, an 802.1Q tag with TCI = {@code vlan} (priority
     * 0, CFI 0) unless {@code vlan} is 0, ethertype 0x0806; an ARP request with sender = ({@code src}, {@code ip}),
     * target hardware address ff:ff:ff:ff:ff:ff and target IP {@code ip}. 42 bytes untagged, 46 tagged, no padding.
     *
     * @throws IllegalArgumentException when {@code vlan} is not 0-4094
     */
    public static byte[] build(int vlan, MacAddress src, Inet4Address ip, MacAddress dst) {
        byte[] spa = ip.getAddress();
        return ArpPacket.frame(vlan, dst, src, ArpPacket.OP_REQUEST, src, spa, MacAddress.BROADCAST, spa);
    }
}
