// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal.testing;

import io.varpd.api.DestinationType;
import io.varpd.api.Errno;
import io.varpd.api.MacAddress;
import io.varpd.api.PluginMode;
import io.varpd.api.VarpdException;
import io.varpd.api.plugin.HostedGuest;
import io.varpd.api.plugin.PluginOps;
import io.varpd.api.plugin.PropertyDescription;
import io.varpd.api.plugin.PropertyType;
import io.varpd.api.plugin.ProviderHandle;
import io.varpd.core.internal.instance.PluginBinding;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A DYNAMIC plugin that publishes guests in memory, one table per state (as a plugin writing under a lease of its own
 * would), with one property ({@value #GENERATION}) whose change makes core start a new state. {@link #refuse} makes
 * publish and withdraw fail with that errno, {@link #crash} makes them throw.
 */
public final class PublishingPlugin implements PluginOps<PublishingPlugin.State> {
    public static final String GENERATION = "pub/generation";

    /** One state: what it has published, and whether it runs. */
    public static final class State {
        public final Map<MacAddress, HostedGuest> published = new TreeMap<>();
        public volatile boolean started;
        volatile Object generation;
    }

    public final List<State> states = new CopyOnWriteArrayList<>();
    public volatile Errno refuse;
    public volatile RuntimeException crash;

    public PluginBinding.Plugin asPlugin(String name) {
        return new PluginBinding.Plugin(name, PluginMode.DYNAMIC, this);
    }

    public State last() {
        return states.get(states.size() - 1);
    }

    @Override
    public State create(ProviderHandle provider, Set<DestinationType> destination) {
        State s = new State();
        states.add(s);
        return s;
    }

    @Override
    public void start(State s) {
        s.started = true;
    }

    @Override
    public void stop(State s) {
        s.started = false;
        synchronized (s) {
            s.published.clear(); // what a lease revoked at stop does
        }
    }

    @Override
    public void destroy(State s) {}

    @Override
    public List<PropertyDescription> properties(State s) {
        return List.of(
                PropertyDescription.builder(GENERATION, PropertyType.UINT).build());
    }

    @Override
    public Optional<Object> getProperty(State s, String name) {
        return Optional.ofNullable(s.generation);
    }

    @Override
    public void setProperty(State s, String name, Object value) {
        s.generation = value;
    }

    @Override
    public Map<String, Object> save(State s) {
        return Map.of();
    }

    @Override
    public State restore(Map<String, Object> saved, ProviderHandle provider, Set<DestinationType> destination) {
        return create(provider, destination);
    }

    private void trouble() throws VarpdException {
        if (crash != null) {
            throw crash;
        }
        if (refuse != null) {
            throw new VarpdException(refuse, "refused by the test");
        }
    }

    @Override
    public void publish(State s, HostedGuest guest) throws VarpdException {
        trouble();
        if (!s.started) {
            throw new IllegalStateException("publish outside start/stop");
        }
        synchronized (s) {
            s.published.put(guest.mac(), guest);
        }
    }

    @Override
    public void withdraw(State s, MacAddress mac) throws VarpdException {
        trouble();
        synchronized (s) {
            if (s.published.remove(mac) == null) {
                throw new VarpdException(Errno.ENOENT, mac + " is not published by this host");
            }
        }
    }

    @Override
    public List<HostedGuest> published(State s) {
        synchronized (s) {
            return List.copyOf(s.published.values());
        }
    }
}
