// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.http.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Slows down password guessing without locking the operator out.
 *
 * <p>Theory. Failures are counted per remote address and user name. The first {@code freeFailures} within
 * {@code window} cost nothing (a mistyped password, a browser retrying an old one); each failure after that closes the
 * door for a delay that starts at {@code firstDelay} and doubles with every further failure, up to {@code maxDelay}.
 * While the door is closed a login attempt is not checked at all (the caller answers 429 with the time left), so a
 * guesser gets at most one guess per delay, and nothing is ever blocked for longer than {@code maxDelay}: the operator,
 * even one sharing the attacker's address, gets a turn. The count starts afresh after {@code window} without failures,
 * and a successful login clears it. Nothing waits on a thread: the answer is immediate, only its content changes.
 *
 * <p>The table is bounded ({@code maxTracked}); when full, entries that no longer delay anything are dropped first,
 * then the oldest. Plain Java with an injected clock, so the HTTP layer and the tests drive it alike.
 */
final class LoginThrottle {
    /** One address and user's recent failures. Immutable; replaced on each change. */
    private record Entry(int failures, long lastFailure, long delay, long blockedUntil) {}

    private final int freeFailures;
    private final long window;
    private final long firstDelay;
    private final long maxDelay;
    private final int maxTracked;
    private final LongSupplier nanoClock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    LoginThrottle(
            int freeFailures,
            Duration window,
            Duration firstDelay,
            Duration maxDelay,
            int maxTracked,
            LongSupplier nanoClock) {
        this.freeFailures = freeFailures;
        this.window = window.toNanos();
        this.firstDelay = firstDelay.toNanos();
        this.maxDelay = Math.max(maxDelay.toNanos(), this.firstDelay);
        this.maxTracked = maxTracked;
        this.nanoClock = nanoClock;
    }

    /** How long this address and user must still wait before a login is checked; zero if not. */
    Duration waitLeft(String address, String user) {
        Entry e = entries.get(key(address, user));
        if (e == null) {
            return Duration.ZERO;
        }
        long left = e.blockedUntil() - nanoClock.getAsLong();
        return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
    }

    /**
     * Records a failed login and returns the delay it starts (zero while the failure is still one of the free ones).
     */
    Duration failed(String address, String user) {
        long now = nanoClock.getAsLong();
        if (entries.size() >= maxTracked) {
            prune(now);
        }
        Entry e = entries.compute(key(address, user), (k, old) -> {
            int failures = old == null || now - old.lastFailure() > window ? 1 : old.failures() + 1;
            if (failures <= freeFailures) {
                return new Entry(failures, now, 0, 0);
            }
            long delay = old == null || old.delay() == 0 ? firstDelay : Math.min(old.delay() * 2, maxDelay);
            return new Entry(failures, now, delay, now + delay);
        });
        return Duration.ofNanos(e.delay());
    }

    /** The number of failures currently counted for this address and user. */
    int failures(String address, String user) {
        Entry e = entries.get(key(address, user));
        return e == null ? 0 : e.failures();
    }

    /** A successful login: the address and user start with a clean slate. */
    void succeeded(String address, String user) {
        entries.remove(key(address, user));
    }

    /** How many address and user pairs are tracked (for the tests of the bound). */
    int tracked() {
        return entries.size();
    }

    private void prune(long now) {
        entries.values().removeIf(e -> now - e.lastFailure() > window && e.blockedUntil() - now <= 0);
        while (entries.size() >= maxTracked) {
            String oldest = null;
            long oldestTime = Long.MAX_VALUE;
            for (Map.Entry<String, Entry> me : entries.entrySet()) {
                if (oldest == null || me.getValue().lastFailure() - oldestTime < 0) {
                    oldest = me.getKey();
                    oldestTime = me.getValue().lastFailure();
                }
            }
            if (oldest == null) {
                return;
            }
            entries.remove(oldest);
        }
    }

    private static String key(String address, String user) {
        return address + '\n' + user;
    }
}
