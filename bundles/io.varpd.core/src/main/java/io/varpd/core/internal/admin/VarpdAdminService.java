package io.varpd.core.internal.admin;

import io.varpd.api.Errno;
import io.varpd.api.IpAddresses;
import io.varpd.api.LookupRequest;
import io.varpd.api.PluginMode;
import io.varpd.api.TargetPoint;
import io.varpd.api.admin.LookupResult;
import io.varpd.api.device.AddressLookup;
import io.varpd.core.internal.lookup.SyntheticLookup;
import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import io.varpd.api.MacAddress;
import io.varpd.api.VarpdException;
import io.varpd.api.admin.InstanceInfo;
import io.varpd.api.admin.InstanceState;
import io.varpd.api.admin.OverlayConfig;
import io.varpd.api.admin.OverlaySpec;
import io.varpd.api.admin.PluginInfo;
import io.varpd.api.admin.PropertyView;
import io.varpd.api.admin.StrayDevice;
import io.varpd.api.admin.VarpdAdmin;
import io.varpd.api.device.OverlayDeviceProvider;
import io.varpd.api.device.UnclaimedDevice;
import io.varpd.api.device.CacheEntry;
import io.varpd.api.plugin.PropertyDescription;
import io.varpd.core.internal.OverlayService;
import io.varpd.core.internal.config.OverlayConfigurations;
import io.varpd.core.internal.instance.Instance;
import io.varpd.core.internal.instance.OverlayRecord;
import io.varpd.core.internal.property.CommonProperties;
import io.varpd.core.internal.property.OverlaySettings;
import io.varpd.core.internal.property.PropertyValues;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The management service: dladm's overlay operations, written as Configuration Admin changes and
 * read back from the live records (see {@link VarpdAdmin} for the contract).
 */
@Component(service = VarpdAdmin.class)
public final class VarpdAdminService implements VarpdAdmin {
    private static final Logger LOG = LoggerFactory.getLogger(VarpdAdminService.class);
    /** How long a diagnostic lookup waits for an asynchronous plugin (svp asks a server). */
    private static final long DIAGNOSTIC_WAIT_SECONDS = 5;

    private final OverlayService overlays;
    private final ConfigurationAdmin cm;
    private final OverlayConfigurations configurations;

    @Activate
    public VarpdAdminService(@Reference(name = "overlays") OverlayService overlays,
            @Reference(name = "configurationAdmin") ConfigurationAdmin cm) {
        this.overlays = overlays;
        this.cm = cm;
        this.configurations = new OverlayConfigurations(cm);
    }

    @Override
    public List<InstanceInfo> instances() {
        return overlays.records().stream().map(OverlayRecord::info).toList();
    }

    @Override
    public Optional<InstanceInfo> instance(String link) {
        return overlays.byLink(link).map(OverlayRecord::info);
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
        List<String> pluginNames = overlays.plugins().stream().filter(PluginInfo::active).map(PluginInfo::name).toList();
        out.add(new PropertyView(CommonProperties.search(pluginNames), i.plugin().name()));
        for (PropertyDescription d : i.plugin().properties()) {
            out.add(new PropertyView(d, d.readable() ? i.plugin().get(d.name()).orElse(null) : null));
        }
        return out;
    }

    @Override
    public InstanceInfo create(OverlaySpec spec) throws VarpdException {
        if (!CommonProperties.isValidModuleName(spec.plugin())) {
            throw new VarpdException(Errno.EINVAL, "'" + spec.plugin() + "' is not a plugin name; present plugins: "
                    + String.join(", ", overlays.plugins().stream().map(PluginInfo::name).toList()));
        }
        if (!CommonProperties.isValidLinkName(spec.link())) {
            throw new VarpdException(Errno.EINVAL, "'" + spec.link() + "' is not a valid link name; allowed: letters, "
                    + "digits and '_', starting with a letter and ending with a digit, at most 31 characters");
        }
        PropertyValues.parse(CommonProperties.VNETID, spec.vnetid());
        if (overlays.byLink(spec.link()).isPresent()) {
            throw new VarpdException(Errno.EEXIST, "overlay " + spec.link() + " already exists");
        }
        Hashtable<String, Object> props = new Hashtable<>();
        for (Map.Entry<String, String> e : spec.properties().entrySet()) {
            refuseReadOnly(e.getKey(), e.getValue());
            if (e.getKey().equals(OverlayConfig.LINK) || e.getKey().equals(OverlayConfig.VNETID)) {
                throw new VarpdException(Errno.EINVAL, e.getKey() + ": give it as the link or vnetid, not as a property");
            }
            if (e.getValue() != null && !e.getValue().isEmpty()) {
                props.put(e.getKey(), e.getValue());
            }
        }
        props.put(OverlayConfig.LINK, spec.link());
        props.put(OverlayConfig.VNETID, spec.vnetid());
        Configuration c = io(() -> cm.getFactoryConfiguration(OverlayConfig.factoryPid(spec.plugin()), spec.link(), "?"));
        if (c.getProperties() != null) {
            throw new VarpdException(Errno.EEXIST, "a configuration for overlay " + spec.link() + " already exists: "
                    + c.getPid());
        }
        String pid = c.getPid();
        io(() -> {
            c.update(props);
            return null;
        });
        OverlayRecord r = overlays.sync(pid).orElseThrow(() -> new VarpdException(Errno.EIO,
                "configuration " + pid + " vanished while it was applied"));
        if (r.state() == InstanceState.ERROR) {
            // As dladm create-overlay: an overlay that cannot be activated is not left behind.
            io(() -> {
                c.delete();
                return null;
            });
            overlays.sync(pid);
            throw r.error();
        }
        return r.info();
    }

