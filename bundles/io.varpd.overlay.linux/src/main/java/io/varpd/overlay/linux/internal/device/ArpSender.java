package io.varpd.overlay.linux.internal.device;

import io.varpd.api.MacAddress;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Who an injected ARP frame says owns an address: its sender protocol and hardware addresses.
 * Plugins inject gratuitous ARPs when an address moves (svp's VL3 shootdown, the files plugin's
 * reload); on Linux the host's view of the overlay is the vxlan's neighbour table, which varpd
 * fills itself and which no frame reaches, so the device reads the frame and updates the table.
 * Ethernet II with at most one 802.1Q tag; ARP for IPv4 over Ethernet, request or reply. A sender
 * address of 0.0.0.0 (an ARP probe) claims nothing.
 *
 * @param address the sender protocol address
 * @param mac the sender hardware address
 */
record ArpSender(Inet4Address address, MacAddress mac) {
    private static final int ETHERTYPE_VLAN = 0x8100;
    private static final int ETHERTYPE_ARP = 0x0806;
    private static final int ARP_LENGTH = 28;

    /** The sender of the ARP in {@code frame}, empty when it is not one. */
    static Optional<ArpSender> of(byte[] frame) {
        int type = frame.length >= 14 ? u16(frame, 12) : -1;
        int arp = 14;
        if (type == ETHERTYPE_VLAN) {
            type = frame.length >= 18 ? u16(frame, 16) : -1;
            arp = 18;
        }
        if (type != ETHERTYPE_ARP || frame.length < arp + ARP_LENGTH) {
            return Optional.empty();
        }
        int op = u16(frame, arp + 6);
        if (u16(frame, arp) != 1 || u16(frame, arp + 2) != 0x0800 || frame[arp + 4] != 6 || frame[arp + 5] != 4
                || (op != 1 && op != 2)) {
            return Optional.empty();
        }
        byte[] spa = new byte[4];
        System.arraycopy(frame, arp + 14, spa, 0, 4);
        if ((spa[0] | spa[1] | spa[2] | spa[3]) == 0) {
            return Optional.empty();
        }
        byte[] sha = new byte[MacAddress.LENGTH];
        System.arraycopy(frame, arp + 8, sha, 0, sha.length);
        try {
            return Optional.of(new ArpSender((Inet4Address) InetAddress.getByAddress(spa), MacAddress.of(sha)));
        } catch (UnknownHostException e) {
            throw new AssertionError("4 bytes are always an address", e);
        }
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }
}
