// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.healthcheck.internal;

import static io.varpd.api.admin.ScriptedVarpdAdmin.info;
import static io.varpd.api.admin.ScriptedVarpdAdmin.online;
import static io.varpd.healthcheck.internal.Results.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.varpd.api.admin.InstanceState;
import io.varpd.api.admin.StrayDevice;
import java.util.List;
import java.util.Optional;
import org.apache.felix.hc.api.Result;
import org.junit.jupiter.api.Test;

class OverlayHealthTest {

    @Test
    void activeAndOnlineIsOkSayingOnline() {
        Result r = OverlayHealth.instanceResult("demo0", Optional.of(online("demo0")));
        assertEquals(Result.Status.OK, r.getStatus());
        assertEquals(List.of("OK demo0: ONLINE"), lines(r));
    }

    @Test
    void activeAndDegradedIsWarnWithThePluginsMessage() {
        Result r = OverlayHealth.instanceResult(
                "svp0",
                Optional.of(info("svp0", InstanceState.ACTIVE, true, "lost connection to portolan 10.0.0.1:1296")));
        assertEquals(Result.Status.WARN, r.getStatus());
        assertEquals(List.of("WARN svp0: DEGRADED: lost connection to portolan 10.0.0.1:1296"), lines(r));
    }

    @Test
    void degradedWithoutAMessageStillSaysDegraded() {
        Result r = OverlayHealth.instanceResult("svp0", Optional.of(info("svp0", InstanceState.ACTIVE, true, "")));
        assertEquals(List.of("WARN svp0: DEGRADED"), lines(r));
    }

    @Test
    void waitingIsWarnWithTheDetail() {
        Result r = OverlayHealth.instanceResult(
                "files0", Optional.of(info("files0", InstanceState.WAITING, false, "plugin files is not registered")));
        assertEquals(Result.Status.WARN, r.getStatus());
        assertEquals(List.of("WARN files0: WAITING: plugin files is not registered"), lines(r));
    }

    @Test
    void configurationErrorIsCriticalWithTheDetail() {
        Result r = OverlayHealth.instanceResult(
                "bad0",
                Optional.of(
                        info("bad0", InstanceState.ERROR, false, "direct/dest_port 70000 is out of range 1-65535")));
        assertEquals(Result.Status.CRITICAL, r.getStatus());
        assertEquals(List.of("CRITICAL bad0: ERROR: direct/dest_port 70000 is out of range 1-65535"), lines(r));
    }

    @Test
    void theDegradedFlagCountsOnlyForActiveInstances() {
        // WAITING and ERROR are what they are, whatever the flag says.
        assertEquals(Result.Status.WARN, OverlayHealth.status(info("a0", InstanceState.WAITING, true, "x")));
        assertEquals(Result.Status.CRITICAL, OverlayHealth.status(info("a0", InstanceState.ERROR, true, "x")));
    }

    @Test
    void messagesAreKeptVerbatimEvenWithPlaceholderBraces() {
        Result r = OverlayHealth.instanceResult(
                "x0", Optional.of(info("x0", InstanceState.ACTIVE, true, "peer {} said \\{}")));
        assertEquals(List.of("WARN x0: DEGRADED: peer {} said \\{}"), lines(r));
    }

    @Test
    void anInstanceCoreDoesNotKnowIsWarnNamingTheLink() {
        Result r = OverlayHealth.instanceResult("gone0", Optional.empty());
        assertEquals(Result.Status.WARN, r.getStatus());
        assertEquals(List.of("WARN gone0: not known to varpd (deleted, or not loaded yet)"), lines(r));
    }

    @Test
    void summaryHasOneLinePerInstanceAndTheWorstStatus() {
        Result r = OverlayHealth.summary(
                List.of(
                        online("a0"),
                        info("b0", InstanceState.ERROR, false, "no such plugin option"),
                        info("c0", InstanceState.ACTIVE, true, "flaky")),
                List.of(),
                List.of());
        assertEquals(Result.Status.CRITICAL, r.getStatus());
        assertEquals(
                List.of("OK a0: ONLINE", "CRITICAL b0: ERROR: no such plugin option", "WARN c0: DEGRADED: flaky"),
                lines(r));
    }

    @Test
    void summaryOfAllOnlineInstancesIsOk() {
        Result r = OverlayHealth.summary(List.of(online("a0"), online("b0")), List.of(), List.of());
        assertEquals(Result.Status.OK, r.getStatus());
    }

    @Test
    void summaryOfNoInstancesIsOkAndSaysSo() {
        Result r = OverlayHealth.summary(List.of(), List.of(), List.of());
        assertEquals(Result.Status.OK, r.getStatus());
        assertEquals(List.of("OK no overlay instances configured"), lines(r));
    }

    @Test
    void summaryShowsPublishingProblemsAsWarningsAfterTheInstances() {
        Result r = OverlayHealth.summary(List.of(online("a0")), List.of(), List.of("could not publish x"));
        assertEquals(Result.Status.WARN, r.getStatus());
        assertEquals(List.of("OK a0: ONLINE", "WARN could not publish x"), lines(r));
    }

    @Test
    void aDeviceWithoutAnInstanceIsAWarningSayingNoInstanceExists() {
        Result r = OverlayHealth.summary(
                List.of(online("a0")),
                List.of(new StrayDevice("linux", "vx7", 7, "blue"), new StrayDevice("linux", "vx8", -1, "")),
                List.of());
        assertEquals(Result.Status.WARN, r.getStatus());
        assertEquals(
                List.of(
                        "OK a0: ONLINE",
                        "WARN vx7 (linux device, VNI 7, namespace blue): DEGRADED: no varpd instance exists",
                        "WARN vx8 (linux device): DEGRADED: no varpd instance exists"),
                lines(r));
    }

    @Test
    void aFailureNamesWhatFailedAndWhy() {
        Result r = OverlayHealth.failure(
                "could not list the overlay instances", new IllegalStateException("core is stopping"));
        assertEquals(Result.Status.HEALTH_CHECK_ERROR, r.getStatus());
        assertEquals(List.of("HEALTH_CHECK_ERROR could not list the overlay instances: core is stopping"), lines(r));
    }

    @Test
    void aFailureWithoutMessageNamesTheExceptionType() {
        Result r = OverlayHealth.failure("x", new NullPointerException());
        assertEquals(List.of("HEALTH_CHECK_ERROR x: java.lang.NullPointerException"), lines(r));
    }
}
