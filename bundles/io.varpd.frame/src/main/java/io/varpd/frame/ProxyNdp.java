// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.frame;

import io.varpd.api.LookupRequest;
import io.varpd.api.MacAddress;
import java.util.Arrays;

/**
 * Proxy NDP (docs/architecture.md#proxy-arp-ndp-and-dhcp): decides whether a missed frame is an IPv6 Neighbor
 * Solicitation varpd answers, and builds the Neighbor Advertisement once the plugin resolved the target.
 *
 * <p>Only a fixed IPv6 header directly followed by ICMPv6 is understood; extension headers are not walked, so a
 * solicitation carrying any is rejected.
 */
public final class ProxyNdp {
    static final int IPV6_HEADER = 40;
    /** ICMPv6 type, code, checksum, reserved word and target. */
    static final int NS_FIXED = 24;

    static final int NS_TYPE = 135;
    static final int OPTION_SOURCE_LINK_LAYER = 1;

    private ProxyNdp() {}

    /**
     * Checks, in illumos varpd's order: the lookup's destination MAC starts with 33:33 (and its sap is IPv6);
     * {@code hdrsize + pktsize <= 1518} and {@code pktsize >= 64}; the copied frame matches the lookup (see the package
     * theory); IPv6 version 6 and next header 58; the IPv6 destination is a link-local-scope multicast address
     * ({@code ff?2::/16}, which includes the solicited-node addresses); the IPv6 payload length fits in the frame;
     * ICMPv6 type 135 and code 0; the target is not multicast, v4-mapped or loopback; the payload holds the NS fixed
     * part, and its options each have a non-zero length, lie inside the payload, and include a Source Link-Layer
     * Address.
     *
     * @param req the lookup describing the frame
     * @param frame the copied head frame
     * @param length how many bytes of {@code frame} were copied
     * @return the solicitation, or the reason it is not answered; never throws for bad frame bytes
     */
    public static Validation<NeighborSolicitation> validate(LookupRequest req, byte[] frame, int length) {
        if ((req.destination().toLong() >>> 32) != 0x3333) {
            return Validation.rejected(
                    "not IPv6 multicast: destination MAC " + req.destination() + " does not start with 33:33");
        }
        if (req.sap() != LookupRequest.ETHERTYPE_IPV6) {
            return Validation.rejected("not IPv6: sap " + Bytes.hex16(req.sap()) + ", expected 0x86dd");
        }
        if (CopiedFrame.declaredLength(req) > CopiedFrame.MAX_FRAME) {
            return Validation.rejected(
                    "frame too large: hdrsize " + req.headerSize() + " + pktsize " + req.payloadSize() + " > 1518");
        }
        if (req.payloadSize() < IPV6_HEADER + NS_FIXED) {
            return Validation.rejected("too short for a Neighbor Solicitation: pktsize " + req.payloadSize() + " < 64");
        }
        Validation<EthernetHeader> copied = CopiedFrame.check(req, frame, length);
        if (!copied.isValid()) {
            return Validation.rejected(copied.reason());
        }
        int ip6 = req.headerSize();
        int version = Bytes.u8(frame, ip6) >>> 4;
        if (version != 6) {
            return Validation.rejected("not IPv6: version " + version);
        }
        int nextHeader = Bytes.u8(frame, ip6 + 6);
        if (nextHeader != Checksums.NEXT_HEADER_ICMPV6) {
            return Validation.rejected(
                    "not ICMPv6: next header " + nextHeader + " (extension headers are not supported)");
        }
        if (!isLinkLocalMulticast(frame, ip6 + 24)) {
            return Validation.rejected(
                    "IPv6 destination " + Bytes.ipv6(frame, ip6 + 24).getHostAddress()
                            + " is not a solicited-node or link-local multicast address");
        }
        int payload = Bytes.u16(frame, ip6 + 4);
        int available = length - ip6 - IPV6_HEADER;
        if (payload > available) {
            return Validation.rejected(
                    "IPv6 payload length " + payload + " exceeds the " + available + " bytes after the IPv6 header");
        }
        int icmp = ip6 + IPV6_HEADER;
        int type = Bytes.u8(frame, icmp);
        int code = Bytes.u8(frame, icmp + 1);
        if (type != NS_TYPE || code != 0) {
            return Validation.rejected("not a Neighbor Solicitation: ICMPv6 type " + type + " code " + code
                    + ", expected type 135 code 0");
        }
        int target = icmp + 8;
        String badTarget = badTarget(frame, target);
        if (badTarget != null) {
            return Validation.rejected("NS target " + Bytes.ipv6(frame, target).getHostAddress() + " is " + badTarget);
        }
        if (payload < NS_FIXED) {
            return Validation.rejected(
                    "IPv6 payload length " + payload + " is shorter than a Neighbor Solicitation (24)");
        }
        Validation<Integer> option =
                NdpOptions.find(frame, icmp + NS_FIXED, icmp + payload, OPTION_SOURCE_LINK_LAYER, "NS");
        if (!option.isValid()) {
            return Validation.rejected(option.reason());
        }
        MacAddress sourceLinkLayer = option.value() < 0 ? null : MacAddress.of(frame, option.value() + 2);
        if (sourceLinkLayer == null) {
            // Also drops duplicate address detection probes, which come from :: without this option.
            return Validation.rejected("NS has no Source Link-Layer Address option");
        }
        return Validation.valid(new NeighborSolicitation(
                copied.value(), sourceLinkLayer, Bytes.ipv6(frame, ip6 + 8), Bytes.ipv6(frame, target)));
    }

