package io.varpd.overlay.memory.internal;

import io.varpd.api.LookupRequest;
import io.varpd.api.MacAddress;

/**
 * The MAC header of a frame as the overlay driver reads it ({@code mac_vlan_header_info}).
 *
 * @param destination the destination MAC, the target-cache key
 * @param source the source MAC
 * @param sap the ethertype after any 802.1Q tag
 * @param vlan the VLAN id of the tag, 0 when untagged
 * @param size 14 untagged, 18 tagged
 */
record EthernetHeader(MacAddress destination, MacAddress source, int sap, int vlan, int size) {
    static final int UNTAGGED_SIZE = 14;
    static final int TAGGED_SIZE = 18;

    /** The header of {@code frame}, or null when the frame is too short to have one. */
    static EthernetHeader parse(byte[] frame) {
        if (frame.length < UNTAGGED_SIZE) {
            return null;
        }
        int type = u16(frame, 12);
        if (type != LookupRequest.ETHERTYPE_VLAN) {
            return new EthernetHeader(MacAddress.of(frame, 0), MacAddress.of(frame, 6), type, 0, UNTAGGED_SIZE);
        }
        if (frame.length < TAGGED_SIZE) {
            return null;
        }
        return new EthernetHeader(MacAddress.of(frame, 0), MacAddress.of(frame, 6), u16(frame, 16),
                u16(frame, 14) & 0x0fff, TAGGED_SIZE);
    }

    /** The miss a frame of {@code frameLength} bytes with this header causes on {@code vnetid}. */
    LookupRequest request(long vnetid, int frameLength) {
        return new LookupRequest(vnetid, source, destination, sap, vlan, size, frameLength - size);
    }

    private static int u16(byte[] b, int offset) {
        return ((b[offset] & 0xff) << 8) | (b[offset + 1] & 0xff);
    }
}
