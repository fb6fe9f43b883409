// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal.admin;

import io.varpd.api.Errno;
import io.varpd.api.IpAddresses;
import io.varpd.api.LookupRequest;
import io.varpd.api.MacAddress;
import io.varpd.api.PluginMode;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import io.varpd.api.admin.InstanceInfo;
import io.varpd.api.admin.InstanceState;
import io.varpd.api.admin.LookupResult;
import io.varpd.api.admin.OverlayConfig;
import io.varpd.api.admin.OverlaySpec;
import io.varpd.api.admin.PluginInfo;
import io.varpd.api.admin.PropertyView;
import io.varpd.api.admin.StrayDevice;
import io.varpd.api.admin.VarpdAdmin;
import io.varpd.api.device.CacheEntry;
import io.varpd.api.device.OverlayDeviceProvider;
import io.varpd.api.device.UnclaimedDevice;
import io.varpd.api.plugin.HostedGuest;
import io.varpd.api.plugin.PropertyDescription;
import io.varpd.core.internal.OverlayService;
import io.varpd.core.internal.config.OverlayConfigurations;
import io.varpd.core.internal.instance.Instance;
import io.varpd.core.internal.instance.OverlayRecord;
import io.varpd.core.internal.lookup.ResolveHandle;
import io.varpd.core.internal.lookup.SyntheticLookup;
import io.varpd.core.internal.property.CommonProperties;
import io.varpd.core.internal.property.OverlaySettings;
import io.varpd.core.internal.property.PropertyValues;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The management service: dladm's overlay operations, written as Configuration Admin changes and read back from the
 * live records (see {@link VarpdAdmin} for the contract).
 *
 * <p>Every message about one overlay starts with its link ({@code "vxlan1: ..."}).
 *
 * <p>Configurations the API cannot see would block a link for good, so two kinds are handled here. Configuration Admin
 * creates an empty configuration (no factory PID, no properties) when a listener reads one that was just deleted:
 * FileInstall does so for every update event, so the quick delete of a failed create can leave one under the overlay's
 * PID, and Configuration Admin then hands it out for the next create of that link. {@link #create} replaces such a
 * leftover. A configuration in varpd's PID namespace that has properties but no overlay factory PID (what became of a
 * create that met such a leftover) is never run by core; it is listed as ERROR, and {@link #delete} removes it.
 */
@Component(service = VarpdAdmin.class)
public final class VarpdAdminService implements VarpdAdmin {
    private static final Logger LOG = LoggerFactory.getLogger(VarpdAdminService.class);
    /** How long a diagnostic lookup waits for an asynchronous plugin (svp asks a server). */
    private static final long DIAGNOSTIC_WAIT_SECONDS = 5;
    /** Linux refuses interface names longer than this (IFNAMSIZ 16, with the terminating NUL). */
    private static final int MAX_LINUX_LINK = 15;
    /** Keys without a module prefix that a create may set as properties. */
    private static final Set<String> PLAIN_CREATE_KEYS = Set.of(OverlayConfig.DEVICE, OverlayConfig.ENCAP);
    /** Keys without a module prefix that a change may set (link only to its current value). */
    private static final Set<String> PLAIN_MODIFY_KEYS =
            Set.of(OverlayConfig.LINK, OverlayConfig.VNETID, OverlayConfig.DEVICE, OverlayConfig.ENCAP);

    private final OverlayService overlays;
    private final ConfigurationAdmin cm;
    private final OverlayConfigurations configurations;
    /** Where new overlays are also written as files (Karaf's etc/), when the framework says. */
    private final Optional<EtcFiles> etc;

    /** The component: in Karaf ({@code karaf.etc} set), new overlays are also kept in etc/. */
    @Activate
    public VarpdAdminService(
            @Reference(name = "overlays") OverlayService overlays,
            @Reference(name = "configurationAdmin") ConfigurationAdmin cm,
            BundleContext context) {
        this(
                overlays,
                cm,
                Optional.ofNullable(context.getProperty("karaf.etc"))
                        .filter(d -> !d.isBlank())
                        .map(java.nio.file.Path::of)
                        .orElse(null));
    }

    public VarpdAdminService(OverlayService overlays, ConfigurationAdmin cm) {
        this(overlays, cm, (java.nio.file.Path) null);
    }

    /** With {@code etcDir} (may be null): the folder new overlays are also written to. */
    VarpdAdminService(OverlayService overlays, ConfigurationAdmin cm, java.nio.file.Path etcDir) {
        this.overlays = overlays;
        this.cm = cm;
        this.configurations = new OverlayConfigurations(cm);
        this.etc = Optional.ofNullable(etcDir).map(EtcFiles::new);
    }

    @Override
    public List<InstanceInfo> instances() {
        List<OverlayRecord> records = overlays.records();
        List<InstanceInfo> out =
                new ArrayList<>(records.stream().map(OverlayRecord::info).toList());
        for (Stray c : unrunnable()) {
            if (records.stream().noneMatch(r -> r.pid().equals(c.pid()))) {
                out.add(unrunnableInfo(c));
            }
        }
        out.sort(Comparator.comparing(InstanceInfo::link).thenComparing(InstanceInfo::configPid));
        return out;
    }

    @Override
    public Optional<InstanceInfo> instance(String link) {
        Optional<InstanceInfo> r = overlays.byLink(link).map(OverlayRecord::info);
        return r.isPresent() ? r : unrunnable(link).map(VarpdAdminService::unrunnableInfo);
    }

    @Override
    public List<PluginInfo> plugins() {
        return overlays.plugins();
    }

    @Override
    public List<PropertyView> properties(String link) throws VarpdException {
        Instance i = live(link, Errno.EAGAIN);
        OverlaySettings s = i.settings();
        List<PropertyView> out = new ArrayList<>();
        out.add(new PropertyView(CommonProperties.LINK, s.link()));
        out.add(new PropertyView(CommonProperties.VNETID, s.vnetid()));
        out.add(new PropertyView(CommonProperties.ENCAP, CommonProperties.ENCAP_VXLAN));
        out.add(new PropertyView(CommonProperties.ID, i.id()));
        out.add(new PropertyView(CommonProperties.DEVICE, s.device()));
        out.add(new PropertyView(CommonProperties.LISTEN_IP, s.listenIp()));
        out.add(new PropertyView(CommonProperties.LISTEN_PORT, (long) s.listenPort()));
        // The device's own settings (linux/announce, ...) as configured, so they are seen and changed
        // like the others.
        for (PropertyDescription d : deviceSettings(i)) {
            out.add(new PropertyView(d, configuredValue(link, d, s.named().get(d.name()))));
        }
        List<String> pluginNames = overlays.plugins().stream()
                .filter(PluginInfo::active)
                .map(PluginInfo::name)
                .toList();
        out.add(new PropertyView(
                CommonProperties.search(pluginNames), i.plugin().name()));
        for (PropertyDescription d : i.plugin().properties()) {
            out.add(new PropertyView(d, d.readable() ? i.plugin().get(d.name()).orElse(null) : null));
        }
        return out;
    }

    @Override
    public Map<String, String> pluginState(String link) throws VarpdException {
        Instance i = live(link, Errno.EAGAIN);
        try {
            return i.plugin().describe();
        } catch (VarpdException e) {
            // A plugin bug: the operator sees EIO naming the plugin; the log keeps the trace.
            LOG.warn("{}: the plugin cannot describe its state: {}", link, e.getMessage(), e.getCause());
            throw withLink(link, e);
        }
    }

    private static List<PropertyDescription> deviceSettings(Instance i) {
        try {
            return i.provider().settings();
        } catch (RuntimeException e) {
            LOG.warn("{}: the device provider cannot describe its settings: {}", i.linkName(), e.toString());
            return List.of();
        }
    }

    /** The configured value as its type, or null when unset (or, logged, when it cannot be read). */
    private static Object configuredValue(String link, PropertyDescription d, Object raw) {
        if (raw == null) {
            return null;
        }
        try {
            return PropertyValues.parse(d, raw);
        } catch (VarpdException e) {
            LOG.debug("{}: configured {} cannot be shown: {}", link, d.name(), e.getMessage());
            return null;
        }
    }

    @Override
    public InstanceInfo create(OverlaySpec spec) throws VarpdException {
        String link = spec.link();
        if (!CommonProperties.isValidModuleName(spec.plugin())) {
            throw new VarpdException(
                    Errno.EINVAL,
                    link + ": '" + spec.plugin() + "' is not a plugin name; present" + " plugins: "
                            + String.join(
                                    ", ",
                                    overlays.plugins().stream()
                                            .map(PluginInfo::name)
                                            .toList()));
        }
        String device = spec.properties().getOrDefault(OverlayConfig.DEVICE, OverlayConfig.DEFAULT_DEVICE);
        boolean linux = "linux".equals(device);
        if (!CommonProperties.isValidLinkName(link) || linux && link.length() > MAX_LINUX_LINK) {
            throw new VarpdException(
                    Errno.EINVAL,
                    "'" + link + "' is not a valid link name; allowed: letters, "
                            + "digits and '_', starting with a letter and ending with a digit, at most "
                            + (linux
                                    ? MAX_LINUX_LINK + " characters for a Linux device"
                                    : "31 characters (15 for a Linux device)"));
        }
        try {
            PropertyValues.parse(CommonProperties.VNETID, spec.vnetid());
        } catch (VarpdException e) {
            throw new VarpdException(e.errno(), link + ": " + e.getMessage());
        }
        if (overlays.byLink(link).isPresent() || unrunnable(link).isPresent()) {
            throw new VarpdException(Errno.EEXIST, link + ": an overlay with this link already exists");
        }
        Hashtable<String, Object> props = new Hashtable<>();
        for (Map.Entry<String, String> e : spec.properties().entrySet()) {
            refuseReadOnly(link, e.getKey(), e.getValue());
            if (e.getKey().equals(OverlayConfig.LINK) || e.getKey().equals(OverlayConfig.VNETID)) {
                throw new VarpdException(
                        Errno.EINVAL, link + ": " + e.getKey() + ": give it as the link or vnetid, not as a property");
            }
            refuseUnknownPlainKey(link, e.getKey(), PLAIN_CREATE_KEYS);
            if (e.getValue() != null && !e.getValue().isEmpty()) {
                props.put(e.getKey(), e.getValue());
            }
        }
        props.put(OverlayConfig.LINK, link);
        props.put(OverlayConfig.VNETID, spec.vnetid());
        String factoryPid = OverlayConfig.factoryPid(spec.plugin());
        Configuration c = factoryConfiguration(link, factoryPid);
        String pid = c.getPid();
        io(() -> {
            c.update(props);
            return null;
        });
        Optional<OverlayRecord> applied;
        try {
            applied = overlays.sync(pid);
        } catch (VarpdException e) {
            if (e.errno() != Errno.ETIME) {
                // Core failed on it: nothing that core did not take up may stay behind.
                deleteQuietly(c, link);
            }
            throw e;
        }
        if (applied.isEmpty()) {
            deleteQuietly(c, link);
            throw new VarpdException(
                    Errno.EIO,
                    link + ": core did not take up configuration " + pid + "; it was removed again, see the log");
        }
        OverlayRecord r = applied.get();
        if (r.state() == InstanceState.ERROR) {
            // As dladm create-overlay: an overlay that cannot be activated is not left behind.
            io(() -> {
                c.delete();
                return null;
            });
            overlays.sync(pid);
            throw withLink(link, r.error());
        }
        etc.ifPresent(files -> keepInFile(files, c, factoryPid, link, props));
        return r.info();
    }

    /**
     * Writes the new overlay to its file and names the file in the configuration, so FileInstall keeps the two
     * together. A failure is logged: the overlay runs, only its file is missing.
     */
    private void keepInFile(
            EtcFiles files, Configuration c, String factoryPid, String link, Hashtable<String, Object> props) {
        try {
            java.nio.file.Path file = files.write(factoryPid, link, props);
            props.put(EtcFiles.FILENAME, file.toUri().toString());
            c.update(props);
            LOG.info("{}: kept in {}", link, file);
        } catch (IOException | IllegalStateException e) {
            LOG.warn(
                    "{}: runs, but could not be written to {}: {}; it lives in Configuration Admin's store only",
                    link,
                    files.file(factoryPid, link),
                    e.toString());
        }
    }

    /**
     * The new, empty factory configuration for {@code link}. A leftover under the same PID that is no factory
     * configuration and has no properties (see the class comment) is deleted first, as Configuration Admin would
     * otherwise hand it out and core would never see the overlay.
     */
    private Configuration factoryConfiguration(String link, String factoryPid) throws VarpdException {
        for (int attempt = 0; attempt < 2; attempt++) {
            Configuration c = io(() -> cm.getFactoryConfiguration(factoryPid, link, "?"));
            boolean ours;
            Dictionary<String, Object> held;
            try {
                ours = factoryPid.equals(c.getFactoryPid());
                held = c.getProperties();
            } catch (IllegalStateException deletedMeanwhile) {
                continue; // another caller deleted it between the two calls: ask again
            }
            if (held != null) {
                throw new VarpdException(
                        Errno.EEXIST,
                        link + ": a configuration for this overlay already exists: "
                                + c.getPid()
                                + (ours
                                        ? ""
                                        : " (not an overlay configuration; delete it with the overlay's" + " delete)"));
            }
            if (ours) {
                return c;
            }
            LOG.info(
                    "{}: removing the empty leftover configuration {} (no factory PID) that holds the overlay's PID",
                    link,
                    c.getPid());
            io(() -> {
                c.delete();
                return null;
            });
        }
        throw new VarpdException(
                Errno.EIO,
                link + ": Configuration Admin keeps handing out a configuration" + " without factory PID " + factoryPid
                        + " for this overlay");
    }

    private static void deleteQuietly(Configuration c, String link) {
        try {
            c.delete();
        } catch (IllegalStateException alreadyDeleted) {
            // what was wanted
        } catch (IOException e) {
            LOG.warn("{}: removing its configuration failed: {}", link, e.toString());
        }
    }

    @Override
    public InstanceInfo modify(String link, Map<String, String> properties) throws VarpdException {
        OverlayRecord r = record(link);
        for (Map.Entry<String, String> e : properties.entrySet()) {
            refuseReadOnly(link, e.getKey(), e.getValue());
            if (e.getKey().equals(OverlayConfig.LINK) && !link.equals(e.getValue())) {
                throw new VarpdException(
                        Errno.EINVAL,
                        link + ": link is read-only; to rename, create a new overlay" + " and delete this one");
            }
            refuseUnknownPlainKey(link, e.getKey(), PLAIN_MODIFY_KEYS);
        }
        Configuration c = configurations.configurationOf(r.pid()).orElseThrow(() -> notFound(link));
        Dictionary<String, Object> before;
        try {
            before = c.getProperties();
        } catch (IllegalStateException deletedMeanwhile) {
            throw notFound(link);
        }
        if (before == null) {
            throw notFound(link);
        }
        Hashtable<String, Object> after = copy(before);
        for (Map.Entry<String, String> e : properties.entrySet()) {
            if (e.getValue() == null || e.getValue().isEmpty()) {
                after.remove(e.getKey());
            } else {
                after.put(e.getKey(), e.getValue());
            }
        }
        io(() -> {
            c.update(after);
            return null;
        });
        OverlayRecord applied = overlays.sync(r.pid()).orElseThrow(() -> notFound(link));
        if (applied.error() != null) {
            // The change was refused: put the configuration back so it says what runs.
            io(() -> {
                c.update(copy(before));
                return null;
            });
            overlays.sync(r.pid());
            throw withLink(link, applied.error());
        }
        return applied.info();
    }

    @Override
    public void delete(String link) throws VarpdException {
        Optional<OverlayRecord> r = overlays.byLink(link);
        if (r.isEmpty()) {
            Stray stale = unrunnable(link).orElseThrow(() -> notFound(link));
            LOG.info("{}: deleting configuration {}, which core never ran (no overlay factory PID)", link, stale.pid());
            io(() -> {
                stale.config().delete();
                return null;
            });
            return;
        }
        Configuration c = configurations.configurationOf(r.get().pid()).orElseThrow(() -> notFound(link));
        io(() -> {
            c.delete();
            return null;
        });
        overlays.sync(r.get().pid());
    }

    @Override
    public List<CacheEntry> targets(String link) throws VarpdException {
        return live(link, Errno.ENXIO).device().cacheEntries();
    }

    @Override
    public void removeTarget(String link, MacAddress mac) throws VarpdException {
        live(link, Errno.ENXIO).device().cacheRemove(mac);
    }

    @Override
    public void flushTargets(String link) throws VarpdException {
        live(link, Errno.ENXIO).device().cacheFlush();
    }

    @Override
    public void setTarget(String link, MacAddress mac, String value) throws VarpdException {
        Instance i = live(link, Errno.ENXIO);
        i.device().cacheSet(TargetSyntax.parse(mac, value, i.device().destination()));
    }

    @Override
    public LookupResult lookup(String link, MacAddress destination) throws VarpdException {
        Instance i = live(link, Errno.ENXIO);
        if (i.plugin().mode() == PluginMode.POINT) {
            TargetPoint point = i.plugin().defaultTarget().orElse(null);
            return new LookupResult(
                    point != null,
                    destination,
                    point,
                    "point-to-point overlay: every frame goes to " + (point == null ? "nowhere (dropped)" : point));
        }
        TargetTableGuard guard = TargetTableGuard.ofMac(link, i.device(), destination);
        CompletableFuture<TargetPoint> answer = new CompletableFuture<>();
        String what = "lookup of " + destination;
        i.lookup(new SyntheticLookup(
                i.vnetid(),
                destination,
                LookupRequest.ETHERTYPE_IPV4,
                0,
                t -> {
                    guard.restore(destination);
                    answer.complete(t);
                },
                (errno, reason) -> {
                    guard.restore(destination);
                    answer.completeExceptionally(new VarpdException(errno, link + ": " + what + " failed: " + reason));
                }));
        TargetPoint t = await(answer, link, what);
        return new LookupResult(t != null, destination, t, destination + (t == null ? ": DROP" : " -> " + t));
    }

    /**
     * The address is resolved by the plugin's ARP/NDP op, then its MAC looked up, as a device's neighbour miss would
     * be; unlike a miss, the answer is only reported: the entries the plugin installed on the way are put back
     * ({@link TargetTableGuard}), and no device is told.
     */
    @Override
    public LookupResult resolve(String link, InetAddress address) throws VarpdException {
        Instance i = live(link, Errno.ENXIO);
        String ip = IpAddresses.format(address);
        String what = "resolution of " + ip;
        TargetTableGuard guard =
                i.plugin().mode() == PluginMode.POINT ? null : TargetTableGuard.ofTable(link, i.device());
        int sap = address instanceof Inet4Address ? LookupRequest.ETHERTYPE_IPV4 : LookupRequest.ETHERTYPE_IPV6;
        CompletableFuture<LookupResult> answer = new CompletableFuture<>();
        i.resolveAddress(
                new ResolveHandle(
                        link + ": diagnostic " + what,
                        mac -> {
                            if (guard != null) {
                                guard.restore(mac);
                            }
                            i.lookup(new SyntheticLookup(
                                    i.vnetid(),
                                    mac,
                                    sap,
                                    0,
                                    target -> {
                                        if (guard != null) {
                                            guard.restore(mac);
                                        }
                                        answer.complete(
                                                target == null
                                                        ? new LookupResult(
                                                                false,
                                                                mac,
                                                                null,
                                                                ip + " is at " + mac + ", which has no destination")
                                                        : new LookupResult(
                                                                true,
                                                                mac,
                                                                target,
                                                                ip + " is at " + mac + " -> " + target));
                                    },
                                    (errno, reason) -> {
                                        if (guard != null) {
                                            guard.restore(mac);
                                        }
                                        answer.completeExceptionally(new VarpdException(
                                                errno,
                                                link + ": " + ip + " is at " + mac
                                                        + ", but the lookup of its destination failed: " + reason));
                                    }));
                        },
                        () -> answer.complete(new LookupResult(false, null, null, "no MAC is known for " + ip)),
                        (errno, reason) -> answer.completeExceptionally(
                                new VarpdException(errno, link + ": " + what + " failed: " + reason))),
                address);
        return await(answer, link, what);
    }

    private static <T> T await(CompletableFuture<T> answer, String link, String what) throws VarpdException {
        try {
            return answer.get(DIAGNOSTIC_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new VarpdException(
                    Errno.ETIME,
                    link + ": " + what + ": the plugin did not answer within " + DIAGNOSTIC_WAIT_SECONDS + " s");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof VarpdException v) {
                throw v;
            }
            throw new VarpdException(Errno.EIO, link + ": " + what + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VarpdException(Errno.EIO, link + ": " + what + " was interrupted");
        }
    }

    @Override
    public HostedGuest publish(String link, MacAddress mac, Set<InetAddress> addresses, Optional<TargetPoint> at)
            throws VarpdException {
        if (mac == null || mac.isMulticast()) {
            throw new VarpdException(
                    Errno.EINVAL, link + ": " + mac + " is not a unicast MAC; a guest has a unicast MAC");
        }
        if (addresses == null || addresses.stream().anyMatch(java.util.Objects::isNull)) {
            throw new VarpdException(
                    Errno.EINVAL,
                    link + ": the guest's addresses are missing; give its IPv4 and IPv6" + " addresses, or none");
        }
        Instance i = live(link, Errno.ENXIO);
        try {
            return i.publish(mac, addresses, at == null ? Optional.empty() : at);
        } catch (VarpdException e) {
            throw withLink(link, e);
        }
    }

    @Override
    public void withdraw(String link, MacAddress mac) throws VarpdException {
        Instance i = live(link, Errno.ENXIO);
        try {
            i.withdraw(mac);
        } catch (VarpdException e) {
            throw withLink(link, e);
        }
    }

    @Override
    public List<HostedGuest> published(String link) throws VarpdException {
        Instance i = live(link, Errno.ENXIO);
        try {
            return i.published();
        } catch (VarpdException e) {
            throw withLink(link, e);
        }
    }

    /** dladm refuses to set these (EPERM): they describe the instance, they do not configure it. */
    private static void refuseReadOnly(String link, String name, String value) throws VarpdException {
        boolean sameEncap = name.equals(OverlayConfig.ENCAP) && CommonProperties.ENCAP_VXLAN.equals(value);
        if (name.equals(CommonProperties.SEARCH)
                || name.equals(CommonProperties.VARPD_ID)
                || name.equals(OverlayConfig.ENCAP) && !sameEncap) {
            throw new VarpdException(
                    Errno.EPERM,
                    link + ": " + name + ": is read-only"
                            + (name.equals(CommonProperties.SEARCH)
                                    ? "; the plugin is chosen when the overlay is created"
                                    : ""));
        }
    }

    /**
     * A key without a module prefix must be one of {@code allowed}; a typo ({@code devce}) or a field of the instance
     * view ({@code id}, {@code plugin}) would otherwise be stored and mean nothing. Module-prefixed keys
     * ({@code files/config}, {@code linux/announce}) are the plugin's and the device's, checked by core when it applies
     * them.
     */
    private static void refuseUnknownPlainKey(String link, String name, Set<String> allowed) throws VarpdException {
        if (name.indexOf('/') > 0 || allowed.contains(name)) {
            return;
        }
        String hint = name.equals("plugin")
                ? "; the plugin is chosen when the overlay is created: to change it,"
                        + " create a new overlay and delete this one"
                : name.equals("id") ? "; the instance id is given by varpd" : "";
        throw new VarpdException(
                Errno.EINVAL,
                link + ": unknown property '" + name + "'" + hint + "; allowed: "
                        + String.join(", ", new java.util.TreeSet<>(allowed))
                        + ", and the plugin's and the device's properties (<module>/<name>, e.g. vxlan/listen_ip)");
    }

    private static VarpdException withLink(String link, VarpdException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        return m.startsWith(link + ":") ? e : new VarpdException(e.errno(), link + ": " + m, e);
    }

    private OverlayRecord record(String link) throws VarpdException {
        return overlays.byLink(link).orElseThrow(() -> notFound(link));
    }

    private Instance live(String link, Errno notActive) throws VarpdException {
        Optional<OverlayRecord> found = overlays.byLink(link);
        if (found.isEmpty()) {
            Stray stale = unrunnable(link).orElseThrow(() -> notFound(link));
            throw new VarpdException(notActive, link + ": " + unrunnableDetail(stale));
        }
        OverlayRecord r = found.get();
        return r.live()
                .orElseThrow(() -> new VarpdException(
                        notActive,
                        link + ": the overlay is not active (" + r.state()
                                + (r.detail().isEmpty() ? "" : ": " + r.detail()) + ")"));
    }

    private static VarpdException notFound(String link) {
        return new VarpdException(Errno.ENOENT, link + ": no overlay of that name");
    }

    // ---- configurations core never runs --------------------------------------------------------

    /**
     * Configurations in varpd's PID namespace ({@value OverlayConfig#FACTORY_PID_PREFIX}...) with properties but no
     * overlay factory PID: core ignores them, yet they hold an overlay's PID.
     */
    /**
     * A configuration core does not run, read once: Felix's getters throw on a configuration deleted meanwhile, so
     * nothing reads it again later.
     */
    private record Stray(Configuration config, String pid, Dictionary<String, Object> properties) {}

    private List<Stray> unrunnable() {
        try {
            Configuration[] found = cm.listConfigurations(
                    "(" + org.osgi.framework.Constants.SERVICE_PID + "=" + OverlayConfig.FACTORY_PID_PREFIX + "*)");
            List<Stray> out = new ArrayList<>();
            if (found != null) {
                for (Configuration c : found) {
                    try {
                        Dictionary<String, Object> p = c.getProperties();
                        if (!OverlayConfigurations.isOverlayFactory(c.getFactoryPid()) && p != null) {
                            out.add(new Stray(c, c.getPid(), p));
                        }
                    } catch (IllegalStateException deletedMeanwhile) {
                        // gone since it was listed: nothing to show
                    }
                }
            }
            return out;
        } catch (IOException | InvalidSyntaxException e) {
            LOG.warn("listing configurations failed: {}", e.toString());
            return List.of();
        }
    }

    private Optional<Stray> unrunnable(String link) {
        return unrunnable().stream().filter(c -> link.equals(linkOf(c))).findFirst();
    }

    /** The link a configuration names: its {@code link} property, else the name after '~' in its PID. */
    private static String linkOf(Stray c) {
        Object l = c.properties().get(OverlayConfig.LINK);
        if (l instanceof String s && !s.isBlank()) {
            return s.trim();
        }
        String pid = c.pid();
        int tilde = pid.lastIndexOf('~');
        return tilde < 0 ? pid : pid.substring(tilde + 1);
    }

    private static String unrunnableDetail(Stray c) {
        return "configuration " + c.pid() + " is not a factory configuration of an overlay plugin, so varpd"
                + " does not run it; delete this overlay and create it again";
    }

    private static InstanceInfo unrunnableInfo(Stray c) {
        String pid = c.pid();
        int tilde = pid.lastIndexOf('~');
        String plugin = pid.substring(OverlayConfig.FACTORY_PID_PREFIX.length(), tilde < 0 ? pid.length() : tilde);
        long vnetid = 0;
        Object v = c.properties().get(OverlayConfig.VNETID);
        try {
            Object parsed = PropertyValues.parse(CommonProperties.VNETID, v);
            vnetid = parsed instanceof Long l ? l : 0;
        } catch (VarpdException e) {
            // shown as 0: the detail says what is wrong with the configuration as a whole
        }
        Object device = c.properties().get(OverlayConfig.DEVICE);
        return new InstanceInfo(
                0,
                linkOf(c),
                plugin,
                vnetid,
                device == null ? "" : device.toString(),
                InstanceState.ERROR,
                false,
                unrunnableDetail(c),
                pid,
                Map.of());
    }

    private static Hashtable<String, Object> copy(Dictionary<String, Object> d) {
        Hashtable<String, Object> h = new Hashtable<>();
        for (Enumeration<String> k = d.keys(); k.hasMoreElements(); ) {
            String key = k.nextElement();
            h.put(key, d.get(key));
        }
        return h;
    }

    private interface CmCall<T> {
        T call() throws IOException;
    }

    private static <T> T io(CmCall<T> call) throws VarpdException {
        try {
            return call.call();
        } catch (IOException | IllegalStateException e) {
            throw new VarpdException(Errno.EIO, "Configuration Admin failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<StrayDevice> strayDevices() {
        List<OverlayRecord> records = overlays.records();
        List<StrayDevice> stray = new ArrayList<>();
        // Asked outside the reconciler: a provider may do I/O (a netlink dump per namespace).
        overlays.deviceProviders().forEach((type, provider) -> {
            for (UnclaimedDevice d : unclaimed(type, provider)) {
                if (records.stream().noneMatch(r -> configures(r, type, d.linkName()))) {
                    stray.add(new StrayDevice(type, d.linkName(), d.vnetid(), d.location()));
                }
            }
        });
        return stray;
    }

    private static List<UnclaimedDevice> unclaimed(String type, OverlayDeviceProvider provider) {
        try {
            return provider.unclaimedDevices();
        } catch (VarpdException | RuntimeException e) {
            LOG.warn("device provider '{}' cannot list its devices without an instance: {}", type, e.getMessage());
            return List.of();
        }
    }

    /** A configuration for the link, even one in error or waiting, claims the device: its own status speaks for it. */
    private static boolean configures(OverlayRecord r, String type, String link) {
        return link.equals(r.link())
                && (r.settings() == null || type.equals(r.settings().device()));
    }
}
