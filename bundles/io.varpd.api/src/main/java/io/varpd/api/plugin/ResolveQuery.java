package io.varpd.api.plugin;

import io.varpd.api.MacAddress;

/**
 * A question about an overlay address that the plugin answers with a MAC: an ARP or NDP target
 * (the seed's {@code varpd_arp_handle_t}) or the DHCP server for a client (the seed's
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
