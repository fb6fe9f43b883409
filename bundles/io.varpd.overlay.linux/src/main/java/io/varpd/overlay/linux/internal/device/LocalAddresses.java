// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.device;

import io.varpd.overlay.linux.internal.netlink.AddressMessage;
import io.varpd.overlay.linux.internal.netlink.Rtnetlink;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The IP addresses configured on any interface of one namespace, kept current from address notifications. A miss for
 * one of them is the host asking about itself (a bridge's own address seen through the vxlan proxy, a gratuitous ARP):
 * never something to look up.
 */
final class LocalAddresses {
    private final Map<InetAddress, Set<Integer>> byAddress = new ConcurrentHashMap<>();

    boolean contains(InetAddress a) {
        return byAddress.containsKey(a);
    }

    void apply(AddressMessage m) {
        if (m.address() == null) {
            return;
        }
        if (m.messageType() == Rtnetlink.RTM_NEWADDR) {
            byAddress
                    .computeIfAbsent(m.address(), a -> ConcurrentHashMap.newKeySet())
                    .add(m.index());
        } else {
            byAddress.computeIfPresent(m.address(), (a, indexes) -> {
                indexes.remove(m.index());
                return indexes.isEmpty() ? null : indexes;
            });
        }
    }

    /** Replaces everything with a fresh dump. */
    void replace(List<AddressMessage> dump) {
        byAddress.clear();
        dump.forEach(this::apply);
    }
}
