// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal.instance;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The guests this host carries on one overlay, as core publishes them through the overlay's plugin
 * (docs/etcd.md#publishing).
 *
 * <p>Theory: the device reports guests as it sees them (and an operator adds some by hand), but the plugin state that
 * publishes them is replaced now and then: a configuration change swaps in a new state, and a plugin that goes away and
 * comes back gets a new instance. So core, not the plugin, remembers what this host carries, per overlay configuration
 * (it outlives the instance), and hands all of it to every new plugin state. Publishing is idempotent, so handing a
 * guest over twice is harmless. A guest without an explicit point is published at the device's local point as it is at
 * that moment.
 *
 * <p>Locking: its own monitor; {@link Instance} takes it only inside its op gate, never the other way round.
 */
public final class LocalGuests {
    /** One guest: {@code at} empty means "at the device's local point". */
    record Guest(MacAddress mac, Set<InetAddress> addresses, Optional<TargetPoint> at) {
        Guest {
            addresses = Set.copyOf(addresses);
        }
    }

    @GuardedBy("this")
    private final Map<MacAddress, Guest> guests = new TreeMap<>();
    /** Guests left unpublished because the device had no local point. */
    @GuardedBy("this")
    private final java.util.Set<MacAddress> withoutPoint = new java.util.TreeSet<>();

    final LongAdder published = new LongAdder();
    final LongAdder withdrawn = new LongAdder();
    final LongAdder unsupported = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder noPoint = new LongAdder();

    /** Remembers {@code g}; the previous content for its MAC, if any. */
    synchronized Optional<Guest> put(Guest g) {
        return Optional.ofNullable(guests.put(g.mac(), g));
    }

    synchronized Optional<Guest> remove(MacAddress mac) {
        withoutPoint.remove(mac);
        return Optional.ofNullable(guests.remove(mac));
    }

    synchronized List<Guest> all() {
        return new ArrayList<>(guests.values());
    }

    synchronized Optional<Guest> get(MacAddress mac) {
        return Optional.ofNullable(guests.get(mac));
    }

    /** Notes that {@code mac} waits for a local point; true when none waited before (log it then). */
    synchronized boolean missingPoint(MacAddress mac) {
        boolean news = withoutPoint.isEmpty();
        withoutPoint.add(mac);
        return news;
    }

    synchronized void pointFound(MacAddress mac) {
        withoutPoint.remove(mac);
    }

    /** How many guests are remembered. */
    public synchronized int size() {
        return guests.size();
    }

    /** The publishing counters, in a stable order (merged into the instance's counters). */
    Map<String, Long> counters() {
        // Counters only, each only ever grows: metrics exports every one as a Prometheus counter.
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("published", published.sum());
        m.put("withdrawn", withdrawn.sum());
        m.put("publish_unsupported", unsupported.sum());
        m.put("publish_no_point", noPoint.sum());
        m.put("publish_errors", errors.sum());
        return m;
    }
}
