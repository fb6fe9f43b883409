// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal.remote;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** How the operator's status view ({@code PluginOps.describe}) writes times and counts. */
final class StatusText {
    private StatusText() {}

    /** "250 ms" below a second (the tests' timings), else whole seconds rounded up: "4 s". */
    static String duration(Duration d) {
        long ms = Math.max(0, d.toMillis());
        if (ms < 1000) {
            return ms + " ms";
        }
        return ((ms + 999) / 1000) + " s";
    }

    /** "2024-05-01T12:00:03Z (4 s ago)": the moment to the second, and how long ago. */
    static String at(Instant when, Instant now) {
        return when.truncatedTo(ChronoUnit.SECONDS) + " (" + duration(Duration.between(when, now)) + " ago)";
    }

    /** "1 query" / "3 queries". */
    static String queries(int n) {
        return n + (n == 1 ? " query" : " queries");
    }
}
