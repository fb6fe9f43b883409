// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.api;

import java.util.Objects;

/**
 * What a target-cache miss tells varpd about the frame that caused it (the kernel's {@code overlay_targ_lookup_t}). All
 * fields describe the head frame of the entry's queue.
 *
 * @param vnetid the virtual network id of the device
 * @param source the source MAC
 * @param destination the destination MAC, the cache key
 * @param sap the ethertype after any VLAN tag (0x0800, 0x0806, 0x86DD, ...)
 * @param vlan the VLAN id from the 802.1Q tag, 0 when untagged
 * @param headerSize the MAC header length (14 untagged, 18 tagged)
 * @param payloadSize the frame length minus the MAC header
 */
public record LookupRequest(
        long vnetid, MacAddress source, MacAddress destination, int sap, int vlan, int headerSize, int payloadSize) {

    public static final int ETHERTYPE_IPV4 = 0x0800;
    public static final int ETHERTYPE_ARP = 0x0806;
    public static final int ETHERTYPE_IPV6 = 0x86DD;
    public static final int ETHERTYPE_VLAN = 0x8100;

    public LookupRequest {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
    }

    /** The destination address type (unicast, multicast, broadcast). */
    public MacAddressType destinationType() {
        return destination.type();
    }
}
