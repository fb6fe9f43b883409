// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.http.internal;

import io.varpd.api.Errno;
import io.varpd.api.MacAddress;
import io.varpd.api.PluginMode;
import io.varpd.api.VarpdException;
import io.varpd.api.admin.InstanceInfo;
import io.varpd.api.admin.InstanceState;
import io.varpd.api.admin.LookupResult;
import io.varpd.api.admin.OverlaySpec;
import io.varpd.api.admin.PluginInfo;
import io.varpd.api.admin.StrayDevice;
import io.varpd.api.admin.PropertyView;
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
 * An in-memory VarpdAdmin that records what it was asked and can be told to fail the next
 * call with a given VarpdException. It checks nothing itself beyond existence of links, as the
 * tests are about the HTTP layer.
 */
final class FakeVarpdAdmin implements VarpdAdmin {
    final Map<String, InstanceInfo> instances = new TreeMap<>();
    final Map<String, List<PropertyView>> properties = new HashMap<>();
    final Map<String, List<CacheEntry>> targets = new HashMap<>();
    /** What {@link #pluginState} answers per link; an unscripted link has an empty description. */
    final Map<String, Map<String, String>> pluginStates = new HashMap<>();
    /** What {@link #pluginState} throws per link instead, as core does for an inactive overlay. */
    final Map<String, VarpdException> pluginStateFailures = new HashMap<>();
    final List<PluginInfo> plugins = new ArrayList<>();
    final List<StrayDevice> stray = new ArrayList<>();
    final List<String> calls = new ArrayList<>();
    /** What {@link #lookup} answers per MAC; an unscripted MAC is dropped, as core reports it. */
    final Map<MacAddress, LookupResult> lookups = new HashMap<>();
    /** What {@link #resolve} answers per address; an unscripted address is unresolved. */
    final Map<InetAddress, LookupResult> resolutions = new HashMap<>();
    OverlaySpec lastSpec;
    Map<String, String> lastModification;
    String lastTargetValue;
    MacAddress lastMac;
    VarpdException failNext;
    RuntimeException bugNext;

    FakeVarpdAdmin withInstance(String link, InstanceState state, boolean degraded, String detail) {
        instances.put(link, new InstanceInfo(7, link, "direct", 42, "memory", state, degraded, detail,
                "io.varpd.overlay.direct~" + link, Map.of("lookups", 3L, "drop", 1L)));
        return this;
    }

    FakeVarpdAdmin withPlugin(String name, PluginMode mode) {
        plugins.add(new PluginInfo(name, mode, "io.varpd.plugin." + name + " 1.0.0", true, ""));
        return this;
    }

    private void maybeFail(String call) throws VarpdException {
        calls.add(call);
        if (bugNext != null) {
            RuntimeException b = bugNext;
            bugNext = null;
            throw b;
        }
        if (failNext != null) {
            VarpdException f = failNext;
            failNext = null;
            throw f;
        }
    }

    private void mustExist(String link) throws VarpdException {
        if (!instances.containsKey(link)) {
            throw new VarpdException(Errno.ENOENT, "no overlay named '" + link + "'");
        }
    }

    @Override
    public List<InstanceInfo> instances() {
        calls.add("instances");
        return List.copyOf(instances.values());
    }

    @Override
    public Optional<InstanceInfo> instance(String link) {
        calls.add("instance " + link);
        return Optional.ofNullable(instances.get(link));
    }

    @Override
    public List<StrayDevice> strayDevices() {
        calls.add("strayDevices");
        return List.copyOf(stray);
    }

    @Override
    public List<PluginInfo> plugins() {
        calls.add("plugins");
        return List.copyOf(plugins);
    }

    @Override
    public List<PropertyView> properties(String link) throws VarpdException {
        maybeFail("properties " + link);
        mustExist(link);
        return properties.getOrDefault(link, List.of());
    }

