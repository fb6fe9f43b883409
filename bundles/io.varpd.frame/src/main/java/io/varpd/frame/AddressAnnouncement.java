// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.frame;

import io.varpd.api.LookupRequest;
import io.varpd.api.MacAddress;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * Who an announcement frame says owns an address: what a receiving host would put in its neighbour table. Plugins
 * inject such frames when an address moves (svp's VL3 shootdown, the files plugin's reload); a device whose host-side
 * table no frame reaches (the Linux vxlan) reads them with {@link #parse} and updates the table itself.
 *
 * <p>Ethernet II with at most one 802.1Q tag, then either ARP for IPv4 over Ethernet, request or reply (the sender's
 * addresses; a sender of 0.0.0.0, an ARP probe, claims nothing), or an IPv6 Neighbor Advertisement as RFC 4861 section
 * 7.1.2 has a receiver check it (hop limit 255, ICMPv6 code 0, a target that is not multicast, v4-mapped or loopback,
 * well-formed options) that carries the Override flag and a Target Link-Layer Address option (the target and that
 * option's MAC): without Override a receiver would not move an entry it has, and without the option the frame names no
 * MAC.
 *
 * @param address the claimed address
 * @param mac the MAC that claims it
 */
public record AddressAnnouncement(InetAddress address, MacAddress mac) {
    /** An advertisement's fixed part (type to target) has the size of a solicitation's. */
    private static final int NA_FIXED = ProxyNdp.NS_FIXED;

    public AddressAnnouncement {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(mac, "mac");
    }

    /** The announcement in {@code frame}, empty when it is none or claims nothing; never throws for bad bytes. */
    public static Optional<AddressAnnouncement> parse(byte[] frame) {
        Validation<EthernetHeader> eth = EthernetHeader.parse(frame, frame.length);
        if (!eth.isValid()) {
            return Optional.empty();
        }
        int payload = eth.value().length();
        return switch (eth.value().ethertype()) {
            case LookupRequest.ETHERTYPE_ARP -> arp(frame, payload);
            case LookupRequest.ETHERTYPE_IPV6 -> advertisement(frame, payload);
            default -> Optional.empty();
        };
    }

    private static Optional<AddressAnnouncement> arp(byte[] frame, int arp) {
        if (frame.length < arp + ArpPacket.LENGTH) {
            return Optional.empty();
        }
        int op = Bytes.u16(frame, arp + ArpPacket.OP);
        if (Bytes.u16(frame, arp + ArpPacket.HTYPE) != ArpPacket.HTYPE_ETHERNET
                || Bytes.u16(frame, arp + ArpPacket.PTYPE) != LookupRequest.ETHERTYPE_IPV4
                || Bytes.u8(frame, arp + ArpPacket.HLEN) != 6
                || Bytes.u8(frame, arp + ArpPacket.PLEN) != 4
                || (op != ArpPacket.OP_REQUEST && op != ArpPacket.OP_REPLY)) {
            return Optional.empty();
        }
        int spa = arp + ArpPacket.SPA;
        if ((frame[spa] | frame[spa + 1] | frame[spa + 2] | frame[spa + 3]) == 0) {
            return Optional.empty();
        }
        return Optional.of(new AddressAnnouncement(Bytes.ipv4(frame, spa), MacAddress.of(frame, arp + ArpPacket.SHA)));
    }

    private static Optional<AddressAnnouncement> advertisement(byte[] frame, int ip6) {
        int icmp = ip6 + ProxyNdp.IPV6_HEADER;
        if (frame.length < icmp + NA_FIXED || Bytes.u8(frame, ip6) >>> 4 != 6) {
            return Optional.empty();
        }
        int end = icmp + Bytes.u16(frame, ip6 + 4);
        if (end > frame.length
                || end < icmp + NA_FIXED
                || Bytes.u8(frame, ip6 + 6) != Checksums.NEXT_HEADER_ICMPV6
                || Bytes.u8(frame, ip6 + 7) != 255
                || Bytes.u8(frame, icmp) != NeighborAdvertisement.ICMP_TYPE
                || Bytes.u8(frame, icmp + 1) != 0
                || (Bytes.u8(frame, icmp + 4) & NeighborAdvertisement.FLAG_OVERRIDE) == 0
                || ProxyNdp.badTarget(frame, icmp + 8) != null) {
            return Optional.empty();
        }
        Validation<Integer> option =
                NdpOptions.find(frame, icmp + NA_FIXED, end, NeighborAdvertisement.OPTION_TARGET_LINK_LAYER, "NA");
        if (!option.isValid() || option.value() < 0 || Bytes.u8(frame, option.value() + 1) != 1) {
            return Optional.empty();
        }
        return Optional.of(
                new AddressAnnouncement(Bytes.ipv6(frame, icmp + 8), MacAddress.of(frame, option.value() + 2)));
    }
}
