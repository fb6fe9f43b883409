// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.api.admin;

import io.varpd.api.PluginMode;
import java.util.Objects;

/**
 * A registered lookup plugin.
 *
 * @param name the plugin's unique name
 * @param mode POINT or DYNAMIC
 * @param bundle the symbolic name and version of the bundle providing it
 * @param active false for a duplicate that was refused (first name wins)
 * @param detail why it was refused, else empty
 */
public record PluginInfo(String name, PluginMode mode, String bundle, boolean active, String detail) {
    public PluginInfo {
        Objects.requireNonNull(name, "name");
    }
}
