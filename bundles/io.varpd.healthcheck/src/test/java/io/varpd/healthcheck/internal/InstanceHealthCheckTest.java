// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.healthcheck.internal;

import static io.varpd.api.admin.ScriptedVarpdAdmin.info;
import static io.varpd.api.admin.ScriptedVarpdAdmin.online;
import static io.varpd.healthcheck.internal.Results.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.varpd.api.admin.InstanceState;
import io.varpd.api.admin.ScriptedVarpdAdmin;
import java.util.List;
import org.apache.felix.hc.api.Result;
import org.junit.jupiter.api.Test;

class InstanceHealthCheckTest {

    @Test
    void eachExecutionReadsTheInstanceAsItIsNow() {
        ScriptedVarpdAdmin admin = new ScriptedVarpdAdmin().put(online("demo0"));
        InstanceHealthCheck check = new InstanceHealthCheck(admin, "demo0");
        assertEquals(List.of("OK demo0: ONLINE"), lines(check.execute()));

        admin.put(info("demo0", InstanceState.ACTIVE, true, "peer unreachable"));
        assertEquals(List.of("WARN demo0: DEGRADED: peer unreachable"), lines(check.execute()));

        admin.put(online("demo0"));
        assertEquals(Result.Status.OK, check.execute().getStatus());
    }

    @Test
    void reportsOnlyItsOwnLink() {
        ScriptedVarpdAdmin admin =
                new ScriptedVarpdAdmin().put(online("a0")).put(info("b0", InstanceState.ERROR, false, "bad"));
        assertEquals(List.of("OK a0: ONLINE"), lines(new InstanceHealthCheck(admin, "a0").execute()));
    }

    @Test
    void anInstanceDeletedSinceTheLastPollIsWarn() {
        ScriptedVarpdAdmin admin = new ScriptedVarpdAdmin().put(online("demo0"));
        InstanceHealthCheck check = new InstanceHealthCheck(admin, "demo0");
        admin.remove("demo0");
        assertEquals(Result.Status.WARN, check.execute().getStatus());
    }

    @Test
    void aFailingCoreIsAHealthCheckErrorNotAnException() {
        ScriptedVarpdAdmin admin = new ScriptedVarpdAdmin().put(online("demo0"));
        admin.failAlways("instance", new IllegalStateException("core is stopping"));
        Result r = new InstanceHealthCheck(admin, "demo0").execute();
        assertEquals(Result.Status.HEALTH_CHECK_ERROR, r.getStatus());
        assertEquals(List.of("HEALTH_CHECK_ERROR could not read overlay demo0 from varpd: core is stopping"), lines(r));
    }
}
