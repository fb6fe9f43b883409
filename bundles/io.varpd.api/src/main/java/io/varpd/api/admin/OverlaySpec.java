// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.api.admin;

import java.util.Map;
import java.util.Objects;

/**
 * What an operator asks for when creating an overlay ({@code dladm create-overlay}): a link, a plugin (dladm's search),
 * a vnetid, and properties as text, by name. Properties include the common ones of {@link OverlayConfig}
 * ({@code device}, {@code vxlan/listen_ip}, ...) and the plugin's.
 */
public record OverlaySpec(String link, String plugin, long vnetid, Map<String, String> properties) {
    public OverlaySpec {
        Objects.requireNonNull(link, "link");
        Objects.requireNonNull(plugin, "plugin");
        properties = Map.copyOf(properties);
    }
}
