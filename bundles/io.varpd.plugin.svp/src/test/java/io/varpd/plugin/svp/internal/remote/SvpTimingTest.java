// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SvpTimingTest {
    private final SvpTiming t = SvpTiming.DEFAULT;

    @Test
    void backoffFollowsTheOriginalsTableAndStaysAtItsLastEntry() {
        List<Long> seconds = List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 20L).stream()
                .map(n -> t.backoffAfter(n.intValue()).toSeconds())
                .toList();
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 32L, 32L, 32L), seconds);
    }

    @Test
    void temporaryDnsFailuresBackOffDoublingUpToTheRefreshPeriod() {
        assertEquals(Duration.ofSeconds(1), t.dnsRetryAfter(1));
        assertEquals(Duration.ofSeconds(2), t.dnsRetryAfter(2));
        assertEquals(Duration.ofSeconds(16), t.dnsRetryAfter(5));
        assertEquals(Duration.ofSeconds(30), t.dnsRetryAfter(6));
        assertEquals(Duration.ofSeconds(30), t.dnsRetryAfter(1000));
    }

    @Test
    void theOriginalsConstantsButShorterTimeouts() {
        assertEquals(Duration.ofSeconds(1), t.firstConnectDelay());
        assertEquals(Duration.ofSeconds(5), t.connectTimeout());
        assertEquals(Duration.ofSeconds(30), t.dnsRefresh());
        assertEquals(Duration.ofSeconds(5), t.logIdleMin());
        assertEquals(Duration.ofSeconds(10), t.logIdleMax());
        assertEquals(Duration.ofSeconds(1), t.logContinue());
    }

    @Test
    void aTimedOutQueryFailsBeforeCoresFiveSecondDiagnosticWaitEnds() {
        // docs/svp.md: the plugin's ETIME must reach the operator, not core's own timeout.
        assertTrue(
                t.queryTimeout().plus(t.queryCheckPeriod()).compareTo(Duration.ofSeconds(4)) <= 0,
                t.queryTimeout() + " + " + t.queryCheckPeriod());
    }

    @Test
    void inconsistentTimingsAreRefused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new SvpTiming(
                        t.firstConnectDelay(),
                        List.of(),
                        t.connectTimeout(),
                        t.queryTimeout(),
                        t.queryCheckPeriod(),
                        t.dnsRefresh(),
                        t.dnsRetryMin(),
                        t.dnsRetryMax(),
                        1,
                        t.logIdleMin(),
                        t.logIdleMax(),
                        t.logContinue()));
        assertThrows(
                IllegalArgumentException.class,
                () -> new SvpTiming(
                        t.firstConnectDelay(),
                        t.connectBackoff(),
                        t.connectTimeout(),
                        t.queryTimeout(),
                        t.queryCheckPeriod(),
                        t.dnsRefresh(),
                        t.dnsRetryMin(),
                        t.dnsRetryMax(),
                        1,
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(5),
                        t.logContinue()));
    }
}