    @Override
    public InstanceInfo modify(String link, Map<String, String> properties) throws VarpdException {
        for (Map.Entry<String, String> e : properties.entrySet()) {
            refuseReadOnly(e.getKey(), e.getValue());
        }
        OverlayRecord r = record(link);
        Configuration c = configurations.configurationOf(r.pid()).orElseThrow(() -> notFound(link));
        Dictionary<String, Object> before = c.getProperties();
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
            throw applied.error();
        }
        return applied.info();
    }

    @Override
    public void delete(String link) throws VarpdException {
        OverlayRecord r = record(link);
        Configuration c = configurations.configurationOf(r.pid()).orElseThrow(() -> notFound(link));
        io(() -> {
            c.delete();
            return null;
        });
        overlays.sync(r.pid());
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
            return new LookupResult(point != null, destination, point, "point-to-point overlay: every frame goes to "
                    + (point == null ? "nowhere (dropped)" : point));
        }
        CompletableFuture<TargetPoint> answer = new CompletableFuture<>();
        i.lookup(new SyntheticLookup(i.vnetid(), destination, LookupRequest.ETHERTYPE_IPV4, 0,
                t -> answer.complete(t)));
        TargetPoint t = await(answer, "lookup of " + destination);
        return new LookupResult(t != null, destination, t, destination + (t == null ? ": DROP" : " -> " + t));
    }

    @Override
    public LookupResult resolve(String link, InetAddress address) throws VarpdException {
        Instance i = live(link, Errno.ENXIO);
        CompletableFuture<LookupResult> answer = new CompletableFuture<>();
        String ip = IpAddresses.format(address);
        i.resolve(new AddressLookup() {
            @Override
            public InetAddress address() {
                return address;
            }

            @Override
            public void resolved(MacAddress mac, TargetPoint target) {
                answer.complete(new LookupResult(true, mac, target, ip + " is at " + mac + " -> " + target));
            }

            @Override
            public void unresolved(String reason) {
                answer.complete(new LookupResult(false, null, null, reason));
            }
        });
        return await(answer, "resolution of " + ip);
    }

    private static <T> T await(CompletableFuture<T> answer, String what) throws VarpdException {
        try {
            return answer.get(DIAGNOSTIC_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new VarpdException(Errno.ETIME, what + ": the plugin did not answer within "
                    + DIAGNOSTIC_WAIT_SECONDS + " s");
        } catch (ExecutionException e) {
            throw new VarpdException(Errno.EIO, what + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VarpdException(Errno.EIO, what + " was interrupted");
        }
    }

    /** dladm refuses to set these (EPERM): they describe the instance, they do not configure it. */
    private static void refuseReadOnly(String name, String value) throws VarpdException {
        boolean sameEncap = name.equals(OverlayConfig.ENCAP) && CommonProperties.ENCAP_VXLAN.equals(value);
        if (name.equals(CommonProperties.SEARCH) || name.equals(CommonProperties.VARPD_ID)
                || name.equals(OverlayConfig.ENCAP) && !sameEncap) {
            throw new VarpdException(Errno.EPERM, name + ": is read-only"
                    + (name.equals(CommonProperties.SEARCH) ? "; the plugin is chosen when the overlay is created" : ""));
        }
    }

    private OverlayRecord record(String link) throws VarpdException {
        return overlays.byLink(link).orElseThrow(() -> notFound(link));
    }

    private Instance live(String link, Errno notActive) throws VarpdException {
        OverlayRecord r = record(link);
        return r.live().orElseThrow(() -> new VarpdException(notActive, "overlay " + link + " is not active ("
                + r.state() + (r.detail().isEmpty() ? "" : ": " + r.detail()) + ")"));
    }

    private static VarpdException notFound(String link) {
        return new VarpdException(Errno.ENOENT, "no overlay named " + link);
    }

    private static Hashtable<String, Object> copy(Dictionary<String, Object> d) {
        Hashtable<String, Object> h = new Hashtable<>();
        for (Enumeration<String> k = d.keys(); k.hasMoreElements();) {
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
        return link.equals(r.link()) && (r.settings() == null || type.equals(r.settings().device()));
    }
}
