// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.healthcheck.internal;

import static io.varpd.api.admin.ScriptedVarpdAdmin.info;
import static io.varpd.api.admin.ScriptedVarpdAdmin.online;
import static io.varpd.healthcheck.internal.Results.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.varpd.api.admin.InstanceState;
import io.varpd.api.admin.ScriptedVarpdAdmin;
import io.varpd.api.admin.StrayDevice;
import java.util.List;
import java.util.Set;
import org.apache.felix.hc.api.Result;
import org.junit.jupiter.api.Test;

class VarpdHealthChecksTest {
    private final ScriptedVarpdAdmin admin = new ScriptedVarpdAdmin();
    private final FakeCheckRegistry registry = new FakeCheckRegistry();
    private final VarpdHealthChecks checks = new VarpdHealthChecks(admin, registry);

    @Test
    void summaryHasOneLinePerInstance() {
        admin.put(online("demo0")).put(info("bad0", InstanceState.ERROR, false, "direct/dest_port: 70000 is too big"));

        Result r = checks.execute();

        assertEquals(Result.Status.CRITICAL, r.getStatus());
        assertEquals(List.of("CRITICAL bad0: ERROR: direct/dest_port: 70000 is too big", "OK demo0: ONLINE"), lines(r));
    }

    @Test
    void summaryWarnsOfADeviceThatExistsWithoutAnInstance() {
        admin.put(online("demo0"));
        admin.stray(new StrayDevice("linux", "vx9", 9, ""));

        Result r = checks.execute();

        assertEquals(Result.Status.WARN, r.getStatus());
        assertEquals(
                List.of("OK demo0: ONLINE", "WARN vx9 (linux device, VNI 9): DEGRADED: no varpd instance exists"),
                lines(r));
    }

    @Test
    void refreshPublishesAPerInstanceCheckThatReadsCoreLive() {
        admin.put(online("demo0"));

        checks.refresh();

        assertEquals(List.of("demo0"), registry.liveLinks());
        FakeCheckRegistry.Published p = registry.calls.get(0);
        assertEquals("varpd overlay demo0", p.properties.get("hc.name"));
        admin.put(info("demo0", InstanceState.ACTIVE, true, "peer lost"));
        assertEquals(List.of("WARN demo0: DEGRADED: peer lost"), lines(p.check.execute()));
    }

    @Test
    void refreshFollowsInstancesComingAndGoing() {
        admin.put(online("a0")).put(online("b0"));
        checks.refresh();
        admin.remove("a0").put(online("c0"));

        checks.refresh();

        assertEquals(List.of("b0", "c0"), registry.liveLinks());
        assertEquals(Set.of("b0", "c0"), checks.publishedLinks());
    }

    @Test
    void aFailedPollIsShownInTheSummaryUntilAGoodOne() {
        admin.put(online("a0"));
        admin.failAlways("instances", new IllegalStateException("core busy"));
        checks.refresh();
        admin.stopFailing();

        assertEquals(
                List.of(
                        "OK a0: ONLINE",
                        "WARN could not list the overlay instances to publish their checks: core busy"),
                lines(checks.execute()));

        checks.refresh();
        assertEquals(List.of("OK a0: ONLINE"), lines(checks.execute()));
    }

    @Test
    void aRefusedPublicationIsShownInTheSummary() {
        admin.put(online("a0"));
        registry.refusedLinks.add("a0");

        checks.refresh();

        assertEquals(Result.Status.WARN, checks.execute().getStatus());
        assertEquals(
                "WARN could not publish the health check of overlay a0: registry refuses a0",
                lines(checks.execute()).get(1));
    }

    @Test
    void summaryReportsAFailingCoreAsHealthCheckError() {
        admin.failAlways("instances", new IllegalStateException("core is stopping"));
        assertEquals(Result.Status.HEALTH_CHECK_ERROR, checks.execute().getStatus());
    }

    @Test
    void deactivateWithdrawsEveryPerInstanceCheckAndStopsPublishing() {
        admin.put(online("a0")).put(online("b0"));
        checks.refresh();

        checks.deactivate();

        assertEquals(List.of(), registry.liveLinks());
        checks.refresh();
        assertEquals(List.of(), registry.liveLinks());
    }
}
