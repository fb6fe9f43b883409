// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.itest;

import io.varpd.api.DestinationType;
import io.varpd.api.Errno;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import io.varpd.api.plugin.PluginOps;
import io.varpd.api.plugin.PropertyDescription;
import io.varpd.api.plugin.ProviderHandle;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A lookup plugin the test registers itself, with no properties, that records which overlay links it is running. POINT
 * fakes send everything to one fixed destination; DYNAMIC fakes answer every miss DROP (the default). Core may create
 * (and destroy) states that are never started, for example to describe the plugin's properties, so "serving a link"
 * means "started for it".
 */
final class FakePlugin implements PluginOps<FakePlugin.State> {
    /** One instance's state: the link it was created for. */
    static final class State {
        final String link;

        State(String link) {
            this.link = link;
        }
    }

    private final TargetPoint point;
    private final Set<State> running = ConcurrentHashMap.newKeySet();

    private FakePlugin(TargetPoint point) {
        this.point = point;
    }

    /** A DYNAMIC fake. */
    static FakePlugin dynamic() {
        return new FakePlugin(null);
    }

    /** A POINT fake sending every frame to {@code point}. */
    static FakePlugin point(TargetPoint point) {
        return new FakePlugin(point);
    }

    /** The links this plugin is started for, in name order. */
    Set<String> runningLinks() {
        Set<String> links = new TreeSet<>();
        running.forEach(s -> links.add(s.link));
        return links;
    }

    @Override
    public State create(ProviderHandle provider, Set<DestinationType> destination) {
        return new State(provider.linkName());
    }

    @Override
    public void start(State state) {
        running.add(state);
    }

    @Override
    public void stop(State state) {
        running.remove(state);
    }

    @Override
    public void destroy(State state) {
        running.remove(state);
    }

    @Override
    public Optional<TargetPoint> defaultTarget(State state) throws VarpdException {
        if (point == null) {
            return PluginOps.super.defaultTarget(state);
        }
        return Optional.of(point);
    }

    @Override
    public List<PropertyDescription> properties(State state) {
        return List.of();
    }

    @Override
    public Optional<Object> getProperty(State state, String name) throws VarpdException {
        throw new VarpdException(Errno.EINVAL, "unknown property '" + name + "'; this plugin has none");
    }

    @Override
    public void setProperty(State state, String name, Object value) throws VarpdException {
        throw new VarpdException(Errno.EINVAL, "unknown property '" + name + "'; this plugin has none");
    }

    @Override
    public Map<String, Object> save(State state) {
        return Map.of();
    }

    @Override
    public State restore(Map<String, Object> saved, ProviderHandle provider, Set<DestinationType> destination) {
        return create(provider, destination);
    }
}
