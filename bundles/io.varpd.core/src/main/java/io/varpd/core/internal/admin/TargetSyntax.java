// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal.admin;

import io.varpd.api.DestinationType;
import io.varpd.api.Errno;
import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import io.varpd.api.device.CacheEntry;
import io.varpd.core.internal.property.PropertyValues;
import java.net.InetAddress;
import java.util.Set;

/**
 * Parses the value of {@code modify-overlay -s mac=value}: {@code drop}, or the destination in dladm's
 * {@code [mac][,ip][:port]} form for the device's destination type. Unlike dladm, an IPv6 address with a port is
 * written {@code [2001:db8::1]:4789} (dladm split at the first ':', so IPv6 could not be entered), and the port must be
 * 1-65535 with nothing after it.
 */
public final class TargetSyntax {
    private TargetSyntax() {}

    public static CacheEntry parse(MacAddress key, String value, Set<DestinationType> needs) throws VarpdException {
        String v = value == null ? "" : value.trim();
        if (v.equalsIgnoreCase("drop")) {
            return CacheEntry.dropping(key);
        }
        String rest = v;
        MacAddress mac = null;
        if (needs.contains(DestinationType.ETHERNET)) {
            int comma = rest.indexOf(',');
            String macText = comma < 0 ? rest : rest.substring(0, comma);
            mac = MacAddress.parse(macText);
            rest = comma < 0 ? "" : rest.substring(comma + 1);
        }
        InetAddress ip = null;
        int port = 0;
        if (needs.contains(DestinationType.IP)) {
            String ipText = rest;
            String portText = null;
            if (rest.startsWith("[")) {
                int close = rest.indexOf(']');
                if (close < 0) {
                    throw bad(value, "'[' without ']'");
                }
                ipText = rest.substring(1, close);
                String after = rest.substring(close + 1);
                if (!after.isEmpty()) {
                    if (!after.startsWith(":")) {
                        throw bad(value, "expected ':port' after ']'");
                    }
                    portText = after.substring(1);
                }
            } else if (rest.indexOf(':') >= 0 && rest.indexOf(':') == rest.lastIndexOf(':')) {
                ipText = rest.substring(0, rest.indexOf(':'));
                portText = rest.substring(rest.indexOf(':') + 1);
            }
            ip = PropertyValues.parseIpLiteral(ipText);
            rest = portText == null ? "" : ":" + portText;
        }
        if (needs.contains(DestinationType.PORT)) {
            if (!rest.startsWith(":")) {
                throw bad(value, "a port is required");
            }
            port = parsePort(value, rest.substring(1));
        } else if (!rest.isEmpty()) {
            throw bad(value, "unexpected '" + rest + "'");
        }
        return CacheEntry.to(key, TargetPoint.of(mac, ip, port));
    }

    private static int parsePort(String value, String text) throws VarpdException {
        try {
            int p = Integer.parseInt(text);
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(value, "port '" + text + "' is not 1-65535");
    }

    private static VarpdException bad(String value, String why) {
        return new VarpdException(
                Errno.EINVAL,
                "'" + value + "' is not a destination (" + why + "); allowed: drop, "
                        + "ip:port, or [ipv6]:port (with a MAC first, 'mac,ip:port', when the device needs one)");
    }
}
