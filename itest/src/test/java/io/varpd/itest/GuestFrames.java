// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.itest;

import io.varpd.api.MacAddress;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.nio.ByteBuffer;

/**
 * Frames a local guest sends, built byte by byte from docs/architecture.md#proxy-arp-ndp-and-dhcp (and the RFCs behind
 * them), and the checks a test needs to read replies: independent of the frame codecs in {@code io.varpd.frame} on
 * purpose, so the integration tests do not check core's frames with core's own code.
 *
 * <p>All frames are untagged Ethernet II. Offsets used by the readers are those of such frames.
 */
final class GuestFrames {
    static final int ETHERTYPE_IPV4 = 0x0800;
    static final int ETHERTYPE_ARP = 0x0806;
    static final int ETHERTYPE_IPV6 = 0x86DD;
    static final int ETHERNET_HEADER = 14;
    /** The smallest Ethernet frame without its FCS: shorter frames are padded up to it. */
    static final int MIN_FRAME = 60;
    /** struct dhcp: the 236-byte BOOTP base, the 4-byte magic cookie and 60 bytes of options. */
    static final int DHCP_LENGTH = 300;

    private GuestFrames() {}

    /** An Ethernet header: destination, source, ethertype. */
    static ByteBuffer ethernet(int length, MacAddress destination, MacAddress source, int ethertype) {
        ByteBuffer b = ByteBuffer.allocate(length);
        b.put(destination.toBytes()).put(source.toBytes()).putShort((short) ethertype);
        return b;
    }

    /** A unicast IPv4 frame of {@code length} bytes whose payload bytes count up from {@code seed}. */
    static byte[] unicast(MacAddress destination, MacAddress source, int length, int seed) {
        ByteBuffer b = ethernet(length, destination, source, ETHERTYPE_IPV4);
        for (int i = ETHERNET_HEADER; i < length; i++) {
            b.put((byte) (seed + i));
        }
        return b.array();
    }

    /**
     * A broadcast ARP request (RFC 826) "who has {@code target}? tell {@code senderIp}", padded with zeros to the
     * minimum frame size.
     */
    static byte[] arpRequest(MacAddress sender, Inet4Address senderIp, Inet4Address target) {
        ByteBuffer b = ethernet(MIN_FRAME, MacAddress.BROADCAST, sender, ETHERTYPE_ARP);
        b.putShort((short) 1) // hardware: Ethernet
                .putShort((short) ETHERTYPE_IPV4) // protocol: IPv4
                .put((byte) 6)
                .put((byte) 4) // address lengths
                .putShort((short) 1) // request
                .put(sender.toBytes())
                .put(senderIp.getAddress())
                .put(new byte[6])
                .put(target.getAddress());
        return b.array();
    }

    /** The solicited-node multicast address of {@code target} (RFC 4291 2.7.1): ff02::1:ffXX:XXXX. */
    static byte[] solicitedNode(Inet6Address target) {
        byte[] t = target.getAddress();
        byte[] a = new byte[16];
        a[0] = (byte) 0xff;
        a[1] = 0x02;
        a[11] = 0x01;
        a[12] = (byte) 0xff;
        a[13] = t[13];
        a[14] = t[14];
        a[15] = t[15];
        return a;
    }

    /**
     * An IPv6 Neighbor Solicitation (RFC 4861 4.3) for {@code target} from {@code senderIp}, sent to the target's
     * solicited-node group (MAC 33:33 + its last four bytes), with a Source Link-Layer Address option and a correct
     * ICMPv6 checksum.
     */
    static byte[] neighborSolicitation(MacAddress sender, Inet6Address senderIp, Inet6Address target) {
        byte[] group = solicitedNode(target);
        MacAddress groupMac = MacAddress.of(new byte[] {0x33, 0x33, group[12], group[13], group[14], group[15]});
        int icmpLength = 24 + 8;
        ByteBuffer b = ethernet(ETHERNET_HEADER + 40 + icmpLength, groupMac, sender, ETHERTYPE_IPV6);
        b.putInt(0x6000_0000) // version 6, traffic class 0, flow 0
                .putShort((short) icmpLength)
                .put((byte) 58) // next header: ICMPv6
                .put((byte) 255) // hop limit, as RFC 4861 requires
                .put(senderIp.getAddress())
                .put(group);
        int icmp = b.position();
        b.put((byte) 135)
                .put((byte) 0)
                .putShort((short) 0) // type NS, code 0, checksum later
                .putInt(0) // reserved
                .put(target.getAddress())
                .put((byte) 1)
                .put((byte) 1)
                .put(sender.toBytes()); // SLLA option, 1 x 8 bytes
        byte[] f = b.array();
        int sum = icmpv6Checksum(f, ETHERNET_HEADER);
        f[icmp + 2] = (byte) (sum >>> 8);
        f[icmp + 3] = (byte) sum;
        return f;
    }

