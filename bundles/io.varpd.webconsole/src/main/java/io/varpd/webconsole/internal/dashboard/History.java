// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.webconsole.internal.dashboard;

import io.varpd.api.admin.InstanceInfo;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The page's own memory of what it saw: counter samples turned into rates, a few minutes of rates per overlay for the
 * sparklines, and when each overlay's status last changed.
 *
 * <p>Core keeps counters (totals since the instance started) but neither rates nor timestamps, so the page samples
 * {@link InstanceInfo#counters()} itself: a rate is the difference of two samples divided by the time between them. A
 * counter that went down means the instance was re-created; that interval counts as 0, never as a negative rate. A
 * status is "since" the sample where it was first seen different; a status already there when the page started its
 * memory is reported as such ({@link Since#observed()} false), since the true start is unknown.
 *
 * <p>Samples come from a timer of the adapter and from page requests, at most one per {@link #MIN_GAP_MILLIS}; every
 * {@value #CAPACITY} samples are kept per overlay, links that are gone are forgotten. Thread-safe: every method is
 * synchronized, and each sample is cheap (a few arrays per overlay).
 */
final class History {
    /** Samples kept per overlay: five minutes at the timer's five seconds. */
    static final int CAPACITY = 60;
    /** Requests closer together than this share a sample. */
    static final long MIN_GAP_MILLIS = 1000;
    /** The three rates of the overview, in this order. */
    static final List<String> RATE_COUNTERS = List.of("lookups", "drop", "errors");

    private final Clock clock;
    private final long startedMillis;
    private final Map<String, Series> series = new HashMap<>();
    private final Map<String, Since> since = new HashMap<>();
    private final Series total = new Series();
    private long lastSampleMillis = Long.MIN_VALUE;

    History(Clock clock) {
        this.clock = clock;
        this.startedMillis = clock.millis();
    }

    /** When this memory began, epoch milliseconds. */
    long startedMillis() {
        return startedMillis;
    }

    /**
     * Takes a sample of {@code instances} unless one was taken less than {@link #MIN_GAP_MILLIS} ago; returns the time
     * of the sample in force.
     */
    synchronized long sample(List<InstanceInfo> instances) {
        long now = clock.millis();
        if (lastSampleMillis != Long.MIN_VALUE && now - lastSampleMillis < MIN_GAP_MILLIS) {
            return lastSampleMillis;
        }
        lastSampleMillis = now;
        Set<String> present = new HashSet<>();
        double[] sum = new double[RATE_COUNTERS.size()];
        boolean anyRate = false;
        for (InstanceInfo i : instances) {
            present.add(i.link());
            Since s = since.get(i.link());
            if (s == null) {
                since.put(i.link(), new Since(i.status(), now, false));
            } else if (!s.status().equals(i.status())) {
                since.put(i.link(), new Since(i.status(), now, true));
            }
            if (i.counters().isEmpty()) {
                series.remove(i.link()); // not running: its next start begins a fresh series
                continue;
            }
            Series s2 = series.computeIfAbsent(i.link(), l -> new Series());
            if (s2.add(now, i.counters())) {
                double[] r = s2.latestOverview();
                for (int k = 0; k < sum.length; k++) {
                    sum[k] += r[k];
                }
                anyRate = true;
            }
        }
        series.keySet().retainAll(present);
        since.keySet().retainAll(present);
        if (anyRate) {
            total.push(now, sum);
        }
        return now;
    }

    /** The latest lookups/s, drops/s and errors/s of {@code link}; zeros when unknown. */
    synchronized double[] rates(String link) {
        Series s = series.get(link);
        return s == null ? new double[RATE_COUNTERS.size()] : s.latestOverview();
    }

    /** The latest per-second rate of every counter of {@code link}, by name; empty when unknown. */
    synchronized Map<String, Double> allRates(String link) {
        Series s = series.get(link);
        return s == null ? Map.of() : new LinkedHashMap<>(s.lastRates);
    }

    /** The overview rates of {@code link} over the kept minutes: times (epoch s), then one array per rate. */
    synchronized Points points(String link) {
        Series s = series.get(link);
        return s == null ? Points.EMPTY : s.points();
    }

    /** The summed overview rates of all overlays over the kept minutes. */
    synchronized Points totalPoints() {
        return total.points();
    }

    /** The status of {@code link} and since when, or null when the page has not seen it. */
    synchronized Since since(String link) {
        return since.get(link);
    }

    /**
     * A status and when it began: {@code observed} is true when the page saw it change to this status, false when it
     * was already so when the page's memory began (then {@code millis} is when the page first saw it).
     */
    record Since(String status, long millis, boolean observed) {}

    /** Rates over time: {@code times} in epoch seconds, {@code values[k][i]} the k-th rate at {@code times[i]}. */
    record Points(long[] times, double[][] values) {
        static final Points EMPTY =
                new Points(new long[0], new double[][] {new double[0], new double[0], new double[0]});
    }

    /** A ring of rate samples plus the last raw counters. */
    private static final class Series {
        private final long[] times = new long[CAPACITY];
        private final double[][] rates = new double[RATE_COUNTERS.size()][CAPACITY];
        private int start;
        private int size;
        private Map<String, Long> lastCounts;
        private long lastMillis;
        private final Map<String, Double> lastRates = new LinkedHashMap<>();

        /** Adds a counter sample; true when it produced a rate (there was an earlier sample). */
        boolean add(long now, Map<String, Long> counts) {
            Map<String, Long> before = lastCounts;
            long elapsed = now - lastMillis;
            lastCounts = counts;
            lastMillis = now;
            if (before == null || elapsed <= 0) {
                return false;
            }
            lastRates.clear();
            counts.forEach((name, value) -> {
                Long old = before.get(name);
                long delta = old == null || value < old ? 0 : value - old;
                lastRates.put(name, delta * 1000.0 / elapsed);
            });
            double[] r = new double[RATE_COUNTERS.size()];
            for (int k = 0; k < r.length; k++) {
                r[k] = lastRates.getOrDefault(RATE_COUNTERS.get(k), 0.0);
            }
            push(now, r);
            return true;
        }

        void push(long now, double[] r) {
            int at = (start + size) % CAPACITY;
            if (size == CAPACITY) {
                start = (start + 1) % CAPACITY;
            } else {
                size++;
            }
            times[at] = now / 1000;
            for (int k = 0; k < r.length; k++) {
                rates[k][at] = r[k];
            }
        }

        double[] latestOverview() {
            double[] r = new double[rates.length];
            if (size > 0) {
                int last = (start + size - 1) % CAPACITY;
                for (int k = 0; k < r.length; k++) {
                    r[k] = rates[k][last];
                }
            }
            return r;
        }

        Points points() {
            long[] t = new long[size];
            double[][] v = new double[rates.length][size];
            for (int i = 0; i < size; i++) {
                int at = (start + i) % CAPACITY;
                t[i] = times[at];
                for (int k = 0; k < rates.length; k++) {
                    v[k][i] = rates[k][at];
                }
            }
            return new Points(t, v);
        }
    }
}
