// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.files.internal;

import static io.varpd.plugin.files.internal.FilesProperties.CONFIG;
import static io.varpd.plugin.files.internal.FilesProperties.SKIP_BAD_ENTRIES;

import io.varpd.api.DestinationType;
import io.varpd.api.Errno;
import io.varpd.api.LookupRequest;
import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import io.varpd.api.plugin.LookupQuery;
import io.varpd.api.plugin.PluginOps;
import io.varpd.api.plugin.PropertyDescription;
import io.varpd.api.plugin.ProviderHandle;
import io.varpd.api.plugin.ResolveQuery;
import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The {@code files} lookup plugin (DYNAMIC mode): answers target-cache misses, proxy ARP/NDP and DHCP redirects from a
 * JSON mapping file named by {@code files/config}, reloading the file when it changes. See the package documentation
 * for the theory.
 *
 * <p>Contract beyond {@link PluginOps}: {@code create} refuses (ENOTSUP, {@code restore}: EINVAL) a destination type
 * that is not a non-empty subset of {IP, PORT}; {@code setProperty} refuses (EINVAL) a relative path and unsets the
 * path when given null, and takes {@code true} or {@code false} for {@code files/skip_bad_entries}; {@code start}
 * refuses with EAGAIN while the path is unset and with EINVAL (or the I/O errno) when the file is not a valid mapping,
 * naming file, line and column; {@code save} returns {@code files/config} and, when on, {@code files/skip_bad_entries}.
 */
@Component(
        service = PluginOps.class,
        property = {PluginOps.NAME + "=" + FilesProperties.PLUGIN_NAME, PluginOps.MODE + "=DYNAMIC"})
public final class FilesPlugin implements PluginOps<FilesInstance> {
    /** How often each started instance's file is checked for changes. */
    static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

    private static final long IPV6_MULTICAST_PREFIX = 0x3333L;

    private final FileWatcher watcher;

    /** The OSGi component: one watcher thread for all instances, checking every second. */
    @Activate
    public FilesPlugin() {
        this(FileWatcher.every(POLL_INTERVAL));
    }

    /** With a given watcher: {@link FileWatcher#manual()} in tests. */
    FilesPlugin(FileWatcher watcher) {
        this.watcher = watcher;
    }

    /** Stops the watcher thread; core stops the instances when the plugin service goes away. */
    @Deactivate
    void deactivate() {
        watcher.close();
    }

    @Override
    public FilesInstance create(ProviderHandle provider, Set<DestinationType> destination) throws VarpdException {
        return new FilesInstance(provider, FilesProperties.checkDestination(destination, Errno.ENOTSUP), watcher);
    }

    @Override
    public void start(FilesInstance state) throws VarpdException {
        state.start();
    }

    @Override
    public void stop(FilesInstance state) {
        state.stop();
    }

    @Override
    public void destroy(FilesInstance state) {
        // Core stops before destroying; stopping again is harmless and guarantees the watch is gone.
        state.stop();
    }

    /**
     * In the order docs/mapping-file.md gives: ARP to proxy ARP; IPv6 to a 33:33 MAC to proxy NDP; IPv4 broadcast to
     * DHCP redirect when the source's entry has a dhcp-proxy (else DROP); any other group destination DROP; a unicast
     * destination with a complete entry answered with its destination, anything else DROP.
     */
    @Override
    public void lookup(FilesInstance state, LookupQuery query) {
        MappingTable table = state.table();
        if (table == null) {
            query.drop();
            return;
        }
        long mac = unicastDestination(query.request());
        if (mac == MappingTable.NONE) {
            answerGroup(table, query);
        } else {
            answerUnicast(state, table, query, mac, table.target(mac));
        }
    }

    /**
     * The same answers as {@link #lookup} for each query, from one table, in two passes: first the destination of every
     * unicast miss ({@link MappingTable#targets}, whose probes overlap), then the answers. Asked one at a time, each
     * probe would wait for the one before it.
     */
    @Override
    public void lookupAll(FilesInstance state, List<? extends LookupQuery> queries) {
        MappingTable table = state.table();
        int n = queries.size();
        if (table == null) {
            queries.forEach(LookupQuery::drop);
            return;
        }
        long[] macs = new long[n];
        for (int k = 0; k < n; k++) {
            macs[k] = unicastDestination(queries.get(k).request());
        }
        // NONE (not unicast) is no MAC, so its probe finds nothing; its answer ignores it.
        TargetPoint[] targets = new TargetPoint[n];
        table.targets(macs, n, new long[n], targets);
        for (int k = 0; k < n; k++) {
            LookupQuery query = queries.get(k);
            if (macs[k] == MappingTable.NONE) {
                answerGroup(table, query);
            } else {
                answerUnicast(state, table, query, macs[k], targets[k]);
            }
        }
    }

    /**
     * The destination MAC as a number when the request is a unicast lookup (not ARP, destination not a group address),
     * else {@link MappingTable#NONE}.
     */
    private static long unicastDestination(LookupRequest request) {
        MacAddress destination = request.destination();
        return request.sap() == LookupRequest.ETHERTYPE_ARP || destination.isMulticast()
                ? MappingTable.NONE
                : destination.toLong();
    }

