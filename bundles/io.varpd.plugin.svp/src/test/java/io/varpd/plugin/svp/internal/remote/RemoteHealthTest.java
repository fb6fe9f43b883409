// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The degrade flags of a remote, their sentences and their severity order (docs/architecture.md#the-svp-client). */
class RemoteHealthTest {
    private static final String DNS = "failed to resolve or find entries for hostname portolan.test";
    private static final String REMOTE = "svp server portolan.test port 1296 is unreachable: connection refused";
    private static final String SILENT = "svp server portolan.test port 1296 accepts connections but does not answer";
    private static final String LOG = "svp server portolan.test port 1296 answers LOG_REQ with FATAL";

    private final List<String> calls = new ArrayList<>();
    private final RemoteHealth health = new RemoteHealth(new RemoteHealth.Listener() {
        @Override
        public void degrade(String message) {
            calls.add("degrade " + message);
        }

        @Override
        public void restore() {
            calls.add("restore");
        }
    });

    @Test
    void setDegradesWithTheFlagsSentence() {
        health.set(RemoteHealth.REMOTE_FAIL, REMOTE);
        assertEquals(List.of("degrade " + REMOTE), calls);
        health.clear(RemoteHealth.REMOTE_FAIL);
        health.set(RemoteHealth.DNS_FAIL, DNS);
        assertEquals(List.of("degrade " + REMOTE, "restore", "degrade " + DNS), calls);
    }

    @Test
    void settingAFlagAgainDoesNothingEvenWithAnotherSentence() {
        health.set(RemoteHealth.REMOTE_FAIL, REMOTE);
        health.set(RemoteHealth.REMOTE_FAIL, REMOTE);
        health.set(RemoteHealth.REMOTE_FAIL, "svp server portolan.test port 1296 is unreachable: timed out");
        assertEquals(List.of("degrade " + REMOTE), calls);
        assertEquals(REMOTE, health.message());
    }

    @Test
    void aMoreSevereFlagReplacesTheMessageALessSevereOneDoesNot() {
        health.set(RemoteHealth.REMOTE_FAIL, REMOTE);
        health.set(RemoteHealth.DNS_FAIL, DNS);
        assertEquals(List.of("degrade " + REMOTE, "degrade " + DNS), calls);
        calls.clear();
        health.clear(RemoteHealth.REMOTE_FAIL);
        health.set(RemoteHealth.REMOTE_FAIL, REMOTE);
        health.set(RemoteHealth.LOG_FAIL, LOG);
        assertEquals(List.of(), calls, "DNS_FAIL stays the message");
    }

    @Test
    void theFlagsRankDnsThenUnreachableThenSilentThenLog() {
        health.set(RemoteHealth.LOG_FAIL, LOG);
        health.set(RemoteHealth.NO_ANSWER, SILENT);
        health.set(RemoteHealth.REMOTE_FAIL, REMOTE);
        health.set(RemoteHealth.DNS_FAIL, DNS);
        health.clear(RemoteHealth.DNS_FAIL);
        health.clear(RemoteHealth.REMOTE_FAIL);
        health.clear(RemoteHealth.NO_ANSWER);
        health.clear(RemoteHealth.LOG_FAIL);
        assertEquals(
                List.of(
                        "degrade " + LOG,
                        "degrade " + SILENT,
                        "degrade " + REMOTE,
                        "degrade " + DNS,
                        "degrade " + REMOTE,
                        "degrade " + SILENT,
                        "degrade " + LOG,
                        "restore"),
                calls);
    }

    @Test
    void clearingTheMostSevereFlagFallsBackToTheNextOneAndClearingAllRestores() {
        health.set(RemoteHealth.DNS_FAIL, DNS);
        health.set(RemoteHealth.REMOTE_FAIL, REMOTE);
        health.clear(RemoteHealth.DNS_FAIL);
        health.clear(RemoteHealth.REMOTE_FAIL);
        assertEquals(List.of("degrade " + DNS, "degrade " + REMOTE, "restore"), calls);
        assertNull(health.message());
    }

    @Test
    void clearingAFlagThatIsNotSetDoesNothing() {
        health.clear(RemoteHealth.DNS_FAIL);
        health.set(RemoteHealth.REMOTE_FAIL, REMOTE);
        health.clear(RemoteHealth.DNS_FAIL);
        assertEquals(List.of("degrade " + REMOTE), calls);
    }
}
