// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.api.admin;

import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of one configured overlay instance.
 *
 * @param id the varpd instance id (1..2^31-1), 0 while none is allocated
 * @param link the overlay link name
 * @param plugin the lookup plugin's name
 * @param vnetid the virtual network id
 * @param device the kind of overlay device
 * @param state where the instance is
 * @param degraded whether an active instance is degraded
 * @param detail why it waits or failed, or the degraded message; empty when all is well
 * @param configPid the PID of the factory configuration behind the instance
 * @param counters lookup counters by name (lookups, ok, drop, ...); may be empty
 */
public record InstanceInfo(
        long id,
        String link,
        String plugin,
        long vnetid,
        String device,
        InstanceState state,
        boolean degraded,
        String detail,
        String configPid,
        Map<String, Long> counters) {
    public InstanceInfo {
        Objects.requireNonNull(link, "link");
        Objects.requireNonNull(state, "state");
        detail = detail == null ? "" : detail;
        counters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(counters)); // keeps core's order
    }

    /** dladm's {@code show-overlay -f} STATUS: ONLINE, DEGRADED, or the state when not active. */
    public String status() {
        if (state != InstanceState.ACTIVE) {
            return state.name();
        }
        return degraded ? "DEGRADED" : "ONLINE";
    }
}
