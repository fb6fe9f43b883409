// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal.instance;

import io.varpd.api.VarpdException;
import io.varpd.api.admin.InstanceInfo;
import io.varpd.api.admin.InstanceState;
import io.varpd.core.internal.property.OverlaySettings;
import java.util.Map;
import java.util.Optional;

/**
 * What core knows about one overlay configuration at one moment: its settings (null when they could not be read), its
 * live instance (when ACTIVE), its id (kept while it waits, so an instance comes back with the same id), and why it is
 * not active. Immutable; replaced whole.
 *
 * @param pid the configuration PID
 * @param settings the parsed settings, null when the configuration is invalid
 * @param id the reserved instance id, 0 when none
 * @param instance the live instance, null unless ACTIVE
 * @param state the state
 * @param detail why it waits or failed; a refused change while ACTIVE
 * @param error the error behind an ERROR state (or a refused change), for callers that asked for it
 * @param link the link name, also when the settings are invalid (best effort)
 * @param plugin the plugin name (from the factory PID)
 */
public record OverlayRecord(
        String pid,
        OverlaySettings settings,
        long id,
        Instance instance,
        InstanceState state,
        String detail,
        VarpdException error,
        String link,
        String plugin) {

    public Optional<Instance> live() {
        return Optional.ofNullable(instance);
    }

    /**
     * The operator's view, with live degraded status and counters. An active instance with a detail (a refused change,
     * a saved state set aside) is degraded: the detail comes first, then the plugin's own degraded message.
     */
    public InstanceInfo info() {
        boolean noted = state == InstanceState.ACTIVE && !detail.isEmpty();
        Optional<String> own = instance == null ? Optional.empty() : instance.degradedMessage();
        boolean degraded = noted || own.isPresent();
        String d = noted ? detail + own.map(m -> "; " + m).orElse("") : own.orElse(detail);
        Map<String, Long> counters = instance == null ? Map.of() : instance.countersWithDevice();
        return new InstanceInfo(
                id,
                link,
                plugin,
                settings == null ? 0 : settings.vnetid(),
                settings == null ? "" : settings.device(),
                state,
                degraded,
                d,
                pid,
                counters);
    }
}
