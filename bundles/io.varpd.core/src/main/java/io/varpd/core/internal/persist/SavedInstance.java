// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal.persist;

import io.varpd.api.PluginMode;
import java.util.Map;
import java.util.Objects;

/**
 * What core keeps of an instance across restarts and plugin updates: its id, the configuration it belongs to, its
 * plugin, the plugin's private state (illumos varpd's {@code vri_*} keys), and the configuration it last ran with, so
 * that a configuration broken while varpd was down does not take a working overlay down at the next start.
 *
 * @param id the instance id, restored exactly
 * @param pid the configuration PID
 * @param link the link name, for messages
 * @param plugin the plugin name
 * @param mode the plugin's mode when saved
 * @param state what the plugin's {@code save} returned
 * @param configuration the properties the instance last ran with; empty when not known (files written before this was
 *     kept)
 */
public record SavedInstance(
        long id,
        String pid,
        String link,
        String plugin,
        PluginMode mode,
        Map<String, Object> state,
        Map<String, Object> configuration) {
    public SavedInstance {
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(plugin, "plugin");
        Objects.requireNonNull(mode, "mode");
        state = Map.copyOf(state);
        configuration = Map.copyOf(configuration);
    }

    /** Without the configuration it ran with. */
    public SavedInstance(long id, String pid, String link, String plugin, PluginMode mode, Map<String, Object> state) {
        this(id, pid, link, plugin, mode, state, Map.of());
    }
}
