// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.shell.internal;

import io.varpd.api.Errno;
import io.varpd.api.MacAddress;
import io.varpd.api.VarpdException;
import io.varpd.api.admin.InstanceInfo;
import io.varpd.api.admin.InstanceState;
import io.varpd.api.admin.LookupResult;
import io.varpd.api.admin.OverlaySpec;
import io.varpd.api.admin.PluginInfo;
import io.varpd.api.admin.PropertyView;
import io.varpd.api.admin.StrayDevice;
import io.varpd.api.admin.VarpdAdmin;
import io.varpd.api.device.CacheEntry;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A hand-written {@link VarpdAdmin} for the command tests: holds canned instances, properties,
 * target tables, plugins and lookup answers, records every mutating call and every lookup, and
 * throws a configured exception when asked to.
 */
final class FakeVarpdAdmin implements VarpdAdmin {
    final Map<String, InstanceInfo> instances = new TreeMap<>();
    final Map<String, List<PropertyView>> properties = new HashMap<>();
    final Map<String, List<CacheEntry>> targets = new HashMap<>();
    /** What {@link #pluginState} answers per link; an unscripted link has an empty description. */
    final Map<String, Map<String, String>> pluginStates = new HashMap<>();
    final List<PluginInfo> plugins = new ArrayList<>();
    /** What {@link #lookup} answers per MAC; an unscripted MAC is dropped, as core reports it. */
    final Map<MacAddress, LookupResult> lookups = new HashMap<>();
    /** What {@link #resolve} answers per address; an unscripted address is unresolved. */
    final Map<InetAddress, LookupResult> resolutions = new HashMap<>();
    /** Thrown by the next call of the named method, if set. */
    final Map<String, VarpdException> failures = new HashMap<>();
    /** Mutating calls, as readable strings. */
    final List<String> calls = new ArrayList<>();
    final List<OverlaySpec> created = new ArrayList<>();
    final List<StrayDevice> stray = new ArrayList<>();
    /** What {@link #create} returns; by default an ACTIVE instance. */
    InstanceState createdState = InstanceState.ACTIVE;
    String createdDetail = "";

    static InstanceInfo info(String link, String plugin, InstanceState state, boolean degraded, String detail) {
        return new InstanceInfo(1, link, plugin, 42, "memory", state, degraded, detail,
                "io.varpd.overlay." + plugin + "~" + link, Map.of());
    }

    private void maybeFail(String method) throws VarpdException {
        VarpdException e = failures.remove(method);
        if (e != null) {
            throw e;
        }
    }

    private InstanceInfo known(String link) throws VarpdException {
        InstanceInfo i = instances.get(link);
        if (i == null) {
            throw new VarpdException(Errno.ENOENT, "no overlay named '" + link + "'");
        }
        return i;
    }

    @Override
    public List<InstanceInfo> instances() {
        return List.copyOf(instances.values());
    }

    @Override
    public Optional<InstanceInfo> instance(String link) {
        return Optional.ofNullable(instances.get(link));
    }

    @Override
    public List<PluginInfo> plugins() {
        return List.copyOf(plugins);
    }

    @Override
    public List<PropertyView> properties(String link) throws VarpdException {
        maybeFail("properties");
        known(link);
        return properties.getOrDefault(link, List.of());
    }

    @Override
    public Map<String, String> pluginState(String link) throws VarpdException {
        maybeFail("pluginState");
        known(link);
        return pluginStates.getOrDefault(link, Map.of());
    }

    @Override
    public InstanceInfo create(OverlaySpec spec) throws VarpdException {
        created.add(spec);
        maybeFail("create");
        return info(spec.link(), spec.plugin(), createdState, false, createdDetail);
    }

    @Override
    public InstanceInfo modify(String link, Map<String, String> props) throws VarpdException {
        calls.add("modify " + link + " " + props);
        maybeFail("modify");
        return known(link);
    }

    @Override
    public void delete(String link) throws VarpdException {
        calls.add("delete " + link);
        maybeFail("delete");
        known(link);
    }

    @Override
    public List<CacheEntry> targets(String link) throws VarpdException {
        maybeFail("targets");
        if (known(link).state() != InstanceState.ACTIVE) {
            throw new VarpdException(Errno.ENXIO, link + " is not active");
        }
        return targets.getOrDefault(link, List.of());
    }

    @Override
    public void removeTarget(String link, MacAddress mac) throws VarpdException {
        calls.add("removeTarget " + link + " " + mac);
        maybeFail("removeTarget");
        known(link);
    }

    @Override
    public void flushTargets(String link) throws VarpdException {
        calls.add("flushTargets " + link);
        maybeFail("flushTargets");
        known(link);
    }

    @Override
    public void setTarget(String link, MacAddress mac, String value) throws VarpdException {
        calls.add("setTarget " + link + " " + mac + " " + value);
        maybeFail("setTarget");
        known(link);
    }

    @Override
    public LookupResult lookup(String link, MacAddress destination) throws VarpdException {
        calls.add("lookup " + link + " " + destination);
        maybeFail("lookup");
        active(link);
        return lookups.getOrDefault(destination, new LookupResult(false, destination, null, destination + ": DROP"));
    }

    @Override
    public LookupResult resolve(String link, InetAddress address) throws VarpdException {
        calls.add("resolve " + link + " " + address.getHostAddress());
        maybeFail("resolve");
        active(link);
        return resolutions.getOrDefault(address, new LookupResult(false, null, null,
                "no MAC is known for " + address.getHostAddress()));
    }

    @Override
    public List<StrayDevice> strayDevices() {
        return List.copyOf(stray);
    }

    /** Lookups need a live instance: ENXIO otherwise, as core says. */
    private void active(String link) throws VarpdException {
        if (known(link).state() != InstanceState.ACTIVE) {
            throw new VarpdException(Errno.ENXIO, "overlay " + link + " is not active");
        }
    }

    /** What this host publishes, per link, in MAC order (publish replaces, withdraw removes). */
    final Map<String, Map<MacAddress, io.varpd.api.plugin.HostedGuest>> published = new HashMap<>();

    @Override
    public io.varpd.api.plugin.HostedGuest publish(String link, MacAddress mac, java.util.Set<InetAddress> addresses,
            Optional<io.varpd.api.TargetPoint> at) throws VarpdException {
        maybeFail("publish");
        known(link);
        calls.add("publish " + link + " " + mac + " " + at.map(Object::toString).orElse("local"));
        io.varpd.api.plugin.HostedGuest g = new io.varpd.api.plugin.HostedGuest(mac,
                at.orElse(io.varpd.api.TargetPoint.of(InetAddress.getLoopbackAddress(), 4789)), addresses);
        published.computeIfAbsent(link, l -> new TreeMap<>()).put(mac, g);
        return g;
    }

    @Override
    public void withdraw(String link, MacAddress mac) throws VarpdException {
        maybeFail("withdraw");
        known(link);
        calls.add("withdraw " + link + " " + mac);
        if (published.getOrDefault(link, Map.of()).remove(mac) == null) {
            throw new VarpdException(Errno.ENOENT, mac + " is not published by this host");
        }
    }

    @Override
    public List<io.varpd.api.plugin.HostedGuest> published(String link) throws VarpdException {
        maybeFail("published");
        known(link);
        return List.copyOf(published.getOrDefault(link, Map.of()).values());
    }
}
