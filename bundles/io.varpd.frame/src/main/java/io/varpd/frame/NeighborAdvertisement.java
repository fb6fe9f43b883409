// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.frame;

import io.varpd.api.LookupRequest;
import io.varpd.api.MacAddress;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * IPv6 Neighbor Advertisements (RFC 4861 section 4.4) carrying a Target Link-Layer Address option: the one writer used
 * by {@link ProxyNdp} and by {@link #unsolicited}, for announcing an address on the bridge's own initiative.
 *
 * <p>Layout after the IPv6 header: type 136, code 0, checksum, flags byte, 3 reserved bytes, the 16-byte target, then
 * the option (type 2, length 1 unit of 8 bytes, the 6-byte MAC): 32 bytes. A frame is the MAC header plus
 * {@value #IP_LENGTH} bytes.
 */
public final class NeighborAdvertisement {
    /** The flags byte's Router bit. */
    public static final int FLAG_ROUTER = 0x80;
    /** The flags byte's Solicited bit: an answer to a solicitation. */
    public static final int FLAG_SOLICITED = 0x40;
    /** The flags byte's Override bit: replace a cached link-layer address. */
    public static final int FLAG_OVERRIDE = 0x20;
    /** The all-nodes multicast address ff02::1, destination of unsolicited advertisements. */
    public static final Inet6Address ALL_NODES = allNodes();
    /** The MAC of {@link #ALL_NODES}: 33:33:00:00:00:01. */
    public static final MacAddress ALL_NODES_MAC = MacAddress.of(0x3333_0000_0001L);
    /** The bytes from the IPv6 header on: 40 (IPv6) + 32 (ICMPv6 message with the option). */
    public static final int IP_LENGTH = 72;

    static final int ICMP_TYPE = 136;
    static final int ICMP_LENGTH = 32;
    static final int OPTION_TARGET_LINK_LAYER = 2;

    private NeighborAdvertisement() {}

    /**
     * An unsolicited advertisement that {@code mac} has {@code ip}: flags Override only (neither Solicited nor Router),
     * IPv6 source and target {@code ip}, hop limit 255 as RFC 4861 requires, traffic class and flow label 0.
     *
     * @param vlan 0 for an untagged frame, else the VLAN id 1-4094
     * @param dstMac the Ethernet destination, typically {@link #ALL_NODES_MAC}
     * @param dstIp the IPv6 destination, typically {@link #ALL_NODES}
     * @throws IllegalArgumentException when {@code vlan} is out of range
     */
    public static byte[] unsolicited(int vlan, MacAddress mac, Inet6Address ip, MacAddress dstMac, Inet6Address dstIp) {
        EthernetHeader eth = EthernetHeader.of(dstMac, mac, vlan, LookupRequest.ETHERTYPE_IPV6);
        byte[] frame = new byte[eth.length() + IP_LENGTH];
        int ip6 = eth.writeTo(frame, 0);
        frame[ip6] = 0x60; // version 6, traffic class and flow label 0
        frame[ip6 + 7] = (byte) 255;
        write(frame, ip6, ip.getAddress(), dstIp.getAddress(), ip.getAddress(), FLAG_OVERRIDE, mac);
        return frame;
    }

    /**
     * Writes the IPv6 header fields that describe an advertisement (payload length 32, next header 58, source,
     * destination) and the 32-byte ICMPv6 message with its checksum, at {@code ip6} of {@code buf}. Version, traffic
     * class, flow label and hop limit are left as the caller set them.
     */
    static void write(byte[] buf, int ip6, byte[] src, byte[] dst, byte[] target, int flags, MacAddress tlla) {
        Bytes.put16(buf, ip6 + 4, ICMP_LENGTH);
        buf[ip6 + 6] = Checksums.NEXT_HEADER_ICMPV6;
        System.arraycopy(src, 0, buf, ip6 + 8, 16);
        System.arraycopy(dst, 0, buf, ip6 + 24, 16);
        int na = ip6 + 40;
        buf[na] = (byte) ICMP_TYPE;
        buf[na + 1] = 0;
        Bytes.put16(buf, na + 2, 0);
        buf[na + 4] = (byte) flags;
        buf[na + 5] = 0;
        buf[na + 6] = 0;
        buf[na + 7] = 0;
        System.arraycopy(target, 0, buf, na + 8, 16);
        buf[na + 24] = OPTION_TARGET_LINK_LAYER;
        buf[na + 25] = 1;
        tlla.writeTo(buf, na + 26);
        Bytes.put16(buf, na + 2, Checksums.icmpv6(buf, ip6, ICMP_LENGTH));
    }

    private static Inet6Address allNodes() {
        try {
            return (Inet6Address)
                    InetAddress.getByAddress(new byte[] {(byte) 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
