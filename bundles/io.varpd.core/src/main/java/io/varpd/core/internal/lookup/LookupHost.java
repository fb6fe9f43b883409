// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal.lookup;

import io.varpd.api.LookupRequest;
import io.varpd.api.plugin.ResolveQuery;
import java.net.InetAddress;

/**
 * What a query handle needs from its instance: the plugin's ARP and DHCP ops (called only while the instance runs), the
 * counters, and notice when a handle is answered.
 */
public interface LookupHost {
    String linkName();

    LookupCounters counters();

    /** Calls the plugin's {@code arp} if the instance runs; answers DROP otherwise. */
    void resolveAddress(ResolveQuery query, InetAddress target);

    /** Calls the plugin's {@code dhcp} if the instance runs; answers DROP otherwise. */
    void resolveDhcpServer(ResolveQuery query, LookupRequest request);

    /** The handle was answered; forget it. */
    void closed(LookupHandle handle);
}