    /**
     * The advertisement answering a solicitation that passed {@link #validate}, as a new frame of MAC header + 72
     * bytes: the request's MAC header (VLAN tag kept) with destination = the requester's MAC and source =
     * {@code resolved}; the request's IPv6 header (traffic class, flow label, hop limit kept) with destination = the
     * requester's address, source = the NS target and payload length 32; then an advertisement with flags
     * Solicited|Override for the NS target, a Target Link-Layer Address option with {@code resolved}, and its checksum.
     * {@code frame} is not modified.
     *
     * @throws IllegalArgumentException when the frame is too short to hold a MAC header, an IPv6 header and an NS (it
     *     cannot have passed {@link #validate})
     */
    public static byte[] buildAdvertisement(byte[] frame, int length, MacAddress resolved) {
        EthernetHeader eth = CopiedFrame.require(frame, length, IPV6_HEADER + NS_FIXED, "a Neighbor Solicitation");
        int ip6 = eth.length();
        byte[] na = new byte[ip6 + NeighborAdvertisement.IP_LENGTH];
        System.arraycopy(frame, 0, na, 0, ip6 + IPV6_HEADER);
        eth.source().writeTo(na, 0);
        resolved.writeTo(na, 6);
        byte[] requester = Arrays.copyOfRange(frame, ip6 + 8, ip6 + 24);
        byte[] target = Arrays.copyOfRange(frame, ip6 + IPV6_HEADER + 8, ip6 + IPV6_HEADER + 24);
        NeighborAdvertisement.write(
                na,
                ip6,
                target,
                requester,
                target,
                NeighborAdvertisement.FLAG_SOLICITED | NeighborAdvertisement.FLAG_OVERRIDE,
                resolved);
        return na;
    }

    /** ff?2::/16: scope 2 (link-local) multicast, solicited-node ff02::1:ffXX:XXXX included. */
    private static boolean isLinkLocalMulticast(byte[] b, int off) {
        return Bytes.u8(b, off) == 0xff && (b[off + 1] & 0x0f) == 2;
    }

    /** Why {@code b[off..off+16)} cannot be an NS or NA target (RFC 4861 7.1.1, 7.1.2), or null. */
    static String badTarget(byte[] b, int off) {
        if (Bytes.u8(b, off) == 0xff) {
            return "multicast";
        }
        for (int i = 0; i < 10; i++) {
            if (b[off + i] != 0) {
                return null;
            }
        }
        if (Bytes.u16(b, off + 10) == 0xffff) {
            return "v4-mapped";
        }
        boolean loopback = Bytes.u16(b, off + 10) == 0 && Bytes.u16(b, off + 12) == 0 && Bytes.u16(b, off + 14) == 1;
        return loopback ? "loopback" : null;
    }
}
