// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.api.device;

import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import java.net.InetAddress;

/**
 * A question about an overlay IP address, asked by a device that sees neighbour misses rather than frames (Linux: an L3
 * miss or a neighbour app probe). Core resolves the address to a MAC with the plugin's ARP/NDP op and then that MAC to
 * its destination with the plugin's lookup, as varpd's proxy ARP and the following unicast miss would, and answers
 * exactly once.
 */
public interface AddressLookup {
    /** The overlay IP address asked about (IPv4 for ARP, IPv6 for NDP). */
    InetAddress address();

    /** The VLAN the question came from, 0 when untagged. */
    default int vlan() {
        return 0;
    }

    /**
     * The answer: the MAC that owns the address and where its frames go. The device installs the destination first
     * (FDB) and the neighbour entry second, so the first frame is not lost.
     */
    void resolved(MacAddress mac, TargetPoint target);

    /** No answer: the address is unknown, or its MAC has no destination. */
    void unresolved(String reason);
}
