// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package com.example.varpd.table;

import io.varpd.api.DestinationType;
import io.varpd.api.Errno;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import io.varpd.api.plugin.LookupQuery;
import io.varpd.api.plugin.PluginOps;
import io.varpd.api.plugin.PropertyDescription;
import io.varpd.api.plugin.PropertyType;
import io.varpd.api.plugin.ProviderHandle;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code table} lookup plugin (DYNAMIC mode): answers each target-cache miss from the
 * {@code table/entries} of its overlay's configuration. See the package documentation for the
 * theory, and docs/writing-a-plugin.md in the varpd repository for the contract.
 *
 * <p>The Declarative Services annotation registers it as the {@link PluginOps} service named
 * {@value #NAME}; overlays configured with the factory PID {@code io.varpd.overlay.table} use it.
 */
@Component(service = PluginOps.class, property = {PluginOps.NAME + "=" + TablePlugin.NAME, PluginOps.MODE + "=DYNAMIC"})
public final class TablePlugin implements PluginOps<TableState> {
    /** The plugin's name: the service property, and the prefix of its properties. */
    static final String NAME = "table";
    static final String ENTRIES = TableEntries.PROPERTY;
    static final String PORT = "table/port";
    /** The IANA VXLAN port. */
    static final int DEFAULT_PORT = 4789;

    private static final Set<DestinationType> SERVABLE = Set.of(DestinationType.IP, DestinationType.PORT);

    private static final List<PropertyDescription> PROPERTIES = List.of(
            PropertyDescription.builder(ENTRIES, PropertyType.STRING)
                    .required()
                    .description("Overlay MACs and the underlay IPs their frames go to: MAC=IP entries separated"
                            + " by commas or spaces, such as 02:00:00:00:00:02=192.0.2.12.")
                    .build(),
            PropertyDescription.builder(PORT, PropertyType.UINT)
                    .range(1, 65535)
                    .defaultValue((long) DEFAULT_PORT)
                    .description("The underlay UDP port of every destination in the table.")
                    .build());

    @Override
    public TableState create(ProviderHandle provider, Set<DestinationType> destination) throws VarpdException {
        return new TableState(checkDestination(destination, Errno.ENOTSUP));
    }

    @Override
    public void start(TableState state) throws VarpdException {
        if (state.settings().entries() == null) {
            throw new VarpdException(Errno.EAGAIN, "cannot start: unset required property: " + ENTRIES
                    + "; set it first");
        }
        // Nothing else to start: the table is in the configuration, no thread or socket is needed.
    }

    @Override
    public void stop(TableState state) {
        // Nothing runs between start and stop.
    }

    @Override
    public void destroy(TableState state) {
        // The state holds no resources.
    }

    /** Answers at once, exactly once: the table's address for a known MAC, a drop for anything else. */
    @Override
    public void lookup(TableState state, LookupQuery query) {
        TableState.Settings settings = state.settings();
        Optional<InetAddress> ip = settings.entries() == null ? Optional.empty()
                : settings.entries().get(query.request().destination());
        if (ip.isPresent()) {
            query.reply(TargetPoint.of(ip.get(), state.needsPort() ? settings.port() : 0));
        } else {
            query.drop();
        }
    }

    @Override
    public List<PropertyDescription> properties(TableState state) {
        return PROPERTIES;
    }

    @Override
    public Optional<Object> getProperty(TableState state, String name) throws VarpdException {
        TableState.Settings settings = state.settings();
        if (ENTRIES.equals(name)) {
            return Optional.ofNullable(settings.entries()).map(TableEntries::text);
        }
        if (PORT.equals(name)) {
            return Optional.of((long) settings.port());
        }
        throw unknownProperty(name);
    }

    @Override
    public void setProperty(TableState state, String name, Object value) throws VarpdException {
        if (ENTRIES.equals(name)) {
            if (value != null && !(value instanceof String)) {
                throw new VarpdException(Errno.EINVAL, ENTRIES + ": expected text, got "
                        + value.getClass().getSimpleName() + " '" + value + "'");
            }
            state.setEntries(value == null ? null : TableEntries.parse((String) value));
        } else if (PORT.equals(name)) {
            state.setPort(value == null ? DEFAULT_PORT : checkPort(value, ""));
        } else {
            throw unknownProperty(name);
        }
    }

    @Override
    public Map<String, Object> save(TableState state) {
        TableState.Settings settings = state.settings();
        Map<String, Object> saved = new LinkedHashMap<>();
        if (settings.entries() != null) {
            saved.put(ENTRIES, settings.entries().text());
        }
        saved.put(PORT, (long) settings.port());
        return saved;
    }

    /** {@code create} plus the saved values; a missing key leaves that value unset (or default). */
    @Override
    public TableState restore(Map<String, Object> saved, ProviderHandle provider, Set<DestinationType> destination)
            throws VarpdException {
        TableState state = new TableState(checkDestination(destination, Errno.EINVAL));
        Map<String, Object> values = saved == null ? Map.of() : saved;
        Object entries = values.get(ENTRIES);
        if (entries != null) {
            if (!(entries instanceof String text)) {
                throw new VarpdException(Errno.EINVAL, "saved " + ENTRIES + " '" + entries + "' is not text;"
                        + " allowed: MAC=IP entries");
            }
            state.setEntries(TableEntries.parse(text));
        }
        Object port = values.get(PORT);
        if (port != null) {
            state.setPort(checkPort(port, "saved "));
        }
        return state;
    }

    @Override
    public Map<String, String> describe(TableState state) {
        TableEntries entries = state.settings().entries();
        return Map.of("table", entries == null ? "unset" : entries.size() + " MAC" + (entries.size() == 1 ? "" : "s"));
    }

    /**
     * Reads a port: a Long from core, or whatever number type a store gives back (a JSON store
     * gives doubles), or digits.
     */
    private static int checkPort(Object value, String saved) throws VarpdException {
        long port;
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            port = (long) n.doubleValue();
        } else if (value instanceof String s && s.trim().matches("[0-9]{1,9}")) {
            port = Long.parseLong(s.trim());
        } else {
            throw new VarpdException(Errno.EINVAL, saved + PORT + ": '" + value + "' is not a port number;"
                    + " allowed: an integer 1-65535");
        }
        if (port < 1 || port > 65535) {
            throw new VarpdException(Errno.EINVAL, saved + PORT + ": " + port + " is out of range; allowed: 1-65535");
        }
        return (int) port;
    }

    private static Set<DestinationType> checkDestination(Set<DestinationType> destination, Errno errno)
            throws VarpdException {
        if (destination == null || !destination.contains(DestinationType.IP) || !SERVABLE.containsAll(destination)) {
            throw new VarpdException(errno, "the table plugin cannot serve a device whose destination type is "
                    + destination + "; allowed: IP, or IP and PORT");
        }
        return Set.copyOf(destination);
    }

    private static VarpdException unknownProperty(String name) {
        return new VarpdException(Errno.EINVAL, "unknown property '" + name + "'; the table plugin has " + ENTRIES
                + " and " + PORT);
    }
}
