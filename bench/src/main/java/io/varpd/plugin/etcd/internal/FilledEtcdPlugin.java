// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.etcd.internal;

import io.varpd.api.DestinationType;
import io.varpd.api.LookupRequest;
import io.varpd.api.VarpdException;
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

/**
 * The etcd plugin for the lookup benchmarks: exactly {@link EtcdPlugin}, except that {@code start} returns only once
 * the copy holds {@code macs} MACs (the plugin's own start waits at most 5 s), so that every measured lookup is
 * answered from a full copy.
 */
public final class FilledEtcdPlugin implements PluginOps<EtcdInstance> {
    private final EtcdPlugin plugin = new EtcdPlugin();
    private final int macs;

    public FilledEtcdPlugin(int macs) {
        this.macs = macs;
    }

    @Override
    public EtcdInstance create(ProviderHandle provider, Set<DestinationType> destination) throws VarpdException {
        return plugin.create(provider, destination);
    }

    @Override
    public void start(EtcdInstance state) throws VarpdException {
        plugin.start(state);
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (state.copy().size() < macs) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "the copy holds " + state.copy().size() + " of " + macs + " MACs after 120 s");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public void stop(EtcdInstance state) {
        plugin.stop(state);
    }

    @Override
    public void destroy(EtcdInstance state) {
        plugin.destroy(state);
    }

    @Override
    public void lookup(EtcdInstance state, LookupQuery query) {
        plugin.lookup(state, query);
    }

    @Override
    public void lookupAll(EtcdInstance state, List<? extends LookupQuery> queries) {
        plugin.lookupAll(state, queries);
    }

    @Override
    public void arp(EtcdInstance state, ResolveQuery query, InetAddress target) {
        plugin.arp(state, query, target);
    }

    @Override
    public void dhcp(EtcdInstance state, ResolveQuery query, LookupRequest request) {
        plugin.dhcp(state, query, request);
    }

    @Override
    public List<PropertyDescription> properties(EtcdInstance state) {
        return plugin.properties(state);
    }

    @Override
    public Optional<Object> getProperty(EtcdInstance state, String name) throws VarpdException {
        return plugin.getProperty(state, name);
    }

    @Override
    public void setProperty(EtcdInstance state, String name, Object value) throws VarpdException {
        plugin.setProperty(state, name, value);
    }

    @Override
    public Map<String, Object> save(EtcdInstance state) {
        return plugin.save(state);
    }

    @Override
    public EtcdInstance restore(Map<String, Object> saved, ProviderHandle provider, Set<DestinationType> destination)
            throws VarpdException {
        return plugin.restore(saved, provider, destination);
    }
}