    /**
     * A broadcast DHCPDISCOVER (RFC 2131) from {@code client}: IPv4 0.0.0.0 -> 255.255.255.255, UDP 68 -> 67, a
     * 300-byte BOOTP message (so 328 bytes after the Ethernet header, the minimum the redirect accepts).
     */
    static byte[] dhcpDiscover(MacAddress client, int xid) {
        int udpLength = 8 + DHCP_LENGTH;
        int ipLength = 20 + udpLength;
        ByteBuffer b = ethernet(ETHERNET_HEADER + ipLength, MacAddress.BROADCAST, client, ETHERTYPE_IPV4);
        b.put((byte) 0x45)
                .put((byte) 0) // version 4, IHL 5; TOS
                .putShort((short) ipLength)
                .putShort((short) xid)
                .putShort((short) 0) // id; no fragmentation
                .put((byte) 64)
                .put((byte) 17) // TTL; protocol UDP
                .putShort((short) 0) // header checksum later
                .put(new byte[] {0, 0, 0, 0})
                .put(new byte[] {(byte) 255, (byte) 255, (byte) 255, (byte) 255});
        b.putShort((short) 68).putShort((short) 67).putShort((short) udpLength).putShort((short) 0); // no UDP checksum
        int bootp = b.position();
        b.put((byte) 1)
                .put((byte) 1)
                .put((byte) 6)
                .put((byte) 0) // BOOTREQUEST, Ethernet, hlen 6, hops 0
                .putInt(xid)
                .putShort((short) 0)
                .putShort((short) 0x8000) // secs; broadcast flag
                .put(new byte[16]) // ciaddr, yiaddr, siaddr, giaddr
                .put(client.toBytes())
                .put(new byte[10]) // chaddr (16 bytes)
                .put(new byte[64 + 128]); // sname, file
        b.put((byte) 99).put((byte) 130).put((byte) 83).put((byte) 99); // magic cookie
        b.put((byte) 53).put((byte) 1).put((byte) 1); // DHCP message type: DISCOVER
        b.put((byte) 255); // end; the rest of the 300 bytes stays zero (pad)
        byte[] f = b.array();
        if (b.position() > bootp + DHCP_LENGTH) {
            throw new AssertionError("DHCP options overflow the 300-byte message");
        }
        int sum = onesComplement(f, ETHERNET_HEADER, 20, 0);
        f[ETHERNET_HEADER + 10] = (byte) (sum >>> 8);
        f[ETHERNET_HEADER + 11] = (byte) sum;
        return f;
    }

    // ---- reading -------------------------------------------------------------------------

    static MacAddress destination(byte[] frame) {
        return MacAddress.of(frame, 0);
    }

    static MacAddress source(byte[] frame) {
        return MacAddress.of(frame, 6);
    }

    static int u16(byte[] b, int offset) {
        return ((b[offset] & 0xff) << 8) | (b[offset + 1] & 0xff);
    }

    static byte[] slice(byte[] b, int offset, int length) {
        byte[] s = new byte[length];
        System.arraycopy(b, offset, s, 0, length);
        return s;
    }

    /**
     * The ICMPv6 checksum (RFC 4443 2.3, RFC 8200 8.1) of the IPv6 packet at {@code ip} in {@code frame}, computed over
     * the pseudo-header and the ICMPv6 message as it is (checksum field included). A correct message sums to 0; with
     * the field zeroed, this is the value to store.
     */
    static int icmpv6Checksum(byte[] frame, int ip) {
        int payload = u16(frame, ip + 4);
        int icmp = ip + 40;
        long pseudo = 0;
        for (int i = ip + 8; i < ip + 40; i += 2) { // source and destination addresses
            pseudo += u16(frame, i);
        }
        pseudo += payload; // 32-bit upper-layer length (high half is 0 here)
        pseudo += 58; // three zero bytes and the next header
        return onesComplement(frame, icmp, payload, pseudo);
    }

    /** The Internet checksum (RFC 1071) of {@code length} bytes at {@code offset}, plus {@code initial}. */
    static int onesComplement(byte[] b, int offset, int length, long initial) {
        long sum = initial;
        for (int i = 0; i < length; i += 2) {
            int hi = b[offset + i] & 0xff;
            int lo = i + 1 < length ? b[offset + i + 1] & 0xff : 0;
            sum += (hi << 8) | lo;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum & 0xffff);
    }
}
