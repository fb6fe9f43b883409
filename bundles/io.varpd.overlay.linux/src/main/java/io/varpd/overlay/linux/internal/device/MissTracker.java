// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.device;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Keeps the kernel's miss storms away from core. The kernel sends one miss per dropped packet and per ARP retransmit,
 * so per key (a MAC or an IP) at most one miss is in flight; a key whose lookup came back empty is not asked about
 * again for {@link #NEGATIVE_NANOS}. An in-flight miss that is never answered stops blocking its key after
 * {@link #IN_FLIGHT_NANOS}. Both maps are bounded.
 */
final class MissTracker {
    static final long NEGATIVE_NANOS = 1_000_000_000L;
    static final long IN_FLIGHT_NANOS = 5_000_000_000L;
    static final int MAX_KEYS = 65_536;

    private final LongSupplier clock;
    private final Map<Object, Long> inFlight = new ConcurrentHashMap<>();
    private final Map<Object, Long> negativeUntil = new ConcurrentHashMap<>();

    MissTracker(LongSupplier clock) {
        this.clock = clock;
    }

    /** Whether a miss for {@code key} should be reported now; if so it is in flight from now. */
    boolean begin(Object key) {
        long now = clock.getAsLong();
        Long until = negativeUntil.get(key);
        if (until != null) {
            if (until - now > 0) {
                return false;
            }
            negativeUntil.remove(key, until);
        }
        if (inFlight.size() >= MAX_KEYS) {
            inFlight.values().removeIf(started -> now - started >= IN_FLIGHT_NANOS);
            if (inFlight.size() >= MAX_KEYS) {
                return false;
            }
        }
        Long started = inFlight.putIfAbsent(key, now);
        if (started == null) {
            return true;
        }
        return now - started >= IN_FLIGHT_NANOS && inFlight.replace(key, started, now);
    }

    /** The miss for {@code key} was answered and its entries installed. */
    void succeeded(Object key) {
        inFlight.remove(key);
        negativeUntil.remove(key);
    }

    /**
     * The miss for {@code key} had no answer: quiet for a while. Unless the key was forgotten while it was asked about
     * (invalidated: the answer may predate what the plugin knows now).
     */
    void failed(Object key) {
        if (inFlight.remove(key) == null) {
            return;
        }
        if (negativeUntil.size() >= MAX_KEYS) {
            long now = clock.getAsLong();
            negativeUntil.values().removeIf(until -> until - now <= 0);
            if (negativeUntil.size() >= MAX_KEYS) {
                return;
            }
        }
        negativeUntil.put(key, clock.getAsLong() + NEGATIVE_NANOS);
    }

    /** The miss for {@code key} was never reported (queue full): it may be asked again at once. */
    void abandoned(Object key) {
        inFlight.remove(key);
    }

    /** Forgets {@code key}, so its next miss is reported (after its entry was removed on purpose). */
    void forget(Object key) {
        inFlight.remove(key);
        negativeUntil.remove(key);
    }

    void clear() {
        inFlight.clear();
        negativeUntil.clear();
    }

    int inFlightCount() {
        return inFlight.size();
    }
}
