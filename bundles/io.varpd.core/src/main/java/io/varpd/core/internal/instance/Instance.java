// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal.instance;

import io.varpd.api.Errno;
import io.varpd.api.IpAddresses;
import io.varpd.api.LookupRequest;
import io.varpd.api.MacAddress;
import io.varpd.api.PluginMode;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import io.varpd.api.admin.OverlayConfig;
import io.varpd.api.device.AddressLookup;
import io.varpd.api.device.CacheEntry;
import io.varpd.api.device.DeviceListener;
import io.varpd.api.device.DeviceLookup;
import io.varpd.api.device.DeviceSettings;
import io.varpd.api.device.OverlayDevice;
import io.varpd.api.device.OverlayDeviceProvider;
import io.varpd.api.plugin.HostedGuest;
import io.varpd.api.plugin.PropertyDescription;
import io.varpd.api.plugin.ProviderHandle;
import io.varpd.api.plugin.ResolveQuery;
import io.varpd.core.internal.lookup.LookupCounters;
import io.varpd.core.internal.lookup.LookupHandle;
import io.varpd.core.internal.lookup.LookupHost;
import io.varpd.core.internal.lookup.Proxies;
import io.varpd.core.internal.lookup.ResolveHandle;
import io.varpd.core.internal.lookup.SyntheticLookup;
import io.varpd.core.internal.property.OverlaySettings;
import io.varpd.core.internal.property.PropertyValues;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live overlay instance: one plugin state, one device, one id (illumos varpd's {@code varpd_instance_t}).
 *
 * <p>{@link #activate} runs illumos varpd's create + activate with the fixes listed in
 * docs/architecture.md#where-varpd-differs-from-illumos-on-purpose: every step that fails undoes the steps before it
 * (the plugin is stopped and destroyed, the device closed), so a failed activation leaves nothing behind.
 * {@link #destroy} always stops and destroys the plugin state, and first answers every open query DROP so no device
 * entry stays pending.
 *
 * <p>The instance is also the plugin's {@link ProviderHandle} and the device's {@link DeviceListener}. Lookups pass the
 * {@link OpGate}: before activation completes and from the moment destroy begins they are answered DROP without
 * reaching the plugin.
 */
public final class Instance implements ProviderHandle, DeviceListener, LookupHost {
    private static final Logger LOG = LoggerFactory.getLogger(Instance.class);
    private static final int MAX_STATUS = 255;

    private final long id;
    private final Proxies proxies;
    private final OverlayDeviceProvider provider;
    private final OpGate gate = new OpGate();
    private final Set<LookupHandle> open = ConcurrentHashMap.newKeySet();
    private final LookupCounters counters = new LookupCounters();
    /** The guests this host carries, published through the plugin; shared with later instances of the overlay. */
    private final LocalGuests guests;

    private volatile OverlaySettings settings;
    private volatile PluginBinding<?> plugin;
    /** Prefix of the device's counters in {@link #countersWithDevice()}. */
    public static final String DEVICE_COUNTER_PREFIX = "device_";

    private volatile OverlayDevice device;
    private volatile String degraded;
    /** How many times the plugin degraded the instance: tells whether a new state's start did. */
    private volatile long degradations;
    /** What the device was opened or last reconfigured with. */
    private DeviceSettings appliedDevice;
    /** The plugin property values last applied, parsed; what {@link #update} compares against. */
    private Map<String, Object> appliedPlugin = Map.of();

    /** What {@link #update} did with a new configuration. */
    public enum Change {
        /** Nothing the instance runs on changed. */
        NONE,
        /** Applied to the running instance. */
        APPLIED,
        /** Needs a new device or instance (the caller re-creates); nothing was changed. */
        RECREATE
    }

    private Instance(
            long id, OverlaySettings settings, OverlayDeviceProvider provider, Proxies proxies, LocalGuests guests) {
        this.id = id;
        this.guests = guests;
        this.provider = provider;
        this.settings = settings;
        this.proxies = proxies;
    }

    /**
     * Creates, configures, starts and associates an instance.
     *
     * @throws VarpdException the first failure, after everything done so far was undone
     */
    public static Instance activate(
            long id,
            OverlaySettings settings,
            PluginBinding.Plugin plugin,
            OverlayDeviceProvider provider,
            Proxies proxies)
            throws VarpdException {
        return activate(id, settings, plugin, provider, proxies, null);
    }

    /**
     * As {@link #activate(long, OverlaySettings, PluginBinding.Plugin, OverlayDeviceProvider, Proxies)}, but the plugin
     * state is restored from {@code saved} (what its {@code save} returned) when given; the configuration's properties
     * are then applied on top, since the configuration is the source of truth. A state the plugin refuses to restore is
     * logged and replaced by a new one, so a damaged state never keeps an instance down.
     */
    public static Instance activate(
            long id,
            OverlaySettings settings,
            PluginBinding.Plugin plugin,
            OverlayDeviceProvider provider,
            Proxies proxies,
            Map<String, Object> saved)
            throws VarpdException {
        return activate(id, settings, plugin, provider, proxies, saved, new LocalGuests());
    }

    /**
     * As {@link #activate(long, OverlaySettings, PluginBinding.Plugin, OverlayDeviceProvider, Proxies, Map)}, with the
     * guests this host carries on the overlay (remembered by the caller across instances): once active, every one of
     * them is published through the new plugin state.
     */
    public static Instance activate(
            long id,
            OverlaySettings settings,
            PluginBinding.Plugin plugin,
            OverlayDeviceProvider provider,
            Proxies proxies,
            Map<String, Object> saved,
            LocalGuests guests)
            throws VarpdException {
        Instance i = new Instance(id, settings, provider, proxies, guests);
        boolean started = false;
        try {
            Map<String, Object> deviceExtra = new HashMap<>();
            Map<String, Object> pluginValues = new LinkedHashMap<>();
            DeviceSettings ds = deviceSettings(settings, provider, deviceExtra);
            i.device = provider.open(ds, i);
            i.appliedDevice = ds;
            i.plugin = i.bindPlugin(plugin, saved);
            i.partition(settings, provider, pluginValues);
            for (Map.Entry<String, Object> e : pluginValues.entrySet()) {
                i.plugin.set(e.getKey(), e.getValue());
            }
            i.plugin.start();
            started = true;
            i.appliedPlugin = Map.copyOf(pluginValues);
            // The gate opens first: a device may ask from the moment it is associated (the Linux
            // device checks the entries of a vxlan it took over), and a question the closed gate
            // drops would remove the entry it checks. A failed association closes the gate again.
            i.gate.open();
            i.associate(i.plugin);
            i.publishAll();
            return i;
        } catch (VarpdException | RuntimeException e) {
            i.teardown(started);
            if (e instanceof VarpdException) {
                throw (VarpdException) e;
            }
            throw new VarpdException(Errno.EIO, "activation failed: " + e, e);
        }
    }

    private PluginBinding<?> bindPlugin(PluginBinding.Plugin p, Map<String, Object> saved) throws VarpdException {
        if (saved != null) {
            try {
                return PluginBinding.restore(p, saved, this, device.destination());
            } catch (VarpdException e) {
                LOG.warn(
                        "{}: plugin '{}' could not restore its saved state, starting afresh: {}",
                        linkName(),
                        p.name(),
                        e.toString());
            }
        }
        return PluginBinding.create(p, this, device.destination());
    }

    private static DeviceSettings deviceSettings(
            OverlaySettings settings, OverlayDeviceProvider provider, Map<String, Object> extra) throws VarpdException {
        for (PropertyDescription d : provider.settings()) {
            Object raw = settings.named().get(d.name());
            Object v = raw == null ? d.defaultValue().orElse(null) : PropertyValues.parse(d, raw);
            if (v != null) {
                extra.put(d.name(), v);
            }
        }
        return new DeviceSettings(
                settings.link(), settings.vnetid(), settings.listenIp(), settings.listenPort(), extra);
    }

    /** Splits module-prefixed settings into the plugin's (parsed) and the device's; refuses the rest. */
    private void partition(OverlaySettings settings, OverlayDeviceProvider provider, Map<String, Object> pluginValues)
            throws VarpdException {
        Map<String, Object> named = settings.named();
        Map<String, PropertyDescription> pluginProps = new LinkedHashMap<>();
        for (PropertyDescription d : plugin.properties()) {
            pluginProps.put(d.name(), d);
        }
        Set<String> deviceProps = new java.util.HashSet<>();
        provider.settings().forEach(d -> deviceProps.add(d.name()));
        for (Map.Entry<String, Object> e : named.entrySet()) {
            PropertyDescription d = pluginProps.get(e.getKey());
            if (d != null) {
                if (!d.writable()) {
                    throw new VarpdException(Errno.EPERM, e.getKey() + ": is read-only");
                }
                Object v = PropertyValues.parse(d, e.getValue());
                if (v != null) {
                    pluginValues.put(e.getKey(), v);
                }
            } else if (!deviceProps.contains(e.getKey())) {
                List<String> allowed = new ArrayList<>(pluginProps.keySet());
                allowed.addAll(deviceProps);
                throw new VarpdException(
                        Errno.EINVAL,
                        "unknown property '" + e.getKey() + "' for plugin '" + plugin.name() + "' on device '"
                                + settings.device() + "'; allowed: " + String.join(", ", allowed));
            }
        }
    }

    private void associate(PluginBinding<?> with) throws VarpdException {
        TargetPoint point = null;
        if (with.mode() == PluginMode.POINT) {
            point = with.defaultTarget()
                    .orElseThrow(() -> new VarpdException(
                            Errno.EINVAL, "plugin '" + with.name() + "' gave no default destination"));
        }
        device.associate(id, with.mode(), point);
    }

    /**
     * Applies a changed configuration to the running instance, or refuses it with the instance running exactly as
     * before. Everything is parsed and checked first. Changed device settings go to {@link OverlayDevice#reconfigure};
     * changed plugin properties are set on a new plugin state, restored from the running one's saved state and started
     * beside it, and swapped in only once it started (so a bad value, such as a mapping file that does not load, never
     * replaces a working state). A POINT instance is re-associated with its new destination, so traffic follows (the
     * original left the kernel on the old one).
     *
     * @return what was done; {@link Change#RECREATE} when {@code next} needs a new device (nothing was changed then)
     * @throws VarpdException the refusal; the instance runs as before
     */
    public Change update(OverlaySettings next) throws VarpdException {
        if (!settings.sameShape(next)) {
            return Change.RECREATE;
        }
        DeviceSettings nextDevice = deviceSettings(next, provider, new HashMap<>());
        Map<String, Object> nextPlugin = new LinkedHashMap<>();
        partition(next, provider, nextPlugin);
        boolean deviceChanged = !nextDevice.equals(appliedDevice);
        boolean pluginChanged = !nextPlugin.equals(appliedPlugin);
        if (!deviceChanged && !pluginChanged) {
            settings = next;
            return Change.NONE;
        }
        if (deviceChanged && !device.reconfigure(nextDevice)) {
            return Change.RECREATE;
        }
        try {
            if (pluginChanged) {
                swapPlugin(nextPlugin);
            }
        } catch (VarpdException e) {
            if (deviceChanged) {
                try {
                    device.reconfigure(appliedDevice);
                } catch (VarpdException undo) {
                    LOG.error(
                            "{}: could not put the device settings back after a refused change: {}",
                            linkName(),
                            undo.toString());
                }
            }
            throw e;
        }
        appliedDevice = nextDevice;
        appliedPlugin = Map.copyOf(nextPlugin);
        settings = next;
        return Change.APPLIED;
    }

    /**
     * Starts a new plugin state with {@code values} beside the running one and swaps it in. Ops in flight finish on the
     * old state first; queries the old state left open are answered DROP after it stopped, as at destroy.
     */
    private void swapPlugin(Map<String, Object> values) throws VarpdException {
        PluginBinding<?> old = plugin;
        Map<String, Object> carried = null;
        try {
            carried = old.save();
        } catch (VarpdException e) {
            LOG.info(
                    "{}: plugin '{}' could not save its state for the change; the new state starts afresh: {}",
                    linkName(),
                    old.name(),
                    e.toString());
        }
        PluginBinding<?> next = bindPlugin(old.plugin(), carried);
        boolean started = false;
        // The status belongs to the instance, shared by both states: what the old one said goes
        // with it, unless the new one says something itself while starting.
        String statusBefore = degraded;
        long degradationsBefore = degradations;
        try {
            for (String removed : appliedPlugin.keySet()) {
                if (!values.containsKey(removed)) {
                    next.set(removed, null);
                }
            }
            for (Map.Entry<String, Object> e : values.entrySet()) {
                next.set(e.getKey(), e.getValue());
            }
            next.start();
            started = true;
            if (next.mode() == PluginMode.POINT) {
                reassociate(next, old);
            }
        } catch (VarpdException | RuntimeException e) {
            retire(next, started);
            if (degradations != degradationsBefore) {
                // A refused trial's words do not describe what runs.
                if (statusBefore == null) {
                    restore();
                } else {
                    degrade(statusBefore);
                }
            }
            throw e instanceof VarpdException ve
                    ? ve
                    : new VarpdException(Errno.EIO, "plugin '" + old.name() + "' failed: " + e, e);
        }
        List<LookupHandle> leftOpen = new ArrayList<>();
        gate.exclusively(() -> {
            plugin = next;
            leftOpen.addAll(open);
        });
        // Before the old state stops: a plugin that publishes under something of its own (an etcd
        // lease) takes the guests away with it when it stops, and the new state writes them again.
        publishAll();
        retire(old, true);
        for (LookupHandle h : leftOpen) {
            h.dropIfOpen();
        }
        if (degradations == degradationsBefore) {
            restore();
        }
    }

    /** Moves the device to {@code next}'s destination, back to {@code old}'s if that fails. */
    private void reassociate(PluginBinding<?> next, PluginBinding<?> old) throws VarpdException {
        device.disassociate();
        try {
            associate(next);
        } catch (VarpdException e) {
            try {
                associate(old);
            } catch (VarpdException again) {
                LOG.error("{}: could not re-associate with the previous destination: {}", linkName(), again.toString());
            }
            throw e;
        }
    }

    /** Stops (when started) and destroys a plugin state, logging what fails. */
    private void retire(PluginBinding<?> p, boolean started) {
        if (started) {
            try {
                p.stop();
            } catch (VarpdException | RuntimeException e) {
                LOG.warn("{}: {}", linkName(), e.toString());
            }
        }
        try {
            p.destroy();
        } catch (VarpdException | RuntimeException e) {
            LOG.warn("{}: {}", linkName(), e.toString());
        }
    }

    /**
     * Stops and frees everything: open queries DROP, plugin stop + destroy, device closed (what the provider created
     * for it is removed). For a deleted overlay, or one being re-created.
     */
    public void destroy() {
        teardown(true, false);
    }

    /**
     * As {@link #destroy}, but the device is only let go ({@link OverlayDevice#detach}): what it installed stays, so
     * traffic keeps flowing while varpd stops or a bundle is updated, and the next activation adopts it.
     */
    public void release() {
        teardown(true, true);
    }

    private void teardown(boolean started) {
        teardown(started, false);
    }

    private void teardown(boolean started, boolean keepDevice) {
        gate.close();
        for (LookupHandle h : List.copyOf(open)) {
            h.dropIfOpen();
        }
        OverlayDevice d = device;
        if (d != null && !keepDevice) {
            // Not before detach: disassociating a POINT device removes its default entry.
            try {
                d.disassociate();
            } catch (RuntimeException e) {
                LOG.warn("{}: disassociate failed: {}", linkName(), e.toString());
            }
        }
        PluginBinding<?> p = plugin;
        if (p != null) {
            retire(p, started);
        }
        if (d != null) {
            try {
                if (keepDevice) {
                    d.detach();
                } else {
                    d.close();
                }
            } catch (RuntimeException e) {
                LOG.warn(
                        "{}: {} the device failed: {}",
                        linkName(),
                        keepDevice ? "letting go of" : "closing",
                        e.toString());
            }
        }
    }

    // ---- DeviceListener ------------------------------------------------------------------

    @Override
    public void lookup(DeviceLookup miss) {
        LookupHandle handle = new LookupHandle(this, miss, proxies);
        if (!gate.enter()) {
            handle.drop();
            return;
        }
        try {
            plugin.lookup(handle);
            trackIfOpen(handle);
        } catch (RuntimeException e) {
            failedLookup("lookup", e);
            handle.dropIfOpen();
        } finally {
            gate.exit();
        }
    }

    /**
     * Misses reported together reach the plugin together, through one pass of the gate, so a plugin that probes a large
     * table for all of them first waits for those probes side by side. If the plugin throws, every query it left open
     * is answered DROP; those it answered stand.
     */
    @Override
    public void lookupAll(List<? extends DeviceLookup> misses) {
        int n = misses.size();
        if (n == 0) {
            return;
        }
        LookupHandle[] handles = new LookupHandle[n];
        for (int k = 0; k < n; k++) {
            handles[k] = new LookupHandle(this, misses.get(k), proxies);
        }
        if (!gate.enter()) {
            for (LookupHandle handle : handles) {
                handle.drop();
            }
            return;
        }
        try {
            plugin.lookupAll(Arrays.asList(handles));
            for (LookupHandle handle : handles) {
                trackIfOpen(handle);
            }
        } catch (RuntimeException e) {
            failedLookup("lookupAll", e);
            for (LookupHandle handle : handles) {
                handle.dropIfOpen();
            }
        } finally {
            gate.exit();
        }
    }

    /**
     * Only a query still open when the op returns needs tracking for teardown; most are answered inside the op. The
     * second check covers an answer racing the add.
     */
    private void trackIfOpen(LookupHandle handle) {
        if (!handle.isAnswered()) {
            handle.markTracked();
            open.add(handle);
            if (handle.isAnswered()) {
                open.remove(handle);
            }
        }
    }

    private void failedLookup(String op, RuntimeException e) {
        counters.error();
        LOG.warn("{}: plugin '{}' failed in {}: {}", linkName(), plugin.name(), op, e.toString());
    }

    /**
     * A neighbour miss: the plugin's ARP/NDP op names the MAC, then a lookup of that MAC names its destination (the
     * order of varpd's proxy ARP and the unicast miss that follows it).
     */
    @Override
    public void resolve(AddressLookup question) {
        InetAddress ip = question.address();
        String what = linkName() + ": resolve " + IpAddresses.format(ip);
        // A plugin that could not find out (fail) counts as an error (the lookup handle counts its
        // own), and the device hears why.
        java.util.function.BiConsumer<Errno, String> lookupFailed =
                (errno, reason) -> question.unresolved(errno.name() + ": " + reason);
        java.util.function.BiConsumer<Errno, String> failed = (errno, reason) -> {
            counters.error();
            lookupFailed.accept(errno, reason);
        };
        resolveAddress(
                new ResolveHandle(
                        what,
                        mac -> lookup(new SyntheticLookup(
                                        vnetid(),
                                        mac,
                                        ip instanceof Inet4Address
                                                ? LookupRequest.ETHERTYPE_IPV4
                                                : LookupRequest.ETHERTYPE_IPV6,
                                        question.vlan(),
                                        target -> {
                                            if (target == null) {
                                                question.unresolved(IpAddresses.format(ip) + " is at " + mac
                                                        + ", which has no destination");
                                            } else {
                                                question.resolved(mac, target);
                                            }
                                        },
                                        lookupFailed)
                                .answeringNeighbour()),
                        () -> question.unresolved("no MAC is known for " + IpAddresses.format(ip)),
                        failed),
                ip);
    }

    // ---- guests this host carries -------------------------------------------------------

    /**
     * Remembered always (also before activation and while stopped, for the next plugin state); published only while the
     * instance runs. Nothing is thrown back into the device.
     */
    @Override
    public void guestArrived(MacAddress mac, Set<InetAddress> addresses) {
        if (mac == null || mac.isMulticast() || addresses == null) {
            LOG.info("{}: the device reported a guest that cannot be published: {} {}", linkName(), mac, addresses);
            return;
        }
        LocalGuests.Guest g = new LocalGuests.Guest(mac, addresses, Optional.empty());
        if (guests.get(mac).filter(g::equals).isPresent()) {
            return; // reported again as it was: nothing changes
        }
        guests.put(g);
        if (!gate.enter()) {
            return;
        }
        try {
            synchronized (guests) {
                // Still what the device said: a guestLeft racing this one wins.
                if (guests.get(mac).filter(g::equals).isPresent()) {
                    publishQuietly(g);
                }
            }
        } finally {
            gate.exit();
        }
    }

    @Override
    public void guestLeft(MacAddress mac) {
        if (mac == null || guests.remove(mac).isEmpty()) {
            return;
        }
        if (!gate.enter()) {
            return;
        }
        try {
            synchronized (guests) {
                plugin.withdraw(mac);
                guests.withdrawn.increment();
            }
        } catch (VarpdException e) {
            if (e.errno() == Errno.ENOTSUP) {
                guests.unsupported.increment();
            } else if (e.errno() != Errno.ENOENT) {
                // ENOENT: never published (no local point then), nothing to take back
                guests.errors.increment();
                LOG.warn("{}: withdrawing guest {} failed: {}", linkName(), mac, e.getMessage());
            }
        } finally {
            gate.exit();
        }
    }

    /** Hands every remembered guest to the current plugin state (after activation or a swap). */
    private void publishAll() {
        if (!gate.enter()) {
            return;
        }
        try {
            synchronized (guests) {
                for (LocalGuests.Guest g : guests.all()) {
                    publishQuietly(g);
                }
            }
        } finally {
            gate.exit();
        }
    }

    /** Publishes {@code g} (inside the gate, holding the guests' monitor), logging and counting trouble. */
    private void publishQuietly(LocalGuests.Guest g) {
        Optional<TargetPoint> at = g.at().isPresent() ? g.at() : localPoint();
        if (at.isEmpty()) {
            guests.noPoint.increment();
            if (guests.missingPoint(g.mac())) {
                LOG.warn("{}: {}", linkName(), noPointSentence(g.mac()));
            }
            return;
        }
        guests.pointFound(g.mac());
        try {
            plugin.publish(new HostedGuest(g.mac(), at.get(), g.addresses()));
            guests.published.increment();
        } catch (VarpdException e) {
            if (e.errno() == Errno.ENOTSUP) {
                guests.unsupported.increment(); // a plugin whose mappings come from elsewhere
            } else {
                guests.errors.increment();
                LOG.warn("{}: publishing guest {} failed: {}", linkName(), g.mac(), e.getMessage());
            }
        }
    }

    private String noPointSentence(MacAddress mac) {
        return "guest " + mac + " is not published: the device has no local underlay address to publish it at;"
                + " set " + OverlayConfig.LISTEN_IP + " (and "
                + OverlayConfig.LISTEN_PORT + " when not " + OverlayConfig.DEFAULT_LISTEN_PORT
                + ") on the overlay, or publish it by hand with an explicit point (only a plugin that publishes"
                + " guests, such as etcd, needs one)";
    }

    /** The device's local point; empty when it has none or cannot say. */
    private Optional<TargetPoint> localPoint() {
        OverlayDevice d = device;
        if (d == null) {
            return Optional.empty();
        }
        try {
            Optional<TargetPoint> p = d.localPoint();
            return p == null ? Optional.empty() : p;
        } catch (RuntimeException e) {
            LOG.warn("{}: the device cannot tell its local point: {}", linkName(), e.toString());
            return Optional.empty();
        }
    }

    /**
     * Publishes a guest by hand ({@code VarpdAdmin.publish}): at {@code at}, or at the device's local point. Unlike a
     * device report, the plugin's refusal reaches the caller; a published guest is remembered like the device's, so a
     * new plugin state publishes it again.
     *
     * @throws VarpdException ENXIO when not running, EINVAL without a point, what the plugin refuses
     */
    public HostedGuest publish(MacAddress mac, Set<InetAddress> addresses, Optional<TargetPoint> at)
            throws VarpdException {
        if (!gate.enter()) {
            throw new VarpdException(Errno.ENXIO, linkName() + ": the overlay is not active");
        }
        try {
            TargetPoint point = at.isPresent()
                    ? at.get()
                    : localPoint()
                            .orElseThrow(
                                    () -> new VarpdException(Errno.EINVAL, linkName() + ": " + noPointSentence(mac)));
            HostedGuest g = new HostedGuest(mac, point, addresses);
            synchronized (guests) {
                plugin.publish(g);
                guests.published.increment();
                guests.put(new LocalGuests.Guest(mac, addresses, at));
                guests.pointFound(mac);
            }
            return g;
        } finally {
            gate.exit();
        }
    }

    /**
     * Withdraws a guest by hand ({@code VarpdAdmin.withdraw}) and forgets it.
     *
     * @throws VarpdException ENXIO when not running, ENOENT when this host has not published it, what the plugin
     *     refuses
     */
    public void withdraw(MacAddress mac) throws VarpdException {
        if (!gate.enter()) {
            throw new VarpdException(Errno.ENXIO, linkName() + ": the overlay is not active");
        }
        try {
            synchronized (guests) {
                boolean remembered = guests.get(mac).isPresent();
                try {
                    plugin.withdraw(mac);
                } catch (VarpdException e) {
                    // Remembered but never written (no local point yet): forgetting it withdraws it.
                    if (!(e.errno() == Errno.ENOENT && remembered)) {
                        throw e;
                    }
                }
                guests.remove(mac);
                guests.withdrawn.increment();
            }
        } finally {
            gate.exit();
        }
    }

    /**
     * What the plugin has published for this host (only the plugin knows what it writes).
     *
     * @throws VarpdException ENXIO when not running
     */
    public List<HostedGuest> published() throws VarpdException {
        if (!gate.enter()) {
            throw new VarpdException(Errno.ENXIO, linkName() + ": the overlay is not active");
        }
        try {
            return plugin.published();
        } finally {
            gate.exit();
        }
    }

    /** The guests core remembers for this overlay (device-reported and by hand). */
    public LocalGuests guests() {
        return guests;
    }

    // ---- LookupHost ----------------------------------------------------------------------

    @Override
    public LookupCounters counters() {
        return counters;
    }

    @Override
    public void closed(LookupHandle handle) {
        // Most handles are answered before lookup() returns and were never added; skipping the
        // removal then spares a hash per lookup. The flag, not open.isEmpty(), decides: the set's
        // size is a sum that can read 0 while another thread's add and remove are half done, which
        // once left an answered handle in the set for good.
        if (handle.isTracked()) {
            open.remove(handle);
        }
    }

    @Override
    public void resolveAddress(ResolveQuery query, InetAddress target) {
        callGated("arp", query, () -> plugin.arp(query, target));
    }

    @Override
    public void resolveDhcpServer(ResolveQuery query, LookupRequest request) {
        callGated("dhcp", query, () -> plugin.dhcp(query, request));
    }

    private void callGated(String op, ResolveQuery query, Runnable call) {
        if (!gate.enter()) {
            query.drop();
            return;
        }
        try {
            call.run();
        } catch (RuntimeException e) {
            counters.error();
            LOG.warn("{}: plugin '{}' failed in {}: {}", linkName(), plugin.name(), op, e.toString());
            query.drop();
        } finally {
            gate.exit();
        }
    }

    // ---- ProviderHandle ------------------------------------------------------------------

    @Override
    public long instanceId() {
        return id;
    }

    @Override
    public long vnetid() {
        return settings.vnetid();
    }

    @Override
    public String linkName() {
        return settings.link();
    }

    @Override
    public void injectTarget(MacAddress mac, TargetPoint target) {
        OverlayDevice d = device;
        if (d == null) {
            return;
        }
        try {
            if (target == null) {
                d.cacheRemove(mac);
            } else {
                d.cacheSet(CacheEntry.to(mac, target));
            }
        } catch (VarpdException e) {
            // ENOENT on remove is normal: the entry was never asked for.
            if (e.errno() != Errno.ENOENT) {
                LOG.info("{}: injecting {} -> {} failed: {}", linkName(), mac, target, e.toString());
            }
        }
    }

    @Override
    public void injectGratuitousArp(int vlan, MacAddress source, Inet4Address ip, MacAddress destination) {
        injectFrame("a gratuitous ARP", ip, () -> proxies.gratuitousArp(vlan, source, ip, destination));
    }

    @Override
    public void injectUnsolicitedAdvertisement(int vlan, MacAddress source, Inet6Address ip) {
        injectFrame(
                "an unsolicited neighbour advertisement", ip, () -> proxies.unsolicitedAdvertisement(vlan, source, ip));
    }

    /** Announcements are best effort, like the cache: a failure is logged and the next miss asks again. */
    private void injectFrame(String what, InetAddress ip, Supplier<byte[]> frame) {
        OverlayDevice d = device;
        if (d == null) {
            return;
        }
        try {
            d.inject(frame.get());
        } catch (VarpdException | IllegalArgumentException e) {
            LOG.info("{}: injecting {} for {} failed: {}", linkName(), what, IpAddresses.format(ip), e.toString());
        }
    }

    @Override
    public void degrade(String message) {
        String m = message == null || message.isEmpty() ? "degraded" : message;
        if (m.length() > MAX_STATUS) {
            m = m.substring(0, MAX_STATUS);
        }
        degraded = m;
        degradations++;
        OverlayDevice d = device;
        if (d != null) {
            d.degrade(m);
        }
        LOG.warn("{}: degraded: {}", linkName(), m);
    }

    @Override
    public void restore() {
        if (degraded != null) {
            LOG.info("{}: restored", linkName());
        }
        degraded = null;
        OverlayDevice d = device;
        if (d != null) {
            d.restore();
        }
    }

    // ---- views ---------------------------------------------------------------------------

    public long id() {
        return id;
    }

    public OverlaySettings settings() {
        return settings;
    }

    public PluginBinding<?> plugin() {
        return plugin;
    }

    /**
     * Core's lookup counters followed by the device's own, whose names get the prefix {@value #DEVICE_COUNTER_PREFIX}
     * (so both fit one map of the API's InstanceInfo).
     */
    public Map<String, Long> countersWithDevice() {
        Map<String, Long> all = counters.snapshot();
        all.putAll(guests.counters());
        OverlayDevice d = device;
        if (d != null) {
            try {
                d.counters().forEach((name, value) -> all.put(DEVICE_COUNTER_PREFIX + name, value));
            } catch (RuntimeException e) {
                LOG.warn("{}: the device's counters are unavailable: {}", settings.link(), e.toString());
            }
        }
        return all;
    }

    public OverlayDevice device() {
        return device;
    }

    /** The provider that opened the device. */
    public OverlayDeviceProvider provider() {
        return provider;
    }

    public Optional<String> degradedMessage() {
        return Optional.ofNullable(degraded);
    }

    public boolean running() {
        return gate.isOpen();
    }

    /** Open queries, for tests and diagnostics. */
    public int openQueries() {
        return open.size();
    }
}
