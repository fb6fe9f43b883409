// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.frame;

import io.varpd.api.LookupRequest;
import io.varpd.api.MacAddress;
import java.util.Arrays;

/**
 * Proxy ARP (docs/architecture.md#proxy-arp-ndp-and-dhcp): decides whether a missed frame is an ARP request varpd
 * answers, and turns it into the reply once the plugin resolved the target address.
 */
public final class ProxyArp {
    private ProxyArp() {}

    /**
     * Checks, in illumos varpd's order: the lookup's sap is ARP; {@code hdrsize + pktsize <= 1518}, {@code pktsize >=
     * 28}, {@code hdrsize >= 14}; the copied frame matches the lookup (see the package theory; this includes illumos
     * varpd's "declared length less than copied length"); the ARP header is Ethernet/IPv4 (htype 1, ptype 0x0800, hlen
     * 6, plen 4) with opcode 1 (request); the request is not gratuitous (sender IP == target IP).
     *
     * @param req the lookup describing the frame
     * @param frame the copied head frame
     * @param length how many bytes of {@code frame} were copied
     * @return the request, or the reason it is not answered; never throws for bad frame bytes
     */
    public static Validation<ArpRequest> validate(LookupRequest req, byte[] frame, int length) {
        if (req.sap() != LookupRequest.ETHERTYPE_ARP) {
            return Validation.rejected("not ARP: sap " + Bytes.hex16(req.sap()) + ", expected 0x0806");
        }
        long declared = CopiedFrame.declaredLength(req);
        if (declared > CopiedFrame.MAX_FRAME) {
            return Validation.rejected(
                    "frame too large: hdrsize " + req.headerSize() + " + pktsize " + req.payloadSize() + " > 1518");
        }
        if (req.payloadSize() < ArpPacket.LENGTH) {
            return Validation.rejected("too short for ARP: pktsize " + req.payloadSize() + " < 28");
        }
        if (req.headerSize() < EthernetHeader.UNTAGGED_LENGTH) {
            return Validation.rejected("MAC header too short: hdrsize " + req.headerSize() + " < 14");
        }
        Validation<EthernetHeader> copied = CopiedFrame.check(req, frame, length);
        if (!copied.isValid()) {
            return Validation.rejected(copied.reason());
        }
        int arp = req.headerSize();
        int htype = Bytes.u16(frame, arp + ArpPacket.HTYPE);
        int ptype = Bytes.u16(frame, arp + ArpPacket.PTYPE);
        int hlen = Bytes.u8(frame, arp + ArpPacket.HLEN);
        int plen = Bytes.u8(frame, arp + ArpPacket.PLEN);
        if (htype != ArpPacket.HTYPE_ETHERNET || ptype != LookupRequest.ETHERTYPE_IPV4 || hlen != 6 || plen != 4) {
            return Validation.rejected("not an Ethernet/IPv4 ARP packet: htype " + htype + ", ptype "
                    + Bytes.hex16(ptype) + ", hlen " + hlen + ", plen " + plen + " (expected 1, 0x0800, 6, 4)");
        }
        int op = Bytes.u16(frame, arp + ArpPacket.OP);
        if (op != ArpPacket.OP_REQUEST) {
            return Validation.rejected("not an ARP request: opcode " + op);
        }
        if (Bytes.equal(frame, arp + ArpPacket.SPA, frame, arp + ArpPacket.TPA, 4)) {
            // Answering would make the sender see its own address in use (duplicate address detection).
            return Validation.rejected("gratuitous ARP (sender IP == target IP "
                    + Bytes.ipv4(frame, arp + ArpPacket.TPA).getHostAddress() + ") is not answered");
        }
        return Validation.valid(new ArpRequest(
                copied.value(),
                MacAddress.of(frame, arp + ArpPacket.SHA),
                Bytes.ipv4(frame, arp + ArpPacket.SPA),
                Bytes.ipv4(frame, arp + ArpPacket.TPA)));
    }

    /**
     * The reply to a request that passed {@link #validate}, built in place on a copy of the frame: opcode 2; target
     * hardware address = the requester's; sender hardware address = {@code resolved}; sender and target IP swapped;
     * Ethernet destination = the requester's MAC, source = {@code resolved}. Everything else (VLAN tag, ethertype,
     * padding) is kept, and the reply is {@code length} bytes long. {@code frame} itself is not modified.
     *
     * @throws IllegalArgumentException when the frame is too short to hold a MAC header and an ARP packet (it cannot
     *     have passed {@link #validate})
     */
    public static byte[] buildReply(byte[] frame, int length, MacAddress resolved) {
        EthernetHeader eth = CopiedFrame.require(frame, length, ArpPacket.LENGTH, "an ARP request");
        byte[] reply = Arrays.copyOf(frame, length);
        int arp = eth.length();
        MacAddress requesterMac = MacAddress.of(frame, arp + ArpPacket.SHA);
        byte[] requesterIp = Arrays.copyOfRange(frame, arp + ArpPacket.SPA, arp + ArpPacket.SPA + 4);
        byte[] queriedIp = Arrays.copyOfRange(frame, arp + ArpPacket.TPA, arp + ArpPacket.TPA + 4);
        ArpPacket.write(reply, arp, ArpPacket.OP_REPLY, resolved, queriedIp, requesterMac, requesterIp);
        eth.source().writeTo(reply, 0);
        resolved.writeTo(reply, 6);
        return reply;
    }
}
