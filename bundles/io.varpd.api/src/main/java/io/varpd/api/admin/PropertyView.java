// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.api.admin;

import io.varpd.api.plugin.PropertyDescription;
import java.net.InetAddress;

/**
 * One property of an instance with its current value, as {@code show-overlay} lists it.
 *
 * @param description the property
 * @param value the current value (an instance of the type's value class), null when unset
 */
public record PropertyView(PropertyDescription description, Object value) {

    /** The value as dladm prints it: {@code --} when unset, IPv4(-mapped) addresses dotted. */
    public String valueText() {
        return format(value);
    }

    /** The default as dladm prints it, {@code --} when none. */
    public String defaultText() {
        return format(description.defaultValue().orElse(null));
    }

    /** Formats a property value for people: {@code --} for null. */
    public static String format(Object v) {
        if (v == null) {
            return "--";
        }
        if (v instanceof InetAddress) {
            return io.varpd.api.IpAddresses.format((InetAddress) v);
        }
        return v.toString();
    }
}
