// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.api;

/**
 * What an encapsulation needs to know to send a frame (the kernel's {@code OVERLAY_PLUGIN_D_*} bits). A device declares
 * the set it needs; a plugin accepts or refuses that set at create time. VXLAN needs {@code IP} and {@code PORT}.
 */
public enum DestinationType {
    /** A destination MAC address. */
    ETHERNET,
    /** An underlay IP address. */
    IP,
    /** An underlay L4 port. */
    PORT
}
