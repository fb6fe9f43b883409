// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.webconsole.internal.dashboard;

import io.varpd.api.Errno;
import io.varpd.api.MacAddress;
import io.varpd.api.PluginMode;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import io.varpd.api.admin.InstanceInfo;
import io.varpd.api.admin.InstanceState;
import io.varpd.api.admin.LookupResult;
import io.varpd.api.admin.PluginInfo;
import io.varpd.api.admin.PropertyView;
import io.varpd.api.admin.StrayDevice;
import io.varpd.api.admin.VarpdAdminAdapter;
import io.varpd.api.device.CacheEntry;
import io.varpd.api.plugin.PropertyDescription;
import io.varpd.api.plugin.PropertyType;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A VarpdAdmin with overlays held in memory, recording the changes asked of it. */
final class FakeAdmin extends VarpdAdminAdapter {
    final Map<String, InstanceInfo> instances = new LinkedHashMap<>();
    final Map<String, List<PropertyView>> properties = new HashMap<>();
    final Map<String, List<CacheEntry>> targets = new HashMap<>();
    final List<PluginInfo> plugins = new ArrayList<>();
    final List<StrayDevice> stray = new ArrayList<>();
    final List<String> changes = new ArrayList<>();
    /** What {@link #pluginState} answers for an active overlay; unscripted: nothing to tell. */
    final Map<String, Map<String, String>> pluginStates = new HashMap<>();

    static final PropertyDescription DEST_IP = PropertyDescription.builder("direct/dest_ip", PropertyType.IP)
            .required().description("Where every frame goes.").build();
    static final PropertyDescription DEST_PORT = PropertyDescription.builder("direct/dest_port", PropertyType.UINT)
            .required().description("Its UDP port.").build();

    static InstanceInfo instance(String link, InstanceState state, boolean degraded, String detail, long lookups) {
        Map<String, Long> counters = state == InstanceState.ACTIVE
                ? Map.of("lookups", lookups, "drop", lookups / 10, "errors", 0L) : Map.of();
        return new InstanceInfo(3, link, "direct", 4096, "memory", state, degraded, detail,
                "io.varpd.overlay.direct~" + link, new LinkedHashMap<>(counters));
    }

    FakeAdmin put(InstanceInfo i) {
        instances.put(i.link(), i);
        return this;
    }

    FakeAdmin direct(String link, String ip, long port) throws Exception {
        properties.put(link, List.of(new PropertyView(DEST_IP, InetAddress.getByName(ip)),
                new PropertyView(DEST_PORT, port)));
        return this;
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
        return plugins.isEmpty()
                ? List.of(new PluginInfo("direct", PluginMode.POINT, "io.varpd.plugin.direct 1.1.0", true, ""))
                : plugins;
    }

    @Override
    public List<StrayDevice> strayDevices() {
        return stray;
    }

    @Override
    public List<PropertyView> properties(String link) throws VarpdException {
        InstanceInfo i = instances.get(link);
        if (i == null) {
            throw new VarpdException(Errno.ENOENT, "no overlay named " + link);
        }
        if (i.state() != InstanceState.ACTIVE) {
            throw new VarpdException(Errno.EAGAIN, "overlay " + link + " is " + i.state());
        }
        return properties.getOrDefault(link, List.of());
    }

    @Override
    public Map<String, String> pluginState(String link) throws VarpdException {
        properties(link); // the same refusals: ENOENT, EAGAIN
        return pluginStates.getOrDefault(link, Map.of());
    }

    @Override
    public List<CacheEntry> targets(String link) throws VarpdException {
        InstanceInfo i = instances.get(link);
        if (i == null) {
            throw new VarpdException(Errno.ENOENT, "no overlay named " + link);
        }
        if (i.state() != InstanceState.ACTIVE) {
            throw new VarpdException(Errno.ENXIO, "overlay " + link + " is not active (" + i.state() + ")");
        }
        return targets.getOrDefault(link, List.of());
    }

    @Override
    public void removeTarget(String link, MacAddress mac) throws VarpdException {
        targets(link);
        changes.add("remove " + link + " " + mac);
    }

    @Override
    public void flushTargets(String link) throws VarpdException {
        targets(link);
        changes.add("flush " + link);
    }

    @Override
    public void setTarget(String link, MacAddress mac, String value) throws VarpdException {
        targets(link);
        if (!value.equals("drop") && !value.contains(".")) {
            throw new VarpdException(Errno.EINVAL, "'" + value + "' is not a destination");
        }
        changes.add("set " + link + " " + mac + "=" + value);
    }

    @Override
    public LookupResult lookup(String link, MacAddress destination) throws VarpdException {
        targets(link);
        return new LookupResult(true, destination, TargetPoint.of(InetAddress.getLoopbackAddress(), 4789),
                "point-to-point overlay: every frame goes to 127.0.0.1:4789");
    }

    @Override
    public LookupResult resolve(String link, InetAddress address) throws VarpdException {
        targets(link);
        return new LookupResult(false, null, null, "no MAC is known for " + address.getHostAddress());
    }
}