    /** ARP, NDP, DHCP and other group destinations: the proxies, or DROP. */
    private static void answerGroup(MappingTable table, LookupQuery query) {
        LookupRequest request = query.request();
        int sap = request.sap();
        MacAddress destination = request.destination();
        if (sap == LookupRequest.ETHERTYPE_ARP) {
            query.proxyArp();
        } else if (sap == LookupRequest.ETHERTYPE_IPV6 && (destination.toLong() >>> 32) == IPV6_MULTICAST_PREFIX) {
            query.proxyNdp();
        } else if (sap == LookupRequest.ETHERTYPE_IPV4
                && destination.isBroadcast()
                && table.dhcpProxy(request.source().toLong()) != MappingTable.NONE) {
            query.proxyDhcp();
        } else {
            // No broadcast or multicast delivery, as in the original.
            query.drop();
        }
    }

    /** A unicast MAC: its destination from {@code table} ({@code target}), or DROP when it has none. */
    private static void answerUnicast(
            FilesInstance state, MappingTable table, LookupQuery query, long mac, TargetPoint target) {
        if (target == null) {
            query.drop();
        } else {
            query.reply(target);
            state.settle(mac, target, table);
        }
    }

    @Override
    public void arp(FilesInstance state, ResolveQuery query, InetAddress target) {
        MappingTable table = state.table();
        long mac = table == null || target == null ? MappingTable.NONE : table.macOf(target);
        if (mac == MappingTable.NONE) {
            query.drop();
        } else {
            query.reply(MacAddress.of(mac));
        }
    }

    @Override
    public void dhcp(FilesInstance state, ResolveQuery query, LookupRequest request) {
        MappingTable table = state.table();
        long proxy = table == null || request == null
                ? MappingTable.NONE
                : table.dhcpProxy(request.source().toLong());
        if (proxy == MappingTable.NONE) {
            query.drop();
        } else {
            query.reply(MacAddress.of(proxy));
        }
    }

    @Override
    public List<PropertyDescription> properties(FilesInstance state) {
        return FilesProperties.ALL;
    }

    @Override
    public Optional<Object> getProperty(FilesInstance state, String name) throws VarpdException {
        if (CONFIG.equals(name)) {
            return state.configPath().map(Object.class::cast);
        }
        if (SKIP_BAD_ENTRIES.equals(name)) {
            return Optional.of(Boolean.toString(state.skipBadEntries()));
        }
        throw unknownProperty(name);
    }

    @Override
    public void setProperty(FilesInstance state, String name, Object value) throws VarpdException {
        if (SKIP_BAD_ENTRIES.equals(name)) {
            state.setSkipBadEntries(FilesProperties.checkSkip(value));
            return;
        }
        if (!CONFIG.equals(name)) {
            throw unknownProperty(name);
        }
        if (value == null) {
            state.setConfigPath(null);
        } else if (value instanceof String path) {
            state.setConfigPath(FilesProperties.checkPath(path));
        } else {
            throw new VarpdException(
                    Errno.EINVAL,
                    CONFIG + ": expected a string (an absolute path), got "
                            + value.getClass().getSimpleName() + " '" + value + "'");
        }
    }

    /**
     * The path, and {@code files/skip_bad_entries} when it is on: a restored state (at the next start, or the new state
     * of a property change) must skip bad entries as the saved one did. Off is the default, so it is left out, as in
     * states saved before it was saved at all. The original also saved two counters that were never incremented.
     */
    @Override
    public Map<String, Object> save(FilesInstance state) {
        Map<String, Object> saved = new LinkedHashMap<>();
        state.configPath().ifPresent(p -> saved.put(CONFIG, p));
        if (state.skipBadEntries()) {
            saved.put(SKIP_BAD_ENTRIES, Boolean.TRUE);
        }
        return saved;
    }

    @Override
    public FilesInstance restore(Map<String, Object> saved, ProviderHandle provider, Set<DestinationType> destination)
            throws VarpdException {
        FilesInstance state =
                new FilesInstance(provider, FilesProperties.checkDestination(destination, Errno.EINVAL), watcher);
        Object path = saved == null ? null : saved.get(CONFIG);
        // Other keys (the original's files/vaf_nmisses and files/vaf_narp counters) are ignored.
        if (path != null) {
            if (!(path instanceof String)) {
                throw new VarpdException(
                        Errno.EINVAL,
                        "saved " + CONFIG + " '" + path + "' is not a string;" + " allowed: an absolute path");
            }
            state.setConfigPath(FilesProperties.checkPath((String) path));
        }
        Object skip = saved == null ? null : saved.get(SKIP_BAD_ENTRIES);
        if (skip != null) {
            // A Boolean as saved, or its text from a store that keeps strings.
            state.setSkipBadEntries(FilesProperties.checkSkip(skip));
        }
        return state;
    }

    private static VarpdException unknownProperty(String name) {
        return new VarpdException(
                Errno.EINVAL,
                "unknown property '" + name + "'; the files plugin has " + CONFIG + " and " + SKIP_BAD_ENTRIES);
    }
}
