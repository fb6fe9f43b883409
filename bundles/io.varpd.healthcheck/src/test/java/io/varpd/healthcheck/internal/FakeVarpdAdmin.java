// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.healthcheck.internal;

import io.varpd.api.admin.InstanceInfo;
import io.varpd.api.admin.InstanceState;
import io.varpd.api.admin.StrayDevice;
import io.varpd.api.admin.VarpdAdminAdapter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A VarpdAdmin that only reads: a table of instances the test sets, or a failure to throw from
 * every read. The writing and lookup operations are not used by the health checks.
 */
final class FakeVarpdAdmin extends VarpdAdminAdapter {
    private final Map<String, InstanceInfo> byLink = new ConcurrentSkipListMap<>();
    private volatile RuntimeException failure;
    /** What {@link #strayDevices()} answers. */
    volatile List<StrayDevice> stray = List.of();

    static InstanceInfo instance(String link, InstanceState state, boolean degraded, String detail) {
        return new InstanceInfo(1, link, "direct", 4242, "memory", state, degraded, detail,
                "io.varpd.overlay.direct~" + link, Map.of());
    }

    static InstanceInfo online(String link) {
        return instance(link, InstanceState.ACTIVE, false, "");
    }

    FakeVarpdAdmin put(InstanceInfo info) {
        byLink.put(info.link(), info);
        return this;
    }

    FakeVarpdAdmin remove(String link) {
        byLink.remove(link);
        return this;
    }

    /** Every read throws {@code e} from now on; null to stop. */
    void failWith(RuntimeException e) {
        failure = e;
    }

    private void maybeFail() {
        RuntimeException e = failure;
        if (e != null) {
            throw e;
        }
    }

    @Override
    public List<InstanceInfo> instances() {
        maybeFail();
        List<InstanceInfo> out = new ArrayList<>(byLink.values());
        out.sort(Comparator.comparing(InstanceInfo::link));
        return out;
    }

    @Override
    public Optional<InstanceInfo> instance(String link) {
        maybeFail();
        return Optional.ofNullable(byLink.get(link));
    }












    @Override
    public List<StrayDevice> strayDevices() {
        maybeFail();
        return stray;
    }
}
