package io.varpd.plugin.svp.internal.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The degrade flags of a remote and their severity order (spec 9.10). */
class RemoteHealthTest {
    private static final String DNS = "degrade failed to resolve or find entries for hostname portolan.test";
    private static final String REMOTE = "degrade cannot reach any remote peers";

    private final List<String> calls = new ArrayList<>();
    private final RemoteHealth health = new RemoteHealth("portolan.test", new RemoteHealth.Listener() {
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
    void setDegradesWithTheFlagsExactMessage() {
        health.set(RemoteHealth.REMOTE_FAIL);
        assertEquals(List.of(REMOTE), calls);
        health.clear(RemoteHealth.REMOTE_FAIL);
        health.set(RemoteHealth.DNS_FAIL);
        assertEquals(List.of(REMOTE, "restore", DNS), calls);
    }

    @Test
    void settingAFlagAgainDoesNothing() {
        health.set(RemoteHealth.DNS_FAIL);
        health.set(RemoteHealth.DNS_FAIL);
        assertEquals(List.of(DNS), calls);
    }

    @Test
    void aMoreSevereFlagReplacesTheMessageALessSevereOneDoesNot() {
        health.set(RemoteHealth.REMOTE_FAIL);
        health.set(RemoteHealth.DNS_FAIL);
        assertEquals(List.of(REMOTE, DNS), calls);
        calls.clear();
        health.clear(RemoteHealth.REMOTE_FAIL);
        health.set(RemoteHealth.REMOTE_FAIL);
        assertEquals(List.of(), calls, "DNS_FAIL stays the message");
    }

    @Test
    void clearingTheMostSevereFlagFallsBackToTheNextOneAndClearingAllRestores() {
        health.set(RemoteHealth.DNS_FAIL);
        health.set(RemoteHealth.REMOTE_FAIL);
        health.clear(RemoteHealth.DNS_FAIL);
        health.clear(RemoteHealth.REMOTE_FAIL);
        assertEquals(List.of(DNS, REMOTE, "restore"), calls);
        assertNull(health.message());
    }

    @Test
    void clearingAFlagThatIsNotSetDoesNothing() {
        health.clear(RemoteHealth.DNS_FAIL);
        health.set(RemoteHealth.REMOTE_FAIL);
        health.clear(RemoteHealth.DNS_FAIL);
        assertEquals(List.of(REMOTE), calls);
    }
}
