// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.webconsole.internal.dashboard;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock the test moves by hand. */
final class ManualClock extends Clock {
    long millis = 1_700_000_000_000L;

    void advanceSeconds(long s) {
        millis += s * 1000;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis);
    }
}
