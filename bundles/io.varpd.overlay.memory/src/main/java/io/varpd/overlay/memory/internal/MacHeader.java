// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.memory.internal;

import io.varpd.api.LookupRequest;
import io.varpd.api.MacAddress;
import io.varpd.frame.EthernetHeader;

/**
 * The transmit path's reading of a frame's MAC header, straight from the bytes: the same rules as
 * {@link EthernetHeader#parse} (14 bytes, or 18 after an 802.1Q TPID), without building a header object for every
 * frame. A cache hit needs only the destination; the rest is read when a lookup is made.
 */
final class MacHeader {
    private static final int ETHERTYPE = 12;

    private MacHeader() {}

    /** Whether {@code frame} starts with a MAC header {@link EthernetHeader#parse} accepts. */
    static boolean fits(byte[] frame) {
        if (frame.length < EthernetHeader.UNTAGGED_LENGTH) {
            return false;
        }
        return u16(frame, ETHERTYPE) != EthernetHeader.TPID_VLAN || frame.length >= EthernetHeader.TAGGED_LENGTH;
    }

    /** The destination MAC of a frame that {@link #fits}, as 48 bits. */
    static long destination(byte[] frame) {
        return mac(frame, 0);
    }

    /**
     * What a miss on a frame that {@link #fits} tells varpd (docs/architecture.md#devices), the values
     * {@link EthernetHeader#missRequest} gives.
     */
    static LookupRequest missRequest(long vnetid, byte[] frame) {
        int type = u16(frame, ETHERTYPE);
        boolean tagged = type == EthernetHeader.TPID_VLAN;
        int header = tagged ? EthernetHeader.TAGGED_LENGTH : EthernetHeader.UNTAGGED_LENGTH;
        int vlan = tagged ? u16(frame, ETHERTYPE + 2) & 0xfff : 0;
        int sap = tagged ? u16(frame, ETHERTYPE + 4) : type;
        return new LookupRequest(
                vnetid,
                MacAddress.of(mac(frame, 6)),
                MacAddress.of(mac(frame, 0)),
                sap,
                vlan,
                header,
                frame.length - header);
    }

    private static long mac(byte[] f, int at) {
        return ((long) u16(f, at) << 32) | ((long) u16(f, at + 2) << 16) | u16(f, at + 4);
    }

    private static int u16(byte[] f, int at) {
        return ((f[at] & 0xff) << 8) | (f[at + 1] & 0xff);
    }
}