    @Override
    public Map<String, String> pluginState(String link) throws VarpdException {
        maybeFail("pluginState " + link);
        mustExist(link);
        VarpdException refused = pluginStateFailures.get(link);
        if (refused != null) {
            throw refused;
        }
        return pluginStates.getOrDefault(link, Map.of());
    }

    @Override
    public InstanceInfo create(OverlaySpec spec) throws VarpdException {
        maybeFail("create " + spec.link());
        lastSpec = spec;
        if (instances.containsKey(spec.link())) {
            throw new VarpdException(Errno.EEXIST, "overlay '" + spec.link() + "' already exists");
        }
        InstanceInfo i = new InstanceInfo(1, spec.link(), spec.plugin(), spec.vnetid(), "memory",
                InstanceState.ACTIVE, false, "", "io.varpd.overlay." + spec.plugin() + "~" + spec.link(), Map.of());
        instances.put(spec.link(), i);
        return i;
    }

    @Override
    public InstanceInfo modify(String link, Map<String, String> props) throws VarpdException {
        maybeFail("modify " + link);
        mustExist(link);
        lastModification = props;
        return instances.get(link);
    }

    @Override
    public void delete(String link) throws VarpdException {
        maybeFail("delete " + link);
        mustExist(link);
        instances.remove(link);
    }

    @Override
    public List<CacheEntry> targets(String link) throws VarpdException {
        maybeFail("targets " + link);
        mustExist(link);
        return targets.getOrDefault(link, List.of());
    }

    @Override
    public void removeTarget(String link, MacAddress mac) throws VarpdException {
        maybeFail("removeTarget " + link + " " + mac);
        mustExist(link);
        lastMac = mac;
    }

    @Override
    public void flushTargets(String link) throws VarpdException {
        maybeFail("flushTargets " + link);
        mustExist(link);
    }

    @Override
    public void setTarget(String link, MacAddress mac, String value) throws VarpdException {
        maybeFail("setTarget " + link + " " + mac);
        mustExist(link);
        lastMac = mac;
        lastTargetValue = value;
    }

    @Override
    public LookupResult lookup(String link, MacAddress destination) throws VarpdException {
        maybeFail("lookup " + link + " " + destination);
        mustExist(link);
        return lookups.getOrDefault(destination, new LookupResult(false, destination, null, destination + ": DROP"));
    }

    @Override
    public LookupResult resolve(String link, InetAddress address) throws VarpdException {
        maybeFail("resolve " + link + " " + address.getHostAddress());
        mustExist(link);
        return resolutions.getOrDefault(address, new LookupResult(false, null, null,
                "no MAC is known for " + address.getHostAddress()));
    }

    /** What this host publishes, per link, in MAC order. */
    final Map<String, Map<MacAddress, io.varpd.api.plugin.HostedGuest>> published = new HashMap<>();

    @Override
    public io.varpd.api.plugin.HostedGuest publish(String link, MacAddress mac, java.util.Set<InetAddress> addresses,
            Optional<io.varpd.api.TargetPoint> at) throws VarpdException {
        maybeFail("publish " + link + " " + mac + " " + at.map(Object::toString).orElse("local"));
        mustExist(link);
        io.varpd.api.plugin.HostedGuest g = new io.varpd.api.plugin.HostedGuest(mac,
                at.orElse(io.varpd.api.TargetPoint.of(InetAddress.getLoopbackAddress(), 4789)), addresses);
        published.computeIfAbsent(link, l -> new TreeMap<>()).put(mac, g);
        return g;
    }

    @Override
    public void withdraw(String link, MacAddress mac) throws VarpdException {
        maybeFail("withdraw " + link + " " + mac);
        mustExist(link);
        if (published.getOrDefault(link, Map.of()).remove(mac) == null) {
            throw new VarpdException(Errno.ENOENT, link + ": " + mac + " is not published by this host");
        }
    }

    @Override
    public List<io.varpd.api.plugin.HostedGuest> published(String link) throws VarpdException {
        maybeFail("published " + link);
        mustExist(link);
        return List.copyOf(published.getOrDefault(link, Map.of()).values());
    }
}
