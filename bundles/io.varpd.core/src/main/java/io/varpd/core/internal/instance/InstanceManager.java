// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal.instance;

import io.varpd.api.Errno;
import io.varpd.api.VarpdException;
import io.varpd.api.admin.InstanceState;
import io.varpd.api.admin.OverlayConfig;
import io.varpd.api.device.OverlayDeviceProvider;
import io.varpd.core.internal.lookup.Proxies;
import io.varpd.core.internal.persist.InstanceStore;
import io.varpd.core.internal.persist.SavedInstance;
import io.varpd.core.internal.property.CommonProperties;
import io.varpd.core.internal.property.OverlaySettings;
import io.varpd.core.internal.registry.NamedServiceRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns desired overlays (configurations) into live instances, given which plugins and device providers are present:
 * the reconciler of core.
 *
 * <p>Theory: three inputs change independently (configurations, plugin services, device provider services), and every
 * change ends in {@link #reconcile(OverlayRecord)} for the configurations it touches, which compares what is wanted
 * with what runs and does the least to make them agree: nothing; apply the change to the running instance (see
 * {@link Instance#update}); or re-create the instance.
 *
 * <p>One rule for every change, whatever path it came by (a {@code .cfg} file, the console's form, the shell, the HTTP
 * API): it is applied, or it is refused and the overlay runs exactly as before. Configuration Admin cannot refuse a
 * write, so core keeps the last configuration that worked running and reports the refusal in the overlay's status
 * ("configuration change refused: ...", DEGRADED). A configuration that never ran and cannot be applied is an ERROR.
 * Either way no other record is touched. A link belongs to the configuration that has it; another configuration naming
 * it is an ERROR and is never promoted silently when the first goes. An instance whose plugin or device provider is
 * absent is WAITING and keeps its id, so it comes back as it was when the service (re)appears; while it waits, and
 * while varpd stops, its device is only let go ({@link Instance#release}), never removed, so traffic keeps flowing.
 *
 * <p>Threading: all mutating methods run on the caller's single reconciler thread; readers on any thread see immutable
 * {@link OverlayRecord}s.
 */
public final class InstanceManager {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceManager.class);

    private final NamedServiceRegistry<PluginBinding.Plugin> plugins;
    private final NamedServiceRegistry<OverlayDeviceProvider> devices;
    private final InstanceIds ids;
    private final Proxies proxies;
    private final InstanceStore store;
    private final Map<String, OverlayRecord> records = new ConcurrentHashMap<>();
    /**
     * The records with settings, by the link their settings name, then by PID; reconciler thread only. Every activation
     * asks who owns its link: scanning all records made a start with 1,000 overlays do a million comparisons.
     */
    private final Map<String, Map<String, OverlayRecord>> recordsByLink = new HashMap<>();
    /** Saved states not yet restored, by configuration PID (from disk at start, or kept while a plugin is away). */
    private final Map<String, SavedInstance> saved = new HashMap<>();
    /** Changes refused while the previous configuration runs (or waits to run), by configuration PID. */
    private final Map<String, VarpdException> refusals = new HashMap<>();
    /**
     * Saved states that failed their checks at start, by the configuration PID their owner file names: shown in that
     * overlay's status (DEGRADED when it runs) until a change to it is applied or it is deleted.
     */
    private final Map<String, String> setAside = new HashMap<>();
    /**
     * Saved states set aside at start whose owner could not be read: until every configuration is loaded
     * ({@link #dropOrphans}), they are named on each overlay that comes back without a saved state, as any of those may
     * be the one that lost it.
     */
    private final List<String> unclaimed = new ArrayList<>();
    /**
     * The guests this host carries, by configuration PID: kept while an overlay waits for its plugin and across
     * re-creation, so the next instance publishes them again.
     */
    private final Map<String, LocalGuests> guests = new ConcurrentHashMap<>();
    /** Whether the configurations present at start have all been applied. */
    private boolean started;

    public InstanceManager(
            NamedServiceRegistry<PluginBinding.Plugin> plugins,
            NamedServiceRegistry<OverlayDeviceProvider> devices,
            InstanceIds ids,
            Proxies proxies,
            InstanceStore store) {
        this.plugins = plugins;
        this.devices = devices;
        this.ids = ids;
        this.proxies = proxies;
        this.store = store;
    }

    // ---- persistence ---------------------------------------------------------------------

    /**
     * Reads the saved instances (before any configuration is applied, so before any lookup is served) and reserves
     * their ids, so each instance comes back with the id it had.
     */
    public void loadSaved() {
        try {
            InstanceStore.Loaded loaded = store.load();
            for (InstanceStore.Problem p : loaded.problems()) {
                if (p.pid() != null) {
                    LOG.error("{}: {}", p.pid(), p.message());
                    setAside.merge(p.pid(), p.message(), (a, b) -> a + "; " + b);
                } else {
                    LOG.error("{} (no configuration is named beside it)", p.message());
                    unclaimed.add(p.message());
                }
            }
            for (SavedInstance s : loaded.instances()) {
                try {
                    ids.reserve(s.id());
                    saved.put(s.pid(), s);
                } catch (VarpdException e) {
                    LOG.error("saved instance {} ({}) not restored: {}", s.id(), s.link(), e.getMessage());
                }
            }
        } catch (IOException e) {
            LOG.error("reading saved instances failed; instances start afresh: {}", e.toString());
        }
    }

    /**
     * Ends the start: forgets saved instances whose configuration is gone (deleted while core was down), and set-aside
     * states nobody can be told about any more.
     */
    public void dropOrphans() {
        started = true;
        unclaimed.clear();
        for (String pid : List.copyOf(setAside.keySet())) {
            if (!records.containsKey(pid)) {
                LOG.info("{}: has no configuration any more; its set-aside state is reported in the log only", pid);
                setAside.remove(pid);
            }
        }
        for (SavedInstance s : List.copyOf(saved.values())) {
            if (!records.containsKey(s.pid())) {
                LOG.info("saved instance {} ({}) has no configuration any more; removed", s.id(), s.link());
                forget(s.pid(), s.id());
            }
        }
    }

    private void persist(String pid, Instance i) {
        try {
            store.write(snapshot(pid, i));
        } catch (IOException | VarpdException | IllegalArgumentException e) {
            LOG.warn("{}: saving the state of instance {} failed: {}", pid, i.id(), e.toString());
        }
    }

    private static SavedInstance snapshot(String pid, Instance i) throws VarpdException {
        return new SavedInstance(
                i.id(),
                pid,
                i.linkName(),
                i.plugin().name(),
                i.plugin().mode(),
                i.plugin().save(),
                i.settings().toProperties());
    }

    /**
     * The configuration the instance of {@code pid} last ran with, when one was saved and it differs from
     * {@code refused}: what runs instead of a configuration that is not running and cannot be applied (changed or
     * broken while varpd was down, or refused before a restart), so a restart never turns a refused change into an
     * outage.
     */
    private Optional<OverlaySettings> lastGood(String pid, OverlaySettings refused) {
        SavedInstance s = saved.get(pid);
        if (s == null || s.configuration().isEmpty()) {
            return Optional.empty();
        }
        try {
            OverlaySettings last = OverlaySettings.read(
                    pid, OverlayConfig.factoryPid(s.plugin()), new java.util.Hashtable<>(s.configuration()));
            return last.equals(refused) ? Optional.empty() : Optional.of(last);
        } catch (VarpdException e) {
            LOG.warn("{}: the configuration it last ran with is not readable either: {}", pid, e.getMessage());
            return Optional.empty();
        }
    }

    /** Runs (or waits to run) {@code last} instead of a refused configuration, reporting the refusal. */
    private void fallBack(String pid, long id, OverlaySettings last, VarpdException why) {
        refusals.put(pid, why);
        LOG.warn("{}: overlay {}: {}", pid, last.link(), refusal(why));
        reconcile(new OverlayRecord(pid, last, id, null, InstanceState.WAITING, "", null, last.link(), last.plugin()));
    }

    /** Forgets the saved state of {@code pid} (memory and disk) and frees its id. */
    private void forget(String pid, long id) {
        saved.remove(pid);
        if (id != 0) {
            ids.release(id);
            try {
                store.delete(id);
            } catch (IOException e) {
                LOG.warn("{}: removing the saved state of instance {} failed: {}", pid, id, e.toString());
            }
        }
    }

    // ---- inputs --------------------------------------------------------------------------

    /** A configuration was created or updated. */
    public void configured(String pid, String factoryPid, Dictionary<String, ?> props) {
        OverlayRecord old = records.get(pid);
        refusals.remove(pid);
        String plugin = factoryPid == null
                ? "?"
                : factoryPid.substring(Math.min(factoryPid.length(), OverlayConfig.FACTORY_PID_PREFIX.length()));
        Object rawLink = props.get(OverlayConfig.LINK);
        String link = rawLink == null ? pid : rawLink.toString().trim();
        OverlaySettings settings;
        try {
            settings = OverlaySettings.read(pid, factoryPid, props).withoutSettingsOf(deviceKinds());
            OverlaySettings.checkKnownKeys(props);
            if (old != null
                    && old.instance() != null
                    && !old.instance().settings().link().equals(settings.link())) {
                String running = old.instance().settings().link();
                throw new VarpdException(
                        Errno.EINVAL,
                        "link: is read-only (" + running + " cannot become "
                                + settings.link() + "); to rename, create an overlay named " + settings.link()
                                + " and delete " + running);
            }
        } catch (VarpdException e) {
            refuse(old, pid, link, plugin, e);
            return;
        }
        long id =
                old != null ? old.id() : saved.containsKey(pid) ? saved.get(pid).id() : 0;
        if (!started && old == null && id == 0 && !unclaimed.isEmpty() && !setAside.containsKey(pid)) {
            setAside.put(
                    pid,
                    "came back without a saved state, and a saved state whose overlay could not be read was"
                            + " set aside, which may have been this overlay's: " + String.join("; ", unclaimed));
        }
        Instance live = old == null ? null : old.instance();
        // Readers see the old record until this one is reconciled and put, never a half-applied one.
        reconcile(new OverlayRecord(
                pid,
                settings,
                id,
                live,
                old == null ? InstanceState.WAITING : old.state(),
                "",
                null,
                settings.link(),
                settings.plugin()));
    }

    /** The device kinds known: those varpd ships and those registered now. */
    private java.util.Set<String> deviceKinds() {
        java.util.Set<String> kinds = new java.util.TreeSet<>(CommonProperties.SHIPPED_DEVICES);
        kinds.addAll(devices.names());
        return kinds;
    }

    /**
     * A configuration that cannot be read: a running overlay keeps its last good configuration and says so; anything
     * else is an ERROR.
     */
    private void refuse(OverlayRecord old, String pid, String link, String plugin, VarpdException e) {
        if (old != null && old.instance() != null) {
            keepRunning(old, old.instance(), e);
            return;
        }
        Optional<OverlaySettings> last = old == null || old.instance() == null ? lastGood(pid, null) : Optional.empty();
        if (last.isPresent()) {
            fallBack(pid, saved.get(pid).id(), last.get(), e);
            return;
        }
        LOG.warn("{}: configuration refused: {}", pid, e.getMessage());
        stop(old);
        forget(pid, old == null ? 0 : old.id());
        putRecord(new OverlayRecord(
                pid, null, 0, null, InstanceState.ERROR, noted(pid, e.getMessage()), e, link, plugin));
    }

    /** Records that a change was refused while {@code live} goes on with the configuration it has. */
    private void keepRunning(OverlayRecord r, Instance live, VarpdException e) {
        refusals.put(r.pid(), e);
        String why = refusal(e);
        LOG.warn("{}: overlay {}: {}", r.pid(), live.linkName(), why);
        OverlaySettings running = live.settings();
        putRecord(new OverlayRecord(
                r.pid(),
                running,
                r.id(),
                live,
                InstanceState.ACTIVE,
                noted(r.pid(), why),
                e,
                running.link(),
                running.plugin()));
    }

    static String refusal(VarpdException e) {
        return "configuration change refused, previous configuration still running: " + e.getMessage();
    }

    /** A configuration was deleted: its instance is destroyed and its id freed. */
    public void deleted(String pid) {
        OverlayRecord old = records.get(pid);
        refusals.remove(pid);
        setAside.remove(pid);
        if (old != null) {
            stop(old);
            forget(pid, old.id());
            guests.remove(pid);
            // Readers see the overlay until its instance and device are gone, never a gone record
            // whose device still runs.
            unindex(records.remove(pid));
            LOG.info("{}: overlay {} deleted", pid, old.link());
            tellLinkRivals(old);
        }
    }

    /** A plugin's winner changed (arrived, left or replaced): reconcile its configurations. */
    public void pluginChanged(String name) {
        reconcileAll(r -> name.equals(r.plugin()));
    }

    /** A device provider's winner changed: reconcile the configurations that use it. */
    public void deviceChanged(String type) {
        reconcileAll(r -> r.settings() != null && type.equals(r.settings().device()));
    }

    private void reconcileAll(java.util.function.Predicate<OverlayRecord> which) {
        records.values().stream()
                .filter(which)
                .map(OverlayRecord::pid)
                .sorted()
                .forEach(pid -> record(pid).ifPresent(this::reconcile));
    }

    /**
     * Stops every instance (core is stopping or being updated); configurations stay, and so do the devices and what
     * they installed, for the next start to adopt.
     */
    public void shutdown() {
        for (OverlayRecord r : records.values()) {
            r.live().ifPresent(i -> {
                persist(r.pid(), i);
                i.release();
            });
            release(r);
        }
        records.clear();
        recordsByLink.clear();
    }

    // ---- reconciliation ------------------------------------------------------------------

    /**
     * Makes the running state of {@code r} match its configuration and the present services, and records the outcome.
     */
    private void reconcile(OverlayRecord r) {
        if (r.settings() == null) {
            return;
        }
        String pid = r.pid();
        OverlaySettings s = r.settings();
        Optional<NamedServiceRegistry.Entry<PluginBinding.Plugin>> plugin = plugins.winner(s.plugin());
        Optional<NamedServiceRegistry.Entry<OverlayDeviceProvider>> provider = devices.winner(s.device());
        Optional<String> linkOwner = linkOwner(s.link(), pid);

        if (linkOwner.isPresent()) {
            fail(
                    r,
                    new VarpdException(
                            Errno.EEXIST,
                            "link " + s.link() + " is already used by configuration " + linkOwner.get()
                                    + "; one configuration per overlay link (delete one of them)"));
            return;
        }
        if (plugin.isEmpty()) {
            waitFor(r, "waiting for plugin '" + s.plugin() + "' (plugins present: " + names(plugins) + ")");
            return;
        }
        if (provider.isEmpty()) {
            waitFor(r, "waiting for device provider '" + s.device() + "' (present: " + names(devices) + ")");
            return;
        }
        Instance live = r.instance();
        if (live == null) {
            activate(r, s, plugin.get().service(), provider.get().service());
            return;
        }
        Instance.Change change = Instance.Change.RECREATE;
        if (live.plugin().plugin().equals(plugin.get().service())
                && live.provider() == provider.get().service()) {
            try {
                change = live.update(s);
            } catch (VarpdException e) {
                keepRunning(r, live, e);
                return;
            }
        }
        switch (change) {
            case NONE -> put(r, r.id(), live, InstanceState.ACTIVE, "", null);
            case APPLIED -> {
                persist(r.pid(), live);
                setAside.remove(r.pid());
                put(r, r.id(), live, InstanceState.ACTIVE, "", null);
                LOG.info("{}: overlay {}: configuration change applied", r.pid(), s.link());
            }
            case RECREATE ->
                recreate(r, live, s, plugin.get().service(), provider.get().service());
        }
    }

    /**
     * Replaces {@code live} by an instance on {@code next} (a new device, or another plugin service). If that cannot be
     * activated, the previous configuration is activated again, with the plugin state carried over, and the change is
     * reported as refused.
     */
    private void recreate(
            OverlayRecord r,
            Instance live,
            OverlaySettings next,
            PluginBinding.Plugin plugin,
            OverlayDeviceProvider provider) {
        OverlaySettings previous = live.settings();
        Map<String, Object> state = null;
        try {
            if (live.plugin().name().equals(plugin.name()) && live.plugin().mode() == plugin.mode()) {
                state = live.plugin().save();
            }
        } catch (VarpdException e) {
            LOG.info("{}: plugin state not carried over: {}", r.pid(), e.toString());
        }
        live.destroy();
        try {
            Instance i = Instance.activate(r.id(), next, plugin, provider, proxies, state, guestsOf(r.pid()));
            persist(r.pid(), i);
            setAside.remove(r.pid());
            put(r, r.id(), i, InstanceState.ACTIVE, "", null);
            LOG.info(
                    "{}: overlay {} re-created (id {}, plugin {}, vnetid {}, device {})",
                    r.pid(),
                    next.link(),
                    r.id(),
                    plugin.name(),
                    next.vnetid(),
                    next.device());
        } catch (VarpdException e) {
            try {
                Instance back =
                        Instance.activate(r.id(), previous, plugin, provider, proxies, state, guestsOf(r.pid()));
                keepRunning(r, back, e);
            } catch (VarpdException again) {
                forget(r.pid(), r.id());
                LOG.warn(
                        "{}: overlay {} could not be re-created, nor its previous configuration restored: {}; {}",
                        r.pid(),
                        next.link(),
                        e.toString(),
                        again.toString());
                put(r, 0, null, InstanceState.ERROR, e.toString(), e);
            }
        }
    }

    private void activate(
            OverlayRecord r, OverlaySettings s, PluginBinding.Plugin plugin, OverlayDeviceProvider provider) {
        long id = r.id();
        try {
            if (id == 0) {
                id = ids.allocate();
            }
            SavedInstance before = saved.get(r.pid());
            Map<String, Object> state =
                    before != null && before.plugin().equals(plugin.name()) && before.mode() == plugin.mode()
                            ? before.state()
                            : null;
            Instance i = Instance.activate(id, s, plugin, provider, proxies, state, guestsOf(r.pid()));
            saved.remove(r.pid());
            persist(r.pid(), i);
            put(r, id, i, InstanceState.ACTIVE, "", null);
            LOG.info(
                    "{}: overlay {} active (id {}, plugin {}, vnetid {}, device {})",
                    r.pid(),
                    s.link(),
                    id,
                    plugin.name(),
                    s.vnetid(),
                    s.device());
        } catch (VarpdException e) {
            Optional<OverlaySettings> last = lastGood(r.pid(), s);
            if (last.isPresent()) {
                fallBack(r.pid(), id, last.get(), e);
                return;
            }
            forget(r.pid(), id);
            LOG.warn("{}: overlay {} could not be activated: {}", r.pid(), s.link(), e.toString());
            put(r, 0, null, InstanceState.ERROR, e.toString(), e);
        }
    }

    private LocalGuests guestsOf(String pid) {
        return guests.computeIfAbsent(pid, p -> new LocalGuests());
    }

    private void waitFor(OverlayRecord r, String why) {
        if (r.instance() != null) {
            // Keep the plugin's state, so the instance resumes as it was when its plugin returns.
            try {
                SavedInstance s = snapshot(r.pid(), r.instance());
                saved.put(r.pid(), s);
                store.write(s);
            } catch (IOException | VarpdException | IllegalArgumentException e) {
                LOG.warn("{}: saving the state of instance {} failed: {}", r.pid(), r.id(), e.toString());
            }
            LOG.info("{}: overlay {} stopped: {}", r.pid(), r.link(), why);
            // The device and its entries stay: the plugin or provider is most often being updated.
            r.instance().release();
        }
        put(r, r.id(), null, InstanceState.WAITING, why, null);
    }

    private void fail(OverlayRecord r, VarpdException e) {
        stop(r);
        forget(r.pid(), r.id());
        LOG.warn("{}: {}", r.pid(), e.getMessage());
        put(r, 0, null, InstanceState.ERROR, e.toString(), e);
    }

    /** Puts {@code r} in {@link #records} and {@link #recordsByLink}, in place of the PID's previous record. */
    private void putRecord(OverlayRecord r) {
        unindex(records.put(r.pid(), r));
        if (r.settings() != null) {
            recordsByLink
                    .computeIfAbsent(r.settings().link(), k -> new HashMap<>())
                    .put(r.pid(), r);
        }
    }

    private void unindex(OverlayRecord old) {
        if (old != null && old.settings() != null) {
            Map<String, OverlayRecord> same = recordsByLink.get(old.settings().link());
            if (same != null && same.remove(old.pid()) != null && same.isEmpty()) {
                recordsByLink.remove(old.settings().link());
            }
        }
    }

    private void put(OverlayRecord r, long id, Instance i, InstanceState state, String detail, VarpdException e) {
        VarpdException refused = refusals.get(r.pid());
        if (refused != null && state == InstanceState.ACTIVE && detail.isEmpty()) {
            detail = refusal(refused);
            e = refused;
        }
        putRecord(new OverlayRecord(
                r.pid(), r.settings(), id, i, state, noted(r.pid(), detail), e, r.link(), r.plugin()));
    }

    /** {@code detail}, followed by the note about a saved state of {@code pid} set aside at start, if any. */
    private String noted(String pid, String detail) {
        String aside = setAside.get(pid);
        return aside == null ? detail : detail.isEmpty() ? aside : detail + "; " + aside;
    }

    private void stop(OverlayRecord r) {
        if (r != null && r.instance() != null) {
            r.instance().destroy();
        }
    }

    private void release(OverlayRecord r) {
        if (r != null && r.id() != 0) {
            ids.release(r.id());
        }
    }

    /**
     * The configuration that owns {@code link}, if another than {@code pid}: one that runs or waits with it, or, while
     * configurations are loaded at start, one that ran with it before (its saved instance names the link). Refused
     * configurations own nothing.
     */
    private Optional<String> linkOwner(String link, String pid) {
        Optional<String> configured = recordsByLink.getOrDefault(link, Map.of()).values().stream()
                .filter(o -> !o.pid().equals(pid) && o.state() != InstanceState.ERROR)
                .min(Comparator.comparing((OverlayRecord o) -> o.instance() == null)
                        .thenComparing(OverlayRecord::pid))
                .map(OverlayRecord::pid);
        if (configured.isPresent() || saved.containsKey(pid)) {
            return configured;
        }
        return saved.values().stream()
                .filter(v -> !v.pid().equals(pid) && link.equals(v.link()))
                .map(SavedInstance::pid)
                .sorted()
                .findFirst();
    }

    /**
     * Configurations refused because {@code gone} had their link stay refused (never promoted silently), but their
     * status now says that the link is free and how to take it.
     */
    private void tellLinkRivals(OverlayRecord gone) {
        if (gone.link() == null) {
            return;
        }
        for (OverlayRecord o : List.copyOf(records.values())) {
            if (o.state() == InstanceState.ERROR
                    && o.settings() != null
                    && o.settings().link().equals(gone.link())
                    && o.error() != null
                    && o.error().errno() == Errno.EEXIST) {
                VarpdException e = new VarpdException(
                        Errno.EEXIST,
                        "link " + gone.link() + " was used by configuration " + gone.pid()
                                + ", which was deleted; save this configuration again to take the link");
                putRecord(new OverlayRecord(
                        o.pid(), o.settings(), 0, null, InstanceState.ERROR, e.toString(), e, o.link(), o.plugin()));
            }
        }
    }

    private static String names(NamedServiceRegistry<?> r) {
        List<String> n = new ArrayList<>(r.names());
        return n.isEmpty() ? "none" : String.join(", ", n);
    }

    // ---- reads (any thread) --------------------------------------------------------------

    public List<OverlayRecord> records() {
        List<OverlayRecord> all = new ArrayList<>(records.values());
        all.sort(Comparator.comparing(OverlayRecord::link).thenComparing(OverlayRecord::pid));
        return all;
    }

    public Optional<OverlayRecord> record(String pid) {
        return Optional.ofNullable(records.get(pid));
    }

    /** The record for a link: the one owning it (active first). */
    public Optional<OverlayRecord> byLink(String link) {
        return records().stream()
                .filter(r -> link.equals(r.link()))
                .min(Comparator.comparing((OverlayRecord o) -> o.instance() == null)
                        .thenComparing(o -> o.state() == InstanceState.ERROR));
    }
}
