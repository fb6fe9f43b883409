// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.bench;

import io.varpd.api.LookupRequest;
import io.varpd.api.MacAddress;

/**
 * The guest frames the benchmarks transmit: templates built once, with the one field that changes per operation
 * (destination MAC, ARP target address) rewritten in place. The device copies a frame as it enters, so reusing the
 * template is safe.
 */
public final class Frames {
    /** The smallest Ethernet frame without FCS; shorter frames would be padded to it anyway. */
    public static final int MIN_FRAME = 60;

    private static final int ETHERTYPE = 12;
    private static final int ARP = 14;

    private Frames() {}

    /** An untagged IPv4 frame from {@code source}; the destination is set per operation. */
    public static byte[] ipv4(MacAddress source) {
        byte[] f = new byte[MIN_FRAME];
        source.writeTo(f, 6);
        put16(f, ETHERTYPE, LookupRequest.ETHERTYPE_IPV4);
        f[14] = 0x45; // version 4, IHL 5: a plausible start; nothing on the lookup path reads it
        return f;
    }

    /** Writes the 48-bit {@code mac} as the frame's destination. */
    public static void setDestination(byte[] frame, long mac) {
        for (int i = 0; i < 6; i++) {
            frame[i] = (byte) (mac >>> (40 - 8 * i));
        }
    }

    /**
     * A broadcast ARP request (Ethernet/IPv4, opcode 1) from {@code requester} at {@code requesterIp}; the target
     * address is set per operation.
     */
    public static byte[] arpRequest(MacAddress requester, int requesterIp) {
        byte[] f = new byte[MIN_FRAME];
        MacAddress.BROADCAST.writeTo(f, 0);
        requester.writeTo(f, 6);
        put16(f, ETHERTYPE, LookupRequest.ETHERTYPE_ARP);
        put16(f, ARP, 1); // htype Ethernet
        put16(f, ARP + 2, LookupRequest.ETHERTYPE_IPV4); // ptype
        f[ARP + 4] = 6;
        f[ARP + 5] = 4;
        put16(f, ARP + 6, 1); // request
        requester.writeTo(f, ARP + 8);
        put32(f, ARP + 14, requesterIp);
        return f;
    }

    /** Writes the address asked about (TPA) into an ARP request from {@link #arpRequest}. */
    public static void setArpTarget(byte[] frame, int ip) {
        put32(frame, ARP + 24, ip);
    }

    private static void put16(byte[] f, int at, int v) {
        f[at] = (byte) (v >>> 8);
        f[at + 1] = (byte) v;
    }

    private static void put32(byte[] f, int at, int v) {
        put16(f, at, v >>> 16);
        put16(f, at + 2, v);
    }
}
