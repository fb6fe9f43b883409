// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.netlink;

import io.varpd.api.MacAddress;
import java.net.InetAddress;

/**
 * The VXLAN device to create: always {@code nolearning proxy l2miss l3miss}, because varpd, not the kernel, decides
 * where MACs live, and misses are how the kernel asks.
 *
 * @param local the source address of encapsulated packets, null to let the kernel choose
 * @param underlayIndex the underlay device's ifindex, 0 for none
 * @param mtu 0 to keep the kernel's choice
 * @param master the ifindex of a bridge the device joins, 0 for none
 * @param address the device's MAC, null to let the kernel pick a random one
 */
public record VxlanSpec(
        String name,
        long vni,
        InetAddress local,
        int port,
        int underlayIndex,
        int mtu,
        int master,
        MacAddress address) {

    /** A device whose MAC the kernel picks. */
    public VxlanSpec(String name, long vni, InetAddress local, int port, int underlayIndex, int mtu, int master) {
        this(name, vni, local, port, underlayIndex, mtu, master, null);
    }
}
