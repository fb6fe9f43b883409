// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal.testing;

import io.varpd.api.DestinationType;
import io.varpd.api.Errno;
import io.varpd.api.MacAddress;
import io.varpd.api.PluginMode;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import io.varpd.api.plugin.LookupQuery;
import io.varpd.api.plugin.PluginOps;
import io.varpd.api.plugin.PropertyDescription;
import io.varpd.api.plugin.PropertyType;
import io.varpd.api.plugin.ProviderHandle;
import io.varpd.api.plugin.ResolveQuery;
import io.varpd.core.internal.instance.PluginBinding;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A scriptable plugin for core tests: one required property {@code fake/dest} (IP) and one optional {@code fake/port}
 * (UINT 1-65535); records every op; lookups go to {@link #onLookup}, batches to {@link #onLookupAll}.
 */
public final class FakePlugin implements PluginOps<FakePlugin.State> {
    public static final String DEST = "fake/dest";
    public static final String PORT = "fake/port";

    /** One instance's state. */
    public static final class State {
        public final ProviderHandle handle;
        public final Map<String, Object> values = new ConcurrentHashMap<>();
        public volatile boolean started;
        public volatile boolean destroyed;

        State(ProviderHandle handle) {
            this.handle = handle;
        }
    }

    public final List<String> calls = new CopyOnWriteArrayList<>();
    public final List<State> states = new CopyOnWriteArrayList<>();
    public volatile VarpdException failStart;
    /** Runs first in {@code start}, for a state that reports something while starting. */
    public volatile Consumer<State> onStart;

    public volatile String refuseValue;
    public volatile Consumer<LookupQuery> onLookup = LookupQuery::drop;
    /** What a batch of lookups does; null for the SPI's default (each to {@link #onLookup}). */
    public volatile Consumer<List<? extends LookupQuery>> onLookupAll;

    public volatile MacAddress arpAnswer;
    /** When set, the ARP/NDP op answers {@code fail} with this errno. */
    public volatile Errno arpFailure;

    private final PluginMode mode;

    public FakePlugin(PluginMode mode) {
        this.mode = mode;
    }

    public PluginBinding.Plugin asPlugin(String name) {
        return new PluginBinding.Plugin(name, mode, this);
    }

    @Override
    public State create(ProviderHandle provider, Set<DestinationType> destination) {
        calls.add("create");
        State s = new State(provider);
        states.add(s);
        return s;
    }

    @Override
    public void start(State s) throws VarpdException {
        calls.add("start");
        Consumer<State> hook = onStart;
        if (hook != null) {
            hook.accept(s);
        }
        if (failStart != null) {
            throw failStart;
        }
        if (!s.values.containsKey(DEST)) {
            throw new VarpdException(Errno.EAGAIN, "unset required property: " + DEST);
        }
        s.started = true;
    }

    @Override
    public void stop(State s) {
        calls.add("stop");
        s.started = false;
    }

    @Override
    public void destroy(State s) {
        calls.add("destroy");
        s.destroyed = true;
    }

    @Override
    public Optional<TargetPoint> defaultTarget(State s) {
        calls.add("default");
        return Optional.of(TargetPoint.of(
                (InetAddress) s.values.get(DEST), ((Long) s.values.getOrDefault(PORT, 4789L)).intValue()));
    }

    @Override
    public void lookup(State s, LookupQuery query) {
        calls.add("lookup");
        onLookup.accept(query);
    }

    @Override
    public void lookupAll(State s, List<? extends LookupQuery> queries) {
        calls.add("lookupAll " + queries.size());
        Consumer<List<? extends LookupQuery>> batch = onLookupAll;
        if (batch == null) {
            PluginOps.super.lookupAll(s, queries);
        } else {
            batch.accept(queries);
        }
    }

    @Override
    public void arp(State s, ResolveQuery query, InetAddress target) {
        calls.add("arp " + target.getHostAddress());
        if (arpFailure != null) {
            query.fail(arpFailure, "server 192.0.2.99:1296 unreachable");
        } else if (arpAnswer == null) {
            query.drop();
        } else {
            query.reply(arpAnswer);
        }
    }

    @Override
    public List<PropertyDescription> properties(State s) {
        return List.of(
                PropertyDescription.builder(DEST, PropertyType.IP).required().build(),
                PropertyDescription.builder(PORT, PropertyType.UINT)
                        .range(1, 65535)
                        .build());
    }

    @Override
    public Optional<Object> getProperty(State s, String name) throws VarpdException {
        if (!name.equals(DEST) && !name.equals(PORT)) {
            throw new VarpdException(Errno.EINVAL, "unknown property " + name);
        }
        return Optional.ofNullable(s.values.get(name));
    }

    @Override
    public void setProperty(State s, String name, Object value) throws VarpdException {
        calls.add("set " + name + "=" + value);
        if (value != null && refuseValue != null && refuseValue.equals(String.valueOf(value))) {
            throw new VarpdException(Errno.EINVAL, name + ": " + value + " refused by the plugin");
        }
        if (value == null) {
            s.values.remove(name);
        } else {
            s.values.put(name, value);
        }
    }

    @Override
    public Map<String, Object> save(State s) {
        Map<String, Object> out = new java.util.HashMap<>();
        s.values.forEach((k, v) -> out.put(k, v instanceof InetAddress ? ((InetAddress) v).getHostAddress() : v));
        return out;
    }

    @Override
    public State restore(Map<String, Object> saved, ProviderHandle provider, Set<DestinationType> destination) {
        calls.add("restore " + new java.util.TreeMap<>(saved));
        State s = new State(provider);
        states.add(s);
        s.values.putAll(saved);
        return s;
    }

    public State last() {
        return states.get(states.size() - 1);
    }
}
