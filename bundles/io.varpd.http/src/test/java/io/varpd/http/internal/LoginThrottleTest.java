// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private long now = 1_000_000_000L;
    private final LoginThrottle throttle =
            new LoginThrottle(5, Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofSeconds(30), 100, () -> now);

    private void advance(Duration d) {
        now += d.toNanos();
    }

    @Test
    void theFirstFewFailuresCostNothing() {
        for (int i = 0; i < 5; i++) {
            assertEquals(Duration.ZERO, throttle.failed("127.0.0.1", "admin"));
            assertEquals(Duration.ZERO, throttle.waitLeft("127.0.0.1", "admin"));
        }
        assertEquals(5, throttle.failures("127.0.0.1", "admin"));
    }

    @Test
    void furtherFailuresCloseTheDoorForADoublingDelayUpToTheCap() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("127.0.0.1", "admin");
        }
        long[] expected = {1, 2, 4, 8, 16, 30, 30};
        for (long seconds : expected) {
            assertEquals(Duration.ofSeconds(seconds), throttle.failed("127.0.0.1", "admin"));
            assertEquals(Duration.ofSeconds(seconds), throttle.waitLeft("127.0.0.1", "admin"));
            advance(Duration.ofSeconds(seconds).minusMillis(1));
            assertEquals(Duration.ofMillis(1), throttle.waitLeft("127.0.0.1", "admin"));
            advance(Duration.ofMillis(1));
            assertEquals(Duration.ZERO, throttle.waitLeft("127.0.0.1", "admin"), "never longer than the delay");
        }
    }

    @Test
    void aSuccessfulLoginStartsAfresh() {
        for (int i = 0; i < 7; i++) {
            throttle.failed("127.0.0.1", "admin");
        }
        throttle.succeeded("127.0.0.1", "admin");

        assertEquals(Duration.ZERO, throttle.waitLeft("127.0.0.1", "admin"));
        assertEquals(0, throttle.failures("127.0.0.1", "admin"));
        assertEquals(Duration.ZERO, throttle.failed("127.0.0.1", "admin"));
    }

    @Test
    void aQuietMinuteStartsAfresh() {
        for (int i = 0; i < 6; i++) {
            throttle.failed("127.0.0.1", "admin");
        }
        advance(Duration.ofSeconds(61));

        assertEquals(Duration.ZERO, throttle.failed("127.0.0.1", "admin"));
        assertEquals(1, throttle.failures("127.0.0.1", "admin"));
    }

    @Test
    void otherAddressesAndUsersKeepTheirOwnCount() {
        for (int i = 0; i < 6; i++) {
            throttle.failed("127.0.0.1", "admin");
        }
        assertTrue(throttle.waitLeft("127.0.0.1", "admin").toMillis() > 0);
        assertEquals(Duration.ZERO, throttle.waitLeft("127.0.0.2", "admin"));
        assertEquals(Duration.ZERO, throttle.waitLeft("127.0.0.1", "operator"));
    }

    @Test
    void theTableStaysBoundedAndDropsTheOldestFirst() {
        for (int i = 0; i < 250; i++) {
            throttle.failed("127.0.0.1", "user" + i);
            advance(Duration.ofMillis(1));
        }
        assertTrue(throttle.tracked() <= 100, "tracked " + throttle.tracked());
        assertEquals(0, throttle.failures("127.0.0.1", "user0"));
        assertEquals(1, throttle.failures("127.0.0.1", "user249"));
    }
}
