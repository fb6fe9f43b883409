// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.device;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MissTrackerTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final MissTracker tracker = new MissTracker(now::get);

    @Test
    void aKeyInFlightIsReportedOnce() {
        assertTrue(tracker.begin("m"));
        assertFalse(tracker.begin("m"));
        assertTrue(tracker.begin("other"));
    }

    @Test
    void anAnsweredKeyMayBeAskedAgainAtOnce() {
        tracker.begin("m");
        tracker.succeeded("m");
        assertTrue(tracker.begin("m"));
    }

    @Test
    void anUnresolvedKeyIsQuietForTheNegativePeriodOnly() {
        tracker.begin("m");
        tracker.failed("m");
        now.addAndGet(MissTracker.NEGATIVE_NANOS - 1);
        assertFalse(tracker.begin("m"));
        now.addAndGet(1);
        assertTrue(tracker.begin("m"));
    }

    @Test
    void anUnansweredMissStopsBlockingItsKeyEventually() {
        tracker.begin("m");
        now.addAndGet(MissTracker.IN_FLIGHT_NANOS - 1);
        assertFalse(tracker.begin("m"));
        now.addAndGet(1);
        assertTrue(tracker.begin("m"));
    }

    @Test
    void anAbandonedMissIsAskedAgainWithoutPenalty() {
        tracker.begin("m");
        tracker.abandoned("m");
        assertTrue(tracker.begin("m"));
    }

    @Test
    void forgettingClearsTheNegativeCache() {
        tracker.begin("m");
        tracker.failed("m");
        tracker.forget("m");
        assertTrue(tracker.begin("m"));
    }

    @Test
    void theInFlightSetIsBounded() {
        for (int i = 0; i < MissTracker.MAX_KEYS; i++) {
            assertTrue(tracker.begin(i));
        }
        assertFalse(tracker.begin("one too many"));
        now.addAndGet(MissTracker.IN_FLIGHT_NANOS);
        assertTrue(tracker.begin("one too many"), "stale entries are swept when the set is full");
    }

    /**
     * A key invalidated while its question was being answered (the plugin learned the MAC just as it answered drop) is
     * not made quiet by that stale answer: the next miss asks again.
     */
    @Test
    void aDropForAKeyForgottenWhileInFlightLeavesItAskable() {
        assertTrue(tracker.begin("m"));
        tracker.forget("m");
        tracker.failed("m");
        assertTrue(tracker.begin("m"));
    }
}
