// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.frame;

import io.varpd.api.LookupRequest;
import io.varpd.api.MacAddress;
import java.util.Arrays;

/**
 * DHCP redirect (docs/architecture.md#proxy-arp-ndp-and-dhcp): decides whether a missed frame is a broadcast DHCP
 * client message, and readdresses it to the DHCP server's MAC so the overlay can send it as unicast.
 */
public final class DhcpRedirect {
    static final int IPV4_MIN_HEADER = 20;
    static final int UDP_HEADER = 8;
    /** struct dhcp: the 240-byte BOOTP base plus 60 bytes of options. */
    static final int DHCP_MIN = 300;

    static final int PROTOCOL_UDP = 17;
    static final int PORT_CLIENT = 68;
    static final int PORT_SERVER = 67;

    private DhcpRedirect() {}

    /**
     * Checks, in illumos varpd's order: the lookup's sap is IPv4 and its destination is ff:ff:ff:ff:ff:ff;
     * {@code hdrsize + pktsize <= 1518}, {@code pktsize >= 328} (IPv4 + UDP + 300-byte DHCP), {@code hdrsize >= 14};
     * the copied frame is exactly {@code hdrsize + pktsize} bytes and matches the lookup (see the package theory); IPv4
     * version 4 and protocol 17 (UDP); an IPv4 header length of at least 20 bytes whose UDP header fits in the frame;
     * UDP source port 68 and destination port 67.
     *
     * @param req the lookup describing the frame
     * @param frame the copied head frame
     * @param length how many bytes of {@code frame} were copied
     * @return the frame's MAC header, or the reason it is not redirected; never throws for bad bytes
     */
    public static Validation<EthernetHeader> validate(LookupRequest req, byte[] frame, int length) {
        if (req.sap() != LookupRequest.ETHERTYPE_IPV4) {
            return Validation.rejected("not IPv4: sap " + Bytes.hex16(req.sap()) + ", expected 0x0800");
        }
        if (!req.destination().isBroadcast()) {
            return Validation.rejected("not broadcast: destination MAC " + req.destination());
        }
        if (CopiedFrame.declaredLength(req) > CopiedFrame.MAX_FRAME) {
            return Validation.rejected(
                    "frame too large: hdrsize " + req.headerSize() + " + pktsize " + req.payloadSize() + " > 1518");
        }
        if (req.payloadSize() < IPV4_MIN_HEADER + UDP_HEADER + DHCP_MIN) {
            return Validation.rejected("too short for DHCP: pktsize " + req.payloadSize() + " < 328");
        }
        if (req.headerSize() < EthernetHeader.UNTAGGED_LENGTH) {
            return Validation.rejected("MAC header too short: hdrsize " + req.headerSize() + " < 14");
        }
        Validation<EthernetHeader> copied = CopiedFrame.check(req, frame, length);
        if (!copied.isValid()) {
            return copied;
        }
        int ip = req.headerSize();
        int version = Bytes.u8(frame, ip) >>> 4;
        int protocol = Bytes.u8(frame, ip + 9);
        if (version != 4 || protocol != PROTOCOL_UDP) {
            return Validation.rejected(
                    "not IPv4/UDP: version " + version + ", protocol " + protocol + " (expected 4, 17)");
        }
        int ipHeader = (Bytes.u8(frame, ip) & 0x0f) * 4;
        if (ipHeader < IPV4_MIN_HEADER) {
            return Validation.rejected("IPv4 header length " + ipHeader + " is less than 20");
        }
        int udp = ip + ipHeader;
        if (udp + UDP_HEADER > length) {
            return Validation.rejected("UDP header at " + udp + " does not fit in the " + length + "-byte frame");
        }
        int sport = Bytes.u16(frame, udp);
        int dport = Bytes.u16(frame, udp + 2);
        if (sport != PORT_CLIENT || dport != PORT_SERVER) {
            return Validation.rejected(
                    "not a DHCP client message: UDP ports " + sport + " -> " + dport + ", expected 68 -> 67");
        }
        return copied;
    }

    /**
     * A copy of the first {@code length} bytes of {@code frame} with only the Ethernet destination replaced by
     * {@code server}; the IP destination stays broadcast and no checksum changes.
     *
     * @throws IllegalArgumentException when {@code length} is shorter than a MAC header or outside the array
     */
    public static byte[] redirect(byte[] frame, int length, MacAddress server) {
        CopiedFrame.require(frame, length, 0, "a DHCP frame");
        byte[] copy = Arrays.copyOf(frame, length);
        server.writeTo(copy, 0);
        return copy;
    }
}
