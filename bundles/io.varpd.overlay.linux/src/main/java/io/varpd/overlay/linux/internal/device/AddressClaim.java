package io.varpd.overlay.linux.internal.device;

import io.varpd.api.MacAddress;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Who an injected announcement says owns an address. Plugins inject a gratuitous ARP (IPv4) or an
 * unsolicited neighbour advertisement (IPv6) when an address moves (svp's VL3 shootdown, the files
 * plugin's reload); on Linux the host's view of the overlay is the vxlan's neighbour table, which
 * varpd fills itself and which no frame reaches, so the device reads the frame and updates the
 * table as a guest receiving it would.
 *
 * <p>Ethernet II with at most one 802.1Q tag, then either ARP for IPv4 over Ethernet (request or
 * reply; the sender's addresses; a sender of 0.0.0.0, an ARP probe, claims nothing), or an IPv6
 * Neighbor Advertisement as RFC 4861 section 7.1.2 has a receiver check it (hop limit 255, ICMPv6
 * code 0, a target that is not multicast) that carries the Override flag and a Target Link-Layer
 * Address option (the target and that option's MAC): without Override a receiver would not move an
 * entry it has, and without the option the frame names no MAC.
 *
 * @param address the claimed address
 * @param mac the MAC that claims it
 */
record AddressClaim(InetAddress address, MacAddress mac) {
    private static final int ETHERTYPE_VLAN = 0x8100;
    private static final int ETHERTYPE_ARP = 0x0806;
    private static final int ETHERTYPE_IPV6 = 0x86dd;
    private static final int ARP_LENGTH = 28;
    private static final int IPV6_HEADER = 40;
    private static final int NEXT_HEADER_ICMPV6 = 58;
    private static final int ICMPV6_NEIGHBOR_ADVERTISEMENT = 136;
    private static final int NA_FIXED = 24;
    private static final int FLAG_OVERRIDE = 0x20;
    private static final int OPTION_TARGET_LINK_LAYER = 2;

    /** The claim of the ARP or advertisement in {@code frame}, empty when it is neither or claims nothing. */
    static Optional<AddressClaim> of(byte[] frame) {
        int type = frame.length >= 14 ? u16(frame, 12) : -1;
        int payload = 14;
        if (type == ETHERTYPE_VLAN) {
            type = frame.length >= 18 ? u16(frame, 16) : -1;
            payload = 18;
        }
        if (type == ETHERTYPE_ARP) {
            return arp(frame, payload);
        }
        if (type == ETHERTYPE_IPV6) {
            return advertisement(frame, payload);
        }
        return Optional.empty();
    }

    private static Optional<AddressClaim> arp(byte[] frame, int arp) {
        if (frame.length < arp + ARP_LENGTH) {
            return Optional.empty();
        }
        int op = u16(frame, arp + 6);
        if (u16(frame, arp) != 1 || u16(frame, arp + 2) != 0x0800 || frame[arp + 4] != 6 || frame[arp + 5] != 4
                || (op != 1 && op != 2)) {
            return Optional.empty();
        }
        if ((frame[arp + 14] | frame[arp + 15] | frame[arp + 16] | frame[arp + 17]) == 0) {
            return Optional.empty();
        }
        return Optional.of(new AddressClaim(address(frame, arp + 14, 4), MacAddress.of(frame, arp + 8)));
    }

    private static Optional<AddressClaim> advertisement(byte[] frame, int ip6) {
        if (frame.length < ip6 + IPV6_HEADER + NA_FIXED || (frame[ip6] & 0xf0) != 0x60) {
            return Optional.empty();
        }
        int end = ip6 + IPV6_HEADER + u16(frame, ip6 + 4);
        int na = ip6 + IPV6_HEADER;
        if (end > frame.length || end < na + NA_FIXED || (frame[ip6 + 6] & 0xff) != NEXT_HEADER_ICMPV6
                || (frame[ip6 + 7] & 0xff) != 255 || (frame[na] & 0xff) != ICMPV6_NEIGHBOR_ADVERTISEMENT
                || frame[na + 1] != 0 || (frame[na + 4] & FLAG_OVERRIDE) == 0 || (frame[na + 8] & 0xff) == 0xff) {
            return Optional.empty();
        }
        for (int option = na + NA_FIXED; option + 2 <= end; ) {
            int units = frame[option + 1] & 0xff;
            if (units == 0 || option + units * 8 > end) {
                return Optional.empty(); // RFC 4861: a zero-length option makes the message invalid
            }
            if (frame[option] == OPTION_TARGET_LINK_LAYER && units == 1) {
                return Optional.of(new AddressClaim(address(frame, na + 8, 16), MacAddress.of(frame, option + 2)));
            }
            option += units * 8;
        }
        return Optional.empty();
    }

    private static InetAddress address(byte[] frame, int at, int length) {
        byte[] b = new byte[length];
        System.arraycopy(frame, at, b, 0, length);
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new AssertionError("4 or 16 bytes are always an address", e);
        }
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }
}
