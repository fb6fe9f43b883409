// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal.instance;

import io.varpd.api.DestinationType;
import io.varpd.api.Errno;
import io.varpd.api.LookupRequest;
import io.varpd.api.MacAddress;
import io.varpd.api.PluginMode;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import io.varpd.api.plugin.HostedGuest;
import io.varpd.api.plugin.LookupQuery;
import io.varpd.api.plugin.PluginOps;
import io.varpd.api.plugin.PropertyDescription;
import io.varpd.api.plugin.ProviderHandle;
import io.varpd.api.plugin.ResolveQuery;
import java.net.InetAddress;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One plugin state bound to the ops that own it (illumos varpd's plugin + {@code void *} pair). It captures the
 * plugin's state type once, and turns a plugin's unexpected exception into an EIO {@link VarpdException} naming the
 * plugin and the op, so a plugin bug fails its instance only.
 *
 * @param <S> the plugin's state type
 */
public final class PluginBinding<S> {
    /** A plugin as core knows it. */
    public record Plugin(String name, PluginMode mode, PluginOps<?> ops) {}

    private final Plugin plugin;
    private final PluginOps<S> ops;
    private final S state;

    private PluginBinding(Plugin plugin, PluginOps<S> ops, S state) {
        this.plugin = plugin;
        this.ops = ops;
        this.state = state;
    }

    /** Calls the plugin's {@code create}. */
    public static PluginBinding<?> create(Plugin plugin, ProviderHandle handle, Set<DestinationType> destination)
            throws VarpdException {
        return create(plugin, plugin.ops(), handle, destination);
    }

    private static <S> PluginBinding<S> create(
            Plugin plugin, PluginOps<S> ops, ProviderHandle handle, Set<DestinationType> destination)
            throws VarpdException {
        S state = guard(plugin, "create", () -> ops.create(handle, destination));
        if (state == null) {
            throw new VarpdException(Errno.EIO, "plugin '" + plugin.name() + "' returned no state from create");
        }
        return new PluginBinding<>(plugin, ops, state);
    }

    /** Calls the plugin's {@code restore} with what its {@code save} returned earlier. */
    public static PluginBinding<?> restore(
            Plugin plugin, Map<String, Object> saved, ProviderHandle handle, Set<DestinationType> destination)
            throws VarpdException {
        return restore(plugin, plugin.ops(), saved, handle, destination);
    }

    private static <S> PluginBinding<S> restore(
            Plugin plugin,
            PluginOps<S> ops,
            Map<String, Object> saved,
            ProviderHandle handle,
            Set<DestinationType> destination)
            throws VarpdException {
        S state = guard(plugin, "restore", () -> ops.restore(saved, handle, destination));
        if (state == null) {
            throw new VarpdException(Errno.EIO, "plugin '" + plugin.name() + "' returned no state from restore");
        }
        return new PluginBinding<>(plugin, ops, state);
    }

    public Plugin plugin() {
        return plugin;
    }

    public String name() {
        return plugin.name();
    }

    public PluginMode mode() {
        return plugin.mode();
    }

    public List<PropertyDescription> properties() throws VarpdException {
        List<PropertyDescription> p = guard(plugin, "properties", () -> ops.properties(state));
        return p == null ? List.of() : p;
    }

    public Optional<Object> get(String name) throws VarpdException {
        Optional<Object> v = guard(plugin, "getProperty", () -> ops.getProperty(state, name));
        return v == null ? Optional.empty() : v;
    }

    public void set(String name, Object value) throws VarpdException {
        guard(plugin, "setProperty", () -> {
            ops.setProperty(state, name, value);
            return null;
        });
    }

    public void start() throws VarpdException {
        guard(plugin, "start", () -> {
            ops.start(state);
            return null;
        });
    }

    public void stop() throws VarpdException {
        guard(plugin, "stop", () -> {
            ops.stop(state);
            return null;
        });
    }

    public void destroy() throws VarpdException {
        guard(plugin, "destroy", () -> {
            ops.destroy(state);
            return null;
        });
    }

    public Optional<TargetPoint> defaultTarget() throws VarpdException {
        Optional<TargetPoint> t = guard(plugin, "defaultTarget", () -> ops.defaultTarget(state));
        return t == null ? Optional.empty() : t;
    }

    public Map<String, Object> save() throws VarpdException {
        Map<String, Object> m = guard(plugin, "save", () -> ops.save(state));
        return m == null ? Map.of() : m;
    }

    /**
     * The plugin's live state in words ({@code PluginOps.describe}), copied so the plugin's map cannot change under the
     * caller; its order is kept. Null keys or values are a plugin bug (EIO).
     */
    public Map<String, String> describe() throws VarpdException {
        Map<String, String> m = guard(plugin, "describe", () -> ops.describe(state));
        if (m == null || m.isEmpty()) {
            return Map.of();
        }
        Map<String, String> copy = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : m.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new VarpdException(
                        Errno.EIO,
                        "plugin '" + plugin.name() + "' described its state with a null "
                                + (e.getKey() == null ? "label" : "value for " + e.getKey()));
            }
            copy.put(e.getKey(), e.getValue());
        }
        return Collections.unmodifiableMap(copy);
    }

    /** {@code PluginOps.publish}: never blocks on the network (the plugin writes later). */
    public void publish(HostedGuest guest) throws VarpdException {
        guard(plugin, "publish", () -> {
            ops.publish(state, guest);
            return null;
        });
    }

    public void withdraw(MacAddress mac) throws VarpdException {
        guard(plugin, "withdraw", () -> {
            ops.withdraw(state, mac);
            return null;
        });
    }

    public List<HostedGuest> published() throws VarpdException {
        List<HostedGuest> g = guard(plugin, "published", () -> ops.published(state));
        return g == null ? List.of() : List.copyOf(g);
    }

    /** Asynchronous ops: a plugin's exception is its own failure; the caller drops the query. */
    public void lookup(LookupQuery query) {
        ops.lookup(state, query);
    }

    public void lookupAll(List<? extends LookupQuery> queries) {
        ops.lookupAll(state, queries);
    }

    public void arp(ResolveQuery query, InetAddress target) {
        ops.arp(state, query, target);
    }

    public void dhcp(ResolveQuery query, LookupRequest request) {
        ops.dhcp(state, query, request);
    }

    private interface Op<T> {
        T call() throws VarpdException;
    }

    private static <T> T guard(Plugin plugin, String op, Op<T> call) throws VarpdException {
        try {
            return call.call();
        } catch (VarpdException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            throw new VarpdException(Errno.EIO, "plugin '" + plugin.name() + "' failed in " + op + ": " + e, e);
        }
    }
}
