// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Services known by a unique name (plugins by plugin name, device providers by device type).
 *
 * <p>The first service registered under a name wins; later ones are kept as refused duplicates with a reason, and the
 * oldest of them takes over when the winner leaves (so replacing a plugin bundle by a second copy works). "First" is
 * the lowest service id, i.e. registration order. Every change of a name's winner is returned to the caller, who reacts
 * (start or stop the instances using it). Not thread-safe: the caller serialises access.
 *
 * @param <T> the service type
 */
public final class NamedServiceRegistry<T> {
    /** One registered service. */
    public record Entry<T>(String name, long serviceId, T service, String origin) {}

    /** The outcome of a change: the name's winner before and after (either may be empty). */
    public record Change<T>(String name, Optional<Entry<T>> before, Optional<Entry<T>> after) {
        public boolean winnerChanged() {
            return !before.equals(after);
        }
    }

    private final String kind;
    private final Map<String, TreeMap<Long, Entry<T>>> byName = new TreeMap<>();
    private final Map<Long, String> nameOfService = new LinkedHashMap<>();

    /** @param kind what the services are, for messages ("plugin", "device provider") */
    public NamedServiceRegistry(String kind) {
        this.kind = kind;
    }

    public Change<T> add(Entry<T> entry) {
        Objects.requireNonNull(entry.name(), "name");
        Optional<Entry<T>> before = winner(entry.name());
        byName.computeIfAbsent(entry.name(), n -> new TreeMap<>()).put(entry.serviceId(), entry);
        nameOfService.put(entry.serviceId(), entry.name());
        return new Change<>(entry.name(), before, winner(entry.name()));
    }

    /** Removes a service by id; returns empty when it was unknown. */
    public Optional<Change<T>> remove(long serviceId) {
        String name = nameOfService.remove(serviceId);
        if (name == null) {
            return Optional.empty();
        }
        Optional<Entry<T>> before = winner(name);
        TreeMap<Long, Entry<T>> entries = byName.get(name);
        entries.remove(serviceId);
        if (entries.isEmpty()) {
            byName.remove(name);
        }
        return Optional.of(new Change<>(name, before, winner(name)));
    }

    /** The service in charge of {@code name}. */
    public Optional<Entry<T>> winner(String name) {
        TreeMap<Long, Entry<T>> entries = byName.get(name);
        return entries == null || entries.isEmpty()
                ? Optional.empty()
                : Optional.of(entries.firstEntry().getValue());
    }

    /** The names that have a service, in name order. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** Every entry, winners and refused duplicates, by name then age. */
    public List<Entry<T>> entries() {
        List<Entry<T>> all = new ArrayList<>();
        byName.values().forEach(m -> all.addAll(m.values()));
        return all;
    }

    /** Why {@code entry} is not in charge, or empty when it is. */
    public Optional<String> refusal(Entry<T> entry) {
        Entry<T> w = winner(entry.name()).orElse(entry);
        if (w.serviceId() == entry.serviceId()) {
            return Optional.empty();
        }
        return Optional.of("duplicate " + kind + " name '" + entry.name() + "' from " + entry.origin()
                + " refused: already provided by " + w.origin() + " (first one wins)");
    }
}
