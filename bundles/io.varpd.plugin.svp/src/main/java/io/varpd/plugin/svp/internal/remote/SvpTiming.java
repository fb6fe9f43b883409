// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal.remote;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Every delay of the SVP client (docs/architecture.md#the-svp-client), in one value so tests can shrink them all.
 *
 * @param firstConnectDelay from creating a connection (a new DNS address) to its first connect
 * @param connectBackoff the delays after the 1st, 2nd, ... failed connect; the last one repeats
 * @param connectTimeout how long a connect may stay in progress before it counts as failed (and the remote, when no
 *     other connection works, as unreachable)
 * @param queryTimeout how long the oldest query on a connection may see no reply before it fails with ETIME, the remote
 *     is degraded (NO_ANSWER) and the connection is torn down
 * @param queryCheckPeriod how often connections are checked for timed-out queries
 * @param dnsRefresh how often the server's host name is resolved again
 * @param dnsRetryMin the first delay after a temporary resolver failure (doubling from there)
 * @param dnsRetryMax the longest delay after temporary resolver failures
 * @param dnsTemporaryFailuresBeforeDegrade consecutive temporary failures that count as a DNS failure (the original
 *     retried forever in a tight loop and never reported them)
 * @param logIdleMin the shortest pause between shootdown log requests when there is no work
 * @param logIdleMax the longest such pause (the pause is uniform in between)
 * @param logContinue the pause between log rounds while there is work
 */
public record SvpTiming(
        Duration firstConnectDelay,
        List<Duration> connectBackoff,
        Duration connectTimeout,
        Duration queryTimeout,
        Duration queryCheckPeriod,
        Duration dnsRefresh,
        Duration dnsRetryMin,
        Duration dnsRetryMax,
        int dnsTemporaryFailuresBeforeDegrade,
        Duration logIdleMin,
        Duration logIdleMax,
        Duration logContinue) {

    /**
     * The original's values (1 s, 1-2-4-8-16-32 s, 30 s DNS, 5-10 s and 1 s log rounds) except the timeouts: a connect
     * fails after 5 s (not 30), and a query after 3 s, checked every 0.5 s (not 30 s, checked every 30 s), so a lookup
     * fails with ETIME within 3.5 s, before core's 5 s diagnostic wait, and a silent server degrades the overlay within
     * seconds (docs/svp.md). portolan answers from memory or its cache in milliseconds; 3 s without a byte means
     * trouble.
     */
    public static final SvpTiming DEFAULT = new SvpTiming(
            Duration.ofSeconds(1),
            List.of(
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(2),
                    Duration.ofSeconds(4),
                    Duration.ofSeconds(8),
                    Duration.ofSeconds(16),
                    Duration.ofSeconds(32)),
            Duration.ofSeconds(5),
            Duration.ofSeconds(3),
            Duration.ofMillis(500),
            Duration.ofSeconds(30),
            Duration.ofSeconds(1),
            Duration.ofSeconds(30),
            5,
            Duration.ofSeconds(5),
            Duration.ofSeconds(10),
            Duration.ofSeconds(1));

    public SvpTiming {
        Objects.requireNonNull(firstConnectDelay, "firstConnectDelay");
        connectBackoff = List.copyOf(connectBackoff);
        if (connectBackoff.isEmpty()) {
            throw new IllegalArgumentException("connectBackoff needs at least one delay");
        }
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(queryTimeout, "queryTimeout");
        Objects.requireNonNull(queryCheckPeriod, "queryCheckPeriod");
        Objects.requireNonNull(dnsRefresh, "dnsRefresh");
        Objects.requireNonNull(dnsRetryMin, "dnsRetryMin");
        Objects.requireNonNull(dnsRetryMax, "dnsRetryMax");
        if (dnsTemporaryFailuresBeforeDegrade < 1) {
            throw new IllegalArgumentException("dnsTemporaryFailuresBeforeDegrade must be at least 1");
        }
        Objects.requireNonNull(logIdleMin, "logIdleMin");
        Objects.requireNonNull(logIdleMax, "logIdleMax");
        if (logIdleMax.compareTo(logIdleMin) < 0) {
            throw new IllegalArgumentException(
                    "logIdleMax " + logIdleMax + " is shorter than logIdleMin " + logIdleMin);
        }
        Objects.requireNonNull(logContinue, "logContinue");
    }

    /**
     * The delay after the {@code failures}-th consecutive failed connect (1-based): the table's entry, the last one
     * once the table is exhausted.
     */
    Duration backoffAfter(int failures) {
        return connectBackoff.get(Math.min(Math.max(failures, 1), connectBackoff.size()) - 1);
    }

    /** The delay after {@code failures} consecutive temporary resolver failures. */
    Duration dnsRetryAfter(int failures) {
        Duration d = dnsRetryMin;
        for (int i = 1; i < failures && d.compareTo(dnsRetryMax) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(dnsRetryMax) > 0 ? dnsRetryMax : d;
    }

    /** This timing with every delay and timeout scaled to {@code unit} = one original second. */
    public static SvpTiming scaled(Duration unit) {
        return new SvpTiming(
                unit,
                List.of(
                        unit,
                        unit.multipliedBy(2),
                        unit.multipliedBy(4),
                        unit.multipliedBy(8),
                        unit.multipliedBy(16),
                        unit.multipliedBy(32)),
                unit.multipliedBy(5),
                unit.multipliedBy(3),
                unit.dividedBy(2),
                unit.multipliedBy(30),
                unit,
                unit.multipliedBy(30),
                5,
                unit.multipliedBy(5),
                unit.multipliedBy(10),
                unit);
    }
}
