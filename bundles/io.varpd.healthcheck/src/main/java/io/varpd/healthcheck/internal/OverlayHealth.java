// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.healthcheck.internal;

import io.varpd.api.admin.InstanceInfo;
import io.varpd.api.admin.StrayDevice;
import java.util.List;
import java.util.Optional;
import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.ResultLog;

/**
 * How an overlay instance's status reads as a health check: pure functions from {@link InstanceInfo} to health check
 * results, with no state and no OSGi.
 *
 * <p>Each instance gives exactly one log line, {@code <link>: <STATUS>}, followed by {@code : <detail>} when core gave
 * a detail. ACTIVE and ONLINE is OK; ACTIVE and DEGRADED, and WAITING, are WARN; ERROR is CRITICAL. A device that
 * exists without an instance is one WARN line saying so.
 */
final class OverlayHealth {

    private OverlayHealth() {}

    /** The status an instance's check reports. */
    static Result.Status status(InstanceInfo instance) {
        switch (instance.state()) {
            case ACTIVE:
                return instance.degraded() ? Result.Status.WARN : Result.Status.OK;
            case WAITING:
                return Result.Status.WARN;
            case ERROR:
                return Result.Status.CRITICAL;
            default:
                // A state added to the API after this bundle was built: known to be not well.
                return Result.Status.WARN;
        }
    }

    /** The one log line for an instance: status and, when there is one, core's detail. */
    static ResultLog.Entry entry(InstanceInfo instance) {
        String text = instance.link() + ": " + instance.status();
        if (!instance.detail().isEmpty()) {
            text += ": " + instance.detail();
        }
        return new ResultLog.Entry(status(instance), text);
    }

    /**
     * The line for a device without an instance: always WARN, as the original marks such an overlay degraded, e.g.
     * {@code vx7 (linux device, VNI 7, namespace blue): DEGRADED: no varpd instance exists}.
     */
    static ResultLog.Entry entry(StrayDevice device) {
        StringBuilder where = new StringBuilder(device.deviceType()).append(" device");
        if (device.vnetid() >= 0) {
            where.append(", VNI ").append(device.vnetid());
        }
        if (!device.location().isEmpty()) {
            where.append(", namespace ").append(device.location());
        }
        return new ResultLog.Entry(
                Result.Status.WARN, device.linkName() + " (" + where + "): DEGRADED: " + device.detail());
    }

    /**
     * The result of the check of {@code link}, given what core knows of it now. An instance core does not know (deleted
     * since the last poll, or not loaded yet) is WARN: the check cannot vouch for it.
     */
    static Result instanceResult(String link, Optional<InstanceInfo> instance) {
        if (instance.isEmpty()) {
            return new Result(Result.Status.WARN, link + ": not known to varpd (deleted, or not loaded yet)");
        }
        return new Result(new ResultLog().add(entry(instance.get())));
    }

    /**
     * The summary result: one line per instance, in the given order (OK when there are none), then a WARN line per
     * problem met while publishing the per-instance checks, since their rows may then be missing or stale.
     */
    static Result summary(
            List<InstanceInfo> instances, List<StrayDevice> strayDevices, List<String> publishingProblems) {
        ResultLog log = new ResultLog();
        if (instances.isEmpty()) {
            log.add(new ResultLog.Entry(Result.Status.OK, "no overlay instances configured"));
        }
        for (InstanceInfo i : instances) {
            log.add(entry(i));
        }
        for (StrayDevice d : strayDevices) {
            log.add(entry(d));
        }
        for (String p : publishingProblems) {
            log.add(new ResultLog.Entry(Result.Status.WARN, p));
        }
        return new Result(log);
    }

    /** The result of a check that could not ask core at all. */
    static Result failure(String what, RuntimeException e) {
        return new Result(Result.Status.HEALTH_CHECK_ERROR, what + ": " + describe(e), e);
    }

    /** An exception as a sentence: its message, or its type when it has none. */
    static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getName() : m;
    }
}
