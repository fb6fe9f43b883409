// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.etcd.internal;

import io.varpd.api.DestinationType;
import io.varpd.api.Errno;
import io.varpd.api.LookupRequest;
import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import io.varpd.api.plugin.HostedGuest;
import io.varpd.api.plugin.LookupQuery;
import io.varpd.api.plugin.PluginOps;
import io.varpd.api.plugin.PropertyDescription;
import io.varpd.api.plugin.ProviderHandle;
import io.varpd.api.plugin.ResolveQuery;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code etcd} lookup plugin (DYNAMIC mode): answers target-cache misses, proxy ARP/NDP and DHCP redirects from a
 * copy of the overlay's keys in etcd, kept current by a watch. See the package documentation for the theory and
 * {@code docs/etcd.md} for the keys.
 *
 * <p>The answers follow the same order as the files plugin's: ARP to proxy ARP; IPv6 to a 33:33 MAC to proxy NDP; IPv4
 * broadcast to DHCP redirect when the source MAC has a DHCP proxy (else DROP); other group destinations DROP; a unicast
 * MAC its destination, or DROP when the copy has none.
 */
@Component(
        service = PluginOps.class,
        property = {PluginOps.NAME + "=" + EtcdProperties.PLUGIN_NAME, PluginOps.MODE + "=DYNAMIC"})
public final class EtcdPlugin implements PluginOps<EtcdInstance> {
    private static final long IPV6_MULTICAST_PREFIX = 0x3333L;

    @Override
    public EtcdInstance create(ProviderHandle provider, Set<DestinationType> destination) throws VarpdException {
        return new EtcdInstance(provider, EtcdProperties.checkDestination(destination, Errno.ENOTSUP));
    }

    @Override
    public void start(EtcdInstance state) throws VarpdException {
        state.start();
    }

    @Override
    public void stop(EtcdInstance state) {
        state.stop();
    }

    @Override
    public void destroy(EtcdInstance state) {
        // Core stops before destroying; stopping again is harmless and guarantees the client is closed.
        state.stop();
    }

    @Override
    public void lookup(EtcdInstance state, LookupQuery query) {
        EtcdCopy copy = state.copy();
        if (copy == null) {
            query.drop();
            return;
        }
        LookupRequest request = query.request();
        MacAddress destination = request.destination();
        int sap = request.sap();
        if (sap == LookupRequest.ETHERTYPE_ARP) {
            query.proxyArp();
        } else if (destination.isMulticast()) {
            if (sap == LookupRequest.ETHERTYPE_IPV6 && (destination.toLong() >>> 32) == IPV6_MULTICAST_PREFIX) {
                query.proxyNdp();
            } else if (sap == LookupRequest.ETHERTYPE_IPV4
                    && destination.isBroadcast()
                    && copy.dhcpProxy(request.source().toLong()) != null) {
                query.proxyDhcp();
            } else {
                query.drop();
            }
        } else {
            long mac = destination.toLong();
            long mark = copy.mark();
            TargetPoint target = copy.target(mac);
            if (target == null) {
                query.drop();
            } else {
                query.reply(target);
                // Only when some MAC changed meanwhile can this answer have overtaken its invalidation.
                if (copy.changedSince(mark)) {
                    copy.settle(mac, target);
                }
            }
        }
    }

    @Override
    public void arp(EtcdInstance state, ResolveQuery query, InetAddress target) {
        EtcdCopy copy = state.copy();
        MacAddress owner = copy == null || target == null ? null : copy.owner(TargetPoint.unmap(target));
        if (owner == null) {
            query.drop();
        } else {
            query.reply(owner);
        }
    }

    @Override
    public void dhcp(EtcdInstance state, ResolveQuery query, LookupRequest request) {
        EtcdCopy copy = state.copy();
        MacAddress proxy = copy == null || request == null
                ? null
                : copy.dhcpProxy(request.source().toLong());
        if (proxy == null) {
            query.drop();
        } else {
            query.reply(proxy);
        }
    }

    @Override
    public List<PropertyDescription> properties(EtcdInstance state) {
        return EtcdProperties.ALL;
    }

    @Override
    public Optional<Object> getProperty(EtcdInstance state, String name) throws VarpdException {
        if (!EtcdProperties.known(name)) {
            throw unknown(name);
        }
        if (EtcdProperties.PREFIX.equals(name)) {
            return Optional.of(state.get(name).orElse(EtcdProperties.DEFAULT_PREFIX));
        }
        if (EtcdProperties.LEASE_TTL.equals(name)) {
            return Optional.of(state.get(name).map(Long::parseLong).orElse(EtcdProperties.DEFAULT_LEASE_TTL));
        }
        if (EtcdProperties.PUBLISH.equals(name)) {
            return Optional.of(state.get(name).orElse("true"));
        }
        return state.get(name).map(Object.class::cast);
    }

    @Override
    public void setProperty(EtcdInstance state, String name, Object value) throws VarpdException {
        if (!EtcdProperties.known(name)) {
            throw unknown(name);
        }
        state.set(name, EtcdProperties.check(name, value));
    }

    /** The property values (paths and names; the password itself is never kept or saved). */
    @Override
    public Map<String, Object> save(EtcdInstance state) {
        return state.save();
    }

    @Override
    public EtcdInstance restore(Map<String, Object> saved, ProviderHandle provider, Set<DestinationType> destination)
            throws VarpdException {
        EtcdInstance state = new EtcdInstance(provider, EtcdProperties.checkDestination(destination, Errno.EINVAL));
        if (saved != null) {
            for (Map.Entry<String, Object> e : saved.entrySet()) {
                if (!EtcdProperties.known(e.getKey())) {
                    throw new VarpdException(
                            Errno.EINVAL,
                            "saved property '" + KeySchema.shown(e.getKey()) + "' is not one of the etcd plugin's: "
                                    + EtcdProperties.names());
                }
                state.set(e.getKey(), EtcdProperties.check(e.getKey(), e.getValue()));
            }
        }
        return state;
    }

    @Override
    public void publish(EtcdInstance state, HostedGuest guest) throws VarpdException {
        state.publish(guest);
    }

    @Override
    public void withdraw(EtcdInstance state, MacAddress mac) throws VarpdException {
        state.withdraw(mac);
    }

    @Override
    public List<HostedGuest> published(EtcdInstance state) {
        return state.published();
    }

    @Override
    public Map<String, String> describe(EtcdInstance state) {
        return state.describe();
    }

    private static VarpdException unknown(String name) {
        return new VarpdException(
                Errno.EINVAL,
                "unknown property '" + KeySchema.shown(name) + "'; the etcd plugin has " + EtcdProperties.names());
    }
}
