// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal.property;

import io.varpd.api.Errno;
import io.varpd.api.IpAddresses;
import io.varpd.api.VarpdException;
import io.varpd.api.plugin.PropertyDescription;
import io.varpd.api.plugin.PropertyType;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

/**
 * Turns what a person or a file gives (text, or a number from a web form) into the typed value of a property, enforcing
 * type, range and options as docs/architecture.md#properties describes, but strictly: where dladm's {@code strtol}
 * accepted trailing garbage and wrapped negative numbers, this refuses them with EINVAL naming the property, the value
 * and what is allowed.
 */
public final class PropertyValues {
    /** The longest string value in bytes (OVERLAY_PROP_SIZEMAX less the NUL). */
    public static final int MAX_STRING_BYTES = 255;

    private PropertyValues() {}

    /**
     * Parses {@code raw} for {@code d}. Null or an empty string means "unset" and gives null.
     *
     * @throws VarpdException EINVAL for a value of the wrong type, out of range or not an option
     */
    public static Object parse(PropertyDescription d, Object raw) throws VarpdException {
        if (raw == null || (raw instanceof String && ((String) raw).trim().isEmpty())) {
            return null;
        }
        if (raw.getClass().isArray() || raw instanceof java.util.Collection) {
            throw invalid(d, raw, "takes a single value");
        }
        switch (d.type()) {
            case INT:
                return parseLong(d, raw);
            case UINT: {
                long v = parseLong(d, raw);
                if (v < 0) {
                    throw invalid(d, raw, "must not be negative");
                }
                if (!d.ranges().isEmpty() && d.ranges().stream().noneMatch(r -> r.contains(v))) {
                    throw invalid(d, raw, "is out of range; allowed: " + d.possibleValues());
                }
                return v;
            }
            case IP:
                return raw instanceof InetAddress
                        ? raw
                        : parseIp(d, raw.toString().trim());
            case STRING: {
                String s = raw.toString();
                if (s.getBytes(StandardCharsets.UTF_8).length > MAX_STRING_BYTES) {
                    throw invalid(d, s.substring(0, 20) + "...", "is longer than " + MAX_STRING_BYTES + " bytes");
                }
                if (!d.options().isEmpty() && !d.options().contains(s)) {
                    throw invalid(d, raw, "is not allowed; allowed: " + d.possibleValues());
                }
                return s;
            }
            default:
                throw new AssertionError(d.type());
        }
    }

    /** Checks that a value a plugin or default gives is of the type's class (plugin bugs show here). */
    public static boolean isOfType(PropertyType type, Object value) {
        return value == null || type.valueClass().isInstance(value);
    }

    private static long parseLong(PropertyDescription d, Object raw) throws VarpdException {
        if (raw instanceof Long || raw instanceof Integer || raw instanceof Short || raw instanceof Byte) {
            return ((Number) raw).longValue();
        }
        if (raw instanceof Number) {
            throw invalid(d, raw, "is not an integer");
        }
        try {
            return Long.parseLong(raw.toString().trim());
        } catch (NumberFormatException e) {
            throw invalid(d, raw, "is not an integer" + rangeHint(d));
        }
    }

    private static String rangeHint(PropertyDescription d) {
        return d.ranges().isEmpty() ? "" : "; allowed: " + d.possibleValues();
    }

    /**
     * Parses an IPv4 or IPv6 literal, never a host name (no DNS lookup can happen here).
     *
     * @throws VarpdException EINVAL when {@code text} is not a literal address
     */
    public static InetAddress parseIpLiteral(String text) throws VarpdException {
        return parseIp(null, text);
    }

    private static InetAddress parseIp(PropertyDescription d, String text) throws VarpdException {
        return IpAddresses.parse(text).orElseThrow(() -> invalidIp(d, text));
    }

    private static VarpdException invalidIp(PropertyDescription d, String text) {
        String what = "'" + text + "' is not an IP address; allowed: an IPv4 (192.0.2.1) or IPv6 (2001:db8::1) literal";
        return new VarpdException(Errno.EINVAL, d == null ? what : d.name() + ": " + what);
    }

    private static VarpdException invalid(PropertyDescription d, Object raw, String why) {
        return new VarpdException(Errno.EINVAL, d.name() + ": '" + raw + "' " + why);
    }
}
