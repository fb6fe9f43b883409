// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.metrics.internal;

import io.varpd.api.admin.InstanceInfo;
import io.varpd.api.admin.StrayDevice;
import java.util.List;

/**
 * Everything one scrape exports, read once so that the families agree with one another: the instances (link-name order,
 * as core lists them), the stray devices, and the providers' counters (by type).
 */
public record VarpdSnapshot(
        List<InstanceInfo> instances, List<StrayDevice> strayDevices, List<ProviderCounters> providers) {
    public VarpdSnapshot {
        instances = List.copyOf(instances);
        strayDevices = List.copyOf(strayDevices);
        providers = List.copyOf(providers);
    }
}
