// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal.property;

import io.varpd.api.admin.OverlayConfig;
import io.varpd.api.plugin.PropertyDescription;
import io.varpd.api.plugin.PropertyType;
import java.util.List;

/**
 * The properties every overlay instance has besides its plugin's: dladm's generic device properties ({@code vnetid},
 * {@code encap}, {@code varpd/id}), the read-only {@code search} naming the plugin, the encapsulation's listen address
 * and port, and which device carries it.
 */
public final class CommonProperties {
    /** The device kinds varpd ships (their settings are known even while a provider is absent). */
    public static final java.util.Set<String> SHIPPED_DEVICES = java.util.Set.of("memory", "linux");

    public static final String SEARCH = "search";
    public static final String VARPD_ID = "varpd/id";
    public static final String ENCAP_VXLAN = "vxlan";

    public static final PropertyDescription LINK = PropertyDescription.builder(OverlayConfig.LINK, PropertyType.STRING)
            .required()
            .readOnly()
            .description(
                    "Overlay link name: letters, digits and '_', starting with a letter and ending with a digit, at most 31 characters.")
            .build();
    public static final PropertyDescription VNETID = PropertyDescription.builder(
                    OverlayConfig.VNETID, PropertyType.UINT)
            .required()
            .range(0, OverlayConfig.MAX_VNETID)
            .description("Virtual network id (VXLAN VNI).")
            .build();
    public static final PropertyDescription ENCAP = PropertyDescription.builder(
                    OverlayConfig.ENCAP, PropertyType.STRING)
            .readOnly()
            .defaultValue(ENCAP_VXLAN)
            .options(ENCAP_VXLAN)
            .description("Encapsulation; only vxlan exists.")
            .build();
    public static final PropertyDescription LISTEN_IP = PropertyDescription.builder(
                    OverlayConfig.LISTEN_IP, PropertyType.IP)
            .description("Underlay address the encapsulation listens on.")
            .build();
    public static final PropertyDescription LISTEN_PORT = PropertyDescription.builder(
                    OverlayConfig.LISTEN_PORT, PropertyType.UINT)
            .defaultValue((long) OverlayConfig.DEFAULT_LISTEN_PORT)
            .range(1, 65535)
            .description("Underlay UDP port of the encapsulation.")
            .build();

    private CommonProperties() {}

    public static final PropertyDescription DEVICE = PropertyDescription.builder(
                    OverlayConfig.DEVICE, PropertyType.STRING)
            .defaultValue(OverlayConfig.DEFAULT_DEVICE)
            .description("Kind of overlay device: memory (in-JVM) or linux (kernel VXLAN).")
            .build();

    /** The common properties an instance's configuration may set, in display order. */
    public static final List<PropertyDescription> CONFIGURABLE = List.of(LINK, VNETID, DEVICE, LISTEN_IP, LISTEN_PORT);

    /** The read-only {@code search} property: the plugin's name; possible values are all plugins. */
    public static PropertyDescription search(List<String> plugins) {
        return PropertyDescription.builder(SEARCH, PropertyType.STRING)
                .readOnly()
                .options(plugins.toArray(String[]::new))
                .description("The lookup plugin of this overlay.")
                .build();
    }

    /** The read-only {@code varpd/id} property. */
    public static final PropertyDescription ID = PropertyDescription.builder(VARPD_ID, PropertyType.UINT)
            .readOnly()
            .description("The varpd instance id.")
            .build();

    /** Whether {@code link} is a valid link name (dladm's rule). */
    public static boolean isValidLinkName(String link) {
        if (link == null || link.isEmpty() || link.length() > 31) {
            return false;
        }
        if (!Character.isLetter(link.charAt(0)) || !Character.isDigit(link.charAt(link.length() - 1))) {
            return false;
        }
        for (int i = 0; i < link.length(); i++) {
            char c = link.charAt(i);
            if (c > 127 || !(Character.isLetterOrDigit(c) || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code name} is a valid plugin or device name: lowercase letters, digits, '_'. */
    public static boolean isValidModuleName(String name) {
        return name != null && name.matches("[a-z][a-z0-9_]{0,30}");
    }
}
