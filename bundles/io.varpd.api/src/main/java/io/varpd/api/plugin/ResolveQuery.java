// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.api.plugin;

import io.varpd.api.MacAddress;

/**
 * A question about an overlay address that the plugin answers with a MAC: an ARP or NDP target
 * (illumos varpd's {@code varpd_arp_handle_t}) or the DHCP server for a client (illumos varpd's
 * {@code varpd_dhcp_handle_t}). Answer exactly once with {@link #reply(MacAddress)} or
 * {@link #drop()}, from any thread.
 */
public interface ResolveQuery extends Reply {
    /**
     * Answers with the MAC address.
     *
     * @return true if this was the first answer
     */
    boolean reply(MacAddress mac);
}
