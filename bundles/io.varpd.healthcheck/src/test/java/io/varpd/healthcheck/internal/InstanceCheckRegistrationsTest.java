// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.healthcheck.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.junit.jupiter.api.Test;

class InstanceCheckRegistrationsTest {
    private final FakeCheckRegistry registry = new FakeCheckRegistry();
    /** Checks that only say which link they are for. */
    private final InstanceCheckRegistrations registrations =
            new InstanceCheckRegistrations(registry, link -> () -> new Result(Result.Status.OK, link));

    @Test
    void publishesOneCheckPerLinkWithItsNameTagAndLink() {
        assertEquals(List.of(), registrations.sync(List.of("demo0", "svp1")));

        assertEquals(List.of("demo0", "svp1"), registry.liveLinks());
        assertEquals(
                Map.of(HealthCheck.NAME, "varpd overlay demo0", HealthCheck.TAGS, "varpd", "varpd.link", "demo0"),
                registry.calls.get(0).properties);
        assertEquals(
                "svp1", registry.calls.get(1).check.execute().iterator().next().getMessage());
        assertEquals(Set.of("demo0", "svp1"), registrations.links());
    }

    @Test
    void keepsTheCheckOfALinkThatIsStillThere() {
        registrations.sync(List.of("demo0"));
        FakeCheckRegistry.Published first = registry.calls.get(0);

        registrations.sync(List.of("demo0", "b0"));
        registrations.sync(List.of("b0", "demo0"));

        assertEquals(2, registry.calls.size(), "demo0 published once, b0 once");
        assertSame(first, registry.calls.get(0));
        assertTrue(first.live());
    }

    @Test
    void withdrawsTheCheckOfALinkThatIsGone() {
        registrations.sync(List.of("a0", "b0", "c0"));

        registrations.sync(List.of("a0", "c0"));

        assertEquals(List.of("a0", "c0"), registry.liveLinks());
        assertEquals(1, registry.calls.get(1).unregisterCalls);
        assertEquals(Set.of("a0", "c0"), registrations.links());
    }

    @Test
    void aLinkThatComesBackGetsAFreshCheck() {
        registrations.sync(List.of("a0"));
        registrations.sync(List.of());
        registrations.sync(List.of("a0"));

        assertEquals(2, registry.calls.size());
        assertEquals(List.of("a0"), registry.liveLinks());
    }

    @Test
    void aRefusedRegistrationIsReportedDoesNotStopTheOthersAndIsRetried() {
        registry.refusedLinks.add("b0");

        List<String> problems = registrations.sync(List.of("a0", "b0", "c0"));

        assertEquals(List.of("could not publish the health check of overlay b0: registry refuses b0"), problems);
        assertEquals(List.of("a0", "c0"), registry.liveLinks());

        registry.refusedLinks.clear();
        assertEquals(List.of(), registrations.sync(List.of("a0", "b0", "c0")));
        assertEquals(List.of("a0", "c0", "b0"), registry.liveLinks());
    }

    @Test
    void aFailingWithdrawalIsReportedAndTheLinkForgotten() {
        CheckRegistry failingUnregister = (check, props) -> () -> {
            throw new IllegalStateException("registry is gone");
        };
        InstanceCheckRegistrations r =
                new InstanceCheckRegistrations(failingUnregister, link -> () -> new Result(Result.Status.OK, link));
        r.sync(List.of("a0"));

        assertEquals(List.of("could not withdraw the health check of overlay a0: registry is gone"), r.sync(List.of()));
        assertEquals(Set.of(), r.links());
    }

    @Test
    void closeWithdrawsEveryCheckAndLaterSyncsPublishNothing() {
        registrations.sync(List.of("a0", "b0"));

        registrations.close();

        assertEquals(List.of(), registry.liveLinks());
        registrations.sync(List.of("a0", "b0", "c0"));
        assertEquals(2, registry.calls.size(), "nothing published after close");
        assertEquals(Set.of(), registrations.links());
    }

    @Test
    void duplicateLinksInOnePollGiveOneCheck() {
        registrations.sync(List.of("a0", "a0"));
        assertEquals(List.of("a0"), registry.liveLinks());
    }
}
