// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.api.plugin;

import io.varpd.api.MacAddress;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A question about an overlay address that the plugin answers with a MAC: an ARP or NDP target (illumos varpd's
 * {@code varpd_arp_handle_t}) or the DHCP server for a client (illumos varpd's {@code varpd_dhcp_handle_t}). Answer
 * exactly once with {@link #reply(MacAddress)} or {@link #drop()}, from any thread.
 *
 * <p>Implemented by core only ({@code @ProviderType}): plugins and devices call it and never implement it, so a later
 * minor version may add methods to it.
 */
@ProviderType
public interface ResolveQuery extends Reply {
    /**
     * Answers with the MAC address.
     *
     * @return true if this was the first answer
     */
    boolean reply(MacAddress mac);
}
