// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.api.plugin;

import io.varpd.api.LookupRequest;
import io.varpd.api.TargetPoint;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A target-cache miss a {@link io.varpd.api.PluginMode#DYNAMIC DYNAMIC} plugin must answer (illumos varpd's
 * {@code varpd_query_handle_t} with {@code libvarpd_plugin_query_reply}).
 *
 * <p>Answer with {@link #reply(TargetPoint)} or {@link #drop()}, exactly once, or hand the query to one of core's
 * proxies, which then own the answer: {@link #proxyArp()}, {@link #proxyNdp()} and {@link #proxyDhcp()} validate the
 * frame as illumos varpd does, call the plugin's {@link PluginOps#arp} or {@link PluginOps#dhcp}, inject or resend the
 * reply frame, and drop the original.
 *
 * <p>Implemented by core only ({@code @ProviderType}): plugins and devices call it and never implement it, so a later
 * minor version may add methods to it.
 */
@ProviderType
public interface LookupQuery extends Reply {
    /** The miss being asked about. */
    LookupRequest request();

    /**
     * Answers with a destination: the device installs it and sends the queued frames.
     *
     * @return true if this was the first answer
     */
    boolean reply(TargetPoint target);

    /** Hands the query to core's proxy ARP (the frame must be an ARP request). */
    void proxyArp();

    /** Hands the query to core's proxy NDP (the frame must be an IPv6 Neighbor Solicitation). */
    void proxyNdp();

    /** Hands the query to core's DHCP redirect (the frame must be a broadcast DHCP request). */
    void proxyDhcp();
}
