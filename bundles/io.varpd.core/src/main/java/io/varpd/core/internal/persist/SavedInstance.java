package io.varpd.core.internal.persist;

import io.varpd.api.PluginMode;
import java.util.Map;
import java.util.Objects;

/**
 * What core keeps of an instance across restarts and plugin updates: its id, the configuration
 * it belongs to, its plugin, and the plugin's private state (the seed's {@code vri_*} keys).
 *
 * @param id the instance id, restored exactly
 * @param pid the configuration PID
 * @param link the link name, for messages
 * @param plugin the plugin name
 * @param mode the plugin's mode when saved
 * @param state what the plugin's {@code save} returned
 */
public record SavedInstance(long id, String pid, String link, String plugin, PluginMode mode,
        Map<String, Object> state) {
    public SavedInstance {
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(plugin, "plugin");
        Objects.requireNonNull(mode, "mode");
        state = Map.copyOf(state);
    }
}
