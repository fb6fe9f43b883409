// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal.admin;

import io.varpd.api.Errno;
import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import io.varpd.api.plugin.LookupQuery;
import io.varpd.api.plugin.ProviderHandle;
import io.varpd.api.plugin.ResolveQuery;
import java.net.InetAddress;

/**
 * A DYNAMIC plugin that answers as svp does: its ARP answer first installs the MAC's destination through
 * {@code injectTarget}, then names the MAC. Either answer can be made a failure
 * ({@link io.varpd.api.plugin.Reply#fail}) as when the mapping server is unreachable.
 */
final class InjectingPlugin extends StatelessPlugin {
    volatile MacAddress arpMac;
    volatile TargetPoint target;
    volatile Errno failArp;
    volatile Errno failLookup;
    volatile String reason = "svp server 192.0.2.9:1296 is unreachable: Connection refused";

    @Override
    public void lookup(ProviderHandle state, LookupQuery query) {
        if (failLookup != null) {
            query.fail(failLookup, reason);
        } else if (target != null && query.request().destination().equals(arpMac)) {
            query.reply(target);
        } else {
            query.drop();
        }
    }

    @Override
    public void arp(ProviderHandle state, ResolveQuery query, InetAddress ip) {
        if (failArp != null) {
            query.fail(failArp, reason);
            return;
        }
        if (arpMac == null) {
            query.drop();
            return;
        }
        if (target != null) {
            state.injectTarget(arpMac, target);
        }
        query.reply(arpMac);
    }
}
