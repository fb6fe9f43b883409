// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.webconsole.internal.dashboard;

import io.varpd.api.admin.PropertyView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one-line summary of an overlay's plugin properties for the overview: where a point-to-point overlay sends
 * everything ({@code destination}), the mapping file ({@code file}), the mapping server ({@code server}); for another
 * plugin, its required properties. Only properties of the plugin itself ({@code <plugin>/...}) are read.
 */
final class KeyProperties {
    private KeyProperties() {}

    /** Labelled values, e.g. {@code destination=192.0.2.10:4789}; empty when nothing is set. */
    static List<String> of(String plugin, List<PropertyView> properties) {
        String prefix = plugin + "/";
        Map<String, PropertyView> own = new HashMap<>();
        for (PropertyView p : properties) {
            if (p.description().name().startsWith(prefix)) {
                own.put(p.description().name().substring(prefix.length()), p);
            }
        }
        List<String> out = new ArrayList<>();
        hostPort(out, "destination", own.get("dest_ip"), own.get("dest_port"));
        hostPort(out, "server", own.get("host"), own.get("port"));
        PropertyView file = own.get("config");
        if (file != null && file.value() != null) {
            out.add("file " + file.valueText());
        }
        if (out.isEmpty()) {
            for (Map.Entry<String, PropertyView> e : new java.util.TreeMap<>(own).entrySet()) {
                if (e.getValue().description().required() && e.getValue().value() != null) {
                    out.add(e.getKey() + " " + e.getValue().valueText());
                }
            }
        }
        return out;
    }

    private static void hostPort(List<String> out, String label, PropertyView host, PropertyView port) {
        if (host == null || host.value() == null) {
            return;
        }
        String h = host.valueText();
        if (port == null || port.value() == null) {
            out.add(label + " " + h);
            return;
        }
        // An IPv6 address before a port is bracketed, as dladm writes destinations.
        out.add(label + " " + (h.indexOf(':') >= 0 ? "[" + h + "]" : h) + ":" + port.valueText());
    }
}
