// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal.config;

import io.varpd.api.Errno;
import io.varpd.api.VarpdException;
import io.varpd.api.admin.OverlayConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Optional;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The overlay configurations held by Configuration Admin: every factory configuration whose factory PID starts with
 * {@value OverlayConfig#FACTORY_PID_PREFIX}.
 */
public final class OverlayConfigurations {
    /** One configuration with properties. */
    public record Entry(String pid, String factoryPid, Dictionary<String, Object> properties) {}

    private final ConfigurationAdmin cm;

    public OverlayConfigurations(ConfigurationAdmin cm) {
        this.cm = cm;
    }

    public static boolean isOverlayFactory(String factoryPid) {
        return factoryPid != null && factoryPid.startsWith(OverlayConfig.FACTORY_PID_PREFIX);
    }

    /** Every overlay configuration that has properties. */
    public List<Entry> all() throws VarpdException {
        return list("(" + org.osgi.framework.Constants.SERVICE_PID + "=*)").stream()
                .filter(e -> isOverlayFactory(e.factoryPid()))
                .toList();
    }

    /** The configuration {@code pid}, if it exists and has properties. */
    public Optional<Entry> get(String pid) throws VarpdException {
        return list("(" + org.osgi.framework.Constants.SERVICE_PID + "=" + escape(pid) + ")").stream()
                .findFirst();
    }

    /** The configuration of {@code link} among the overlay configurations, if any. */
    public Optional<Configuration> configurationOf(String pid) throws VarpdException {
        try {
            Configuration[] found =
                    cm.listConfigurations("(" + org.osgi.framework.Constants.SERVICE_PID + "=" + escape(pid) + ")");
            return found == null || found.length == 0 ? Optional.empty() : Optional.of(found[0]);
        } catch (IOException | InvalidSyntaxException e) {
            throw new VarpdException(Errno.EIO, "reading configuration " + pid + " failed: " + e, e);
        }
    }

    private List<Entry> list(String filter) throws VarpdException {
        try {
            Configuration[] found = cm.listConfigurations(filter);
            List<Entry> entries = new ArrayList<>();
            if (found != null) {
                for (Configuration c : found) {
                    entry(c).ifPresent(entries::add);
                }
            }
            return entries;
        } catch (IOException | InvalidSyntaxException e) {
            throw new VarpdException(Errno.EIO, "reading configurations failed: " + e, e);
        }
    }

    /**
     * {@code c} as an entry; empty when it has no properties yet, or when it was deleted after it was listed (Felix's
     * Configuration Admin then throws IllegalStateException from every getter, getPid and getFactoryPid too): its
     * deletion event follows.
     */
    private static Optional<Entry> entry(Configuration c) {
        try {
            Dictionary<String, Object> p = c.getProperties();
            return p == null ? Optional.empty() : Optional.of(new Entry(c.getPid(), c.getFactoryPid(), p));
        } catch (IllegalStateException deleted) {
            return Optional.empty();
        }
    }

    /** Escapes an LDAP filter value (RFC 4515 characters that the OSGi filter syntax reserves). */
    static String escape(String value) {
        StringBuilder sb = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            if (c == '\\' || c == '*' || c == '(' || c == ')') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
