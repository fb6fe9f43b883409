// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.frame;

import io.varpd.api.LookupRequest;
import io.varpd.api.MacAddress;

/**
 * The Ethernet/IPv4 ARP packet (RFC 826, 28 bytes): its layout and the one writer every ARP frame of this package goes
 * through.
 */
final class ArpPacket {
    static final int LENGTH = 28;
    static final int HTYPE_ETHERNET = 1;
    static final int OP_REQUEST = 1;
    static final int OP_REPLY = 2;

    // Offsets inside the packet.
    static final int HTYPE = 0;
    static final int PTYPE = 2;
    static final int HLEN = 4;
    static final int PLEN = 5;
    static final int OP = 6;
    static final int SHA = 8;
    static final int SPA = 14;
    static final int THA = 18;
    static final int TPA = 24;

    private ArpPacket() {}

    /** Writes a complete ARP packet at {@code off}; {@code spa} and {@code tpa} are 4 bytes each. */
    static void write(byte[] buf, int off, int op, MacAddress sha, byte[] spa, MacAddress tha, byte[] tpa) {
        Bytes.put16(buf, off + HTYPE, HTYPE_ETHERNET);
        Bytes.put16(buf, off + PTYPE, LookupRequest.ETHERTYPE_IPV4);
        buf[off + HLEN] = MacAddress.LENGTH;
        buf[off + PLEN] = 4;
        Bytes.put16(buf, off + OP, op);
        sha.writeTo(buf, off + SHA);
        System.arraycopy(spa, 0, buf, off + SPA, 4);
        tha.writeTo(buf, off + THA);
        System.arraycopy(tpa, 0, buf, off + TPA, 4);
    }

    /** A fresh frame: MAC header for {@code vlan}, then the packet; no padding (42 or 46 bytes). */
    static byte[] frame(
            int vlan,
            MacAddress ethDst,
            MacAddress ethSrc,
            int op,
            MacAddress sha,
            byte[] spa,
            MacAddress tha,
            byte[] tpa) {
        EthernetHeader eth = EthernetHeader.of(ethDst, ethSrc, vlan, LookupRequest.ETHERTYPE_ARP);
        byte[] frame = new byte[eth.length() + LENGTH];
        write(frame, eth.writeTo(frame, 0), op, sha, spa, tha, tpa);
        return frame;
    }
}
