// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal;

import io.varpd.api.Errno;
import io.varpd.api.PluginMode;
import io.varpd.api.VarpdException;
import io.varpd.api.admin.PluginInfo;
import io.varpd.api.device.OverlayDeviceProvider;
import io.varpd.api.plugin.PluginOps;
import io.varpd.core.internal.config.OverlayConfigurations;
import io.varpd.core.internal.instance.InstanceIds;
import io.varpd.core.internal.instance.InstanceManager;
import io.varpd.core.internal.instance.OverlayRecord;
import io.varpd.core.internal.instance.PluginBinding;
import io.varpd.core.internal.lookup.FrameProxies;
import io.varpd.core.internal.metatype.PluginMetaTypes;
import io.varpd.core.internal.persist.InstanceStore;
import io.varpd.core.internal.property.CommonProperties;
import io.varpd.core.internal.registry.NamedServiceRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libvarpd as a Declarative Services component: the whiteboard of plugins and device providers, and the listener of
 * overlay configurations, all feeding one {@link InstanceManager}.
 *
 * <p>Theory: every input (a configuration event, a plugin or device provider coming or going) becomes a task on one
 * reconciler thread, so instance lifecycles never race each other and need no locks of their own; lookups never touch
 * that thread. Departures wait for their task: when a plugin's unbind returns, its instances are already stopped,
 * before the plugin's bundle goes. Arrivals and configuration events do not wait. A task that fails is logged and harms
 * nothing else.
 */
@Component(
        immediate = true,
        service = {ConfigurationListener.class, OverlayService.class})
public final class VarpdCore implements ConfigurationListener, OverlayService {
    private static final Logger LOG = LoggerFactory.getLogger(VarpdCore.class);
    /** Framework property: the folder where instances are saved. */
    public static final String STATE_DIR = "varpd.state.dir";
    /** How long a departing service or a management call waits for the reconciler. */
    private static final long WAIT_SECONDS = 30;

    private final ExecutorService reconciler = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "varpd-reconciler");
        t.setDaemon(true);
        return t;
    });
    private final NamedServiceRegistry<PluginBinding.Plugin> plugins = new NamedServiceRegistry<>("plugin");
    private final NamedServiceRegistry<OverlayDeviceProvider> devices = new NamedServiceRegistry<>("device provider");
    private final OverlayConfigurations configurations;
    private final PluginMetaTypes metaTypes;
    private final InstanceManager manager;

    @Activate
    public VarpdCore(BundleContext context, @Reference(name = "configurationAdmin") ConfigurationAdmin cm) {
        this.configurations = new OverlayConfigurations(cm);
        this.metaTypes = new PluginMetaTypes(context);
        InstanceStore store = storeFor(context);
        this.manager = new InstanceManager(plugins, devices, new InstanceIds(), new FrameProxies(), store);
        submit("load configurations", () -> {
            manager.loadSaved();
            for (OverlayConfigurations.Entry e : configurations.all()) {
                manager.configured(e.pid(), e.factoryPid(), e.properties());
            }
            manager.dropOrphans();
            return null;
        });
    }

    @Deactivate
    void deactivate() {
        await("shut down", submit("shut down", () -> {
            manager.shutdown();
            metaTypes.close();
            return null;
        }));
        reconciler.shutdown();
    }

    /**
     * Where instances are saved: the framework property {@value #STATE_DIR} when set (a runtime that wipes its bundle
     * cache at every start must set it), else core's bundle data area.
     */
    private static InstanceStore storeFor(BundleContext context) {
        String dir = context.getProperty(STATE_DIR);
        if (dir != null && !dir.isBlank()) {
            return new InstanceStore(java.nio.file.Path.of(dir));
        }
        java.io.File data = context.getDataFile("instances");
        if (data == null) {
            LOG.warn(
                    "no place to save instances (set the framework property {}); they will not survive a restart",
                    STATE_DIR);
            return InstanceStore.none();
        }
        return new InstanceStore(data.toPath());
    }

    // ---- whiteboard: plugins -------------------------------------------------------------

    @Reference(service = PluginOps.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addPlugin(ServiceReference<PluginOps<?>> ref, PluginOps<?> ops) {
        String origin = origin(ref);
        Object name = ref.getProperty(PluginOps.NAME);
        Object mode = ref.getProperty(PluginOps.MODE);
        if (!(name instanceof String) || !CommonProperties.isValidModuleName((String) name)) {
            LOG.error(
                    "plugin from {} refused: service property {}='{}' must be a name of lowercase letters, digits "
                            + "and '_', starting with a letter",
                    origin,
                    PluginOps.NAME,
                    name);
            return;
        }
        PluginMode m;
        try {
            m = PluginMode.valueOf(String.valueOf(mode));
        } catch (IllegalArgumentException e) {
            LOG.error(
                    "plugin '{}' from {} refused: service property {}='{}'; allowed: POINT, DYNAMIC",
                    name,
                    origin,
                    PluginOps.MODE,
                    mode);
            return;
        }
        var entry = new NamedServiceRegistry.Entry<>(
                (String) name, serviceId(ref), new PluginBinding.Plugin((String) name, m, ops), origin);
        submit("plugin " + name + " arrived", () -> {
            var change = plugins.add(entry);
            plugins.refusal(entry).ifPresent(LOG::error);
            if (change.winnerChanged()) {
                LOG.info("plugin '{}' ({}) from {} registered", name, m, origin);
                metaTypes.publish(entry.service());
                manager.pluginChanged((String) name);
            }
            return null;
        });
    }

    void removePlugin(ServiceReference<PluginOps<?>> ref, PluginOps<?> ops) {
        long id = serviceId(ref);
        await("plugin departure", submit("plugin departure", () -> {
            plugins.remove(id)
                    .filter(NamedServiceRegistry.Change::winnerChanged)
                    .ifPresent(change -> {
                        LOG.info("plugin '{}' from {} left", change.name(), origin(ref));
                        change.after()
                                .ifPresentOrElse(
                                        next -> metaTypes.publish(next.service()),
                                        () -> metaTypes.withdraw(change.name()));
                        manager.pluginChanged(change.name());
                    });
            return null;
        }));
    }

    // ---- whiteboard: device providers ----------------------------------------------------

    @Reference(
            service = OverlayDeviceProvider.class,
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void addDeviceProvider(ServiceReference<OverlayDeviceProvider> ref, OverlayDeviceProvider provider) {
        Object type = ref.getProperty(OverlayDeviceProvider.TYPE);
        if (!(type instanceof String) || !CommonProperties.isValidModuleName((String) type)) {
            LOG.error(
                    "device provider from {} refused: service property {}='{}' must be a name of lowercase letters",
                    origin(ref),
                    OverlayDeviceProvider.TYPE,
                    type);
            return;
        }
        var entry = new NamedServiceRegistry.Entry<>((String) type, serviceId(ref), provider, origin(ref));
        submit("device provider " + type + " arrived", () -> {
            var change = devices.add(entry);
            devices.refusal(entry).ifPresent(LOG::error);
            if (change.winnerChanged()) {
                LOG.info("device provider '{}' from {} registered", type, entry.origin());
                manager.deviceChanged((String) type);
                metaTypes.devicesChanged(currentDeviceProviders());
            }
            return null;
        });
    }

    void removeDeviceProvider(ServiceReference<OverlayDeviceProvider> ref, OverlayDeviceProvider provider) {
        long id = serviceId(ref);
        await("device provider departure", submit("device provider departure", () -> {
            devices.remove(id)
                    .filter(NamedServiceRegistry.Change::winnerChanged)
                    .ifPresent(change -> {
                        manager.deviceChanged(change.name());
                        metaTypes.devicesChanged(currentDeviceProviders());
                    });
            return null;
        }));
    }

    /** The winning provider of each device kind; called on the reconciler thread, which owns the registry. */
    private Map<String, OverlayDeviceProvider> currentDeviceProviders() {
        Map<String, OverlayDeviceProvider> out = new TreeMap<>();
        for (String type : devices.names()) {
            devices.winner(type).ifPresent(e -> out.put(type, e.service()));
        }
        return out;
    }

    // ---- configurations ------------------------------------------------------------------

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        if (!OverlayConfigurations.isOverlayFactory(event.getFactoryPid())) {
            return;
        }
        String pid = event.getPid();
        submit("configuration " + pid, () -> apply(pid));
    }

    /** Applies the current content of {@code pid} (or its absence) and returns its record. */
    private Optional<OverlayRecord> apply(String pid) throws VarpdException {
        Optional<OverlayConfigurations.Entry> e = configurations.get(pid);
        if (e.isPresent() && OverlayConfigurations.isOverlayFactory(e.get().factoryPid())) {
            manager.configured(pid, e.get().factoryPid(), e.get().properties());
        } else {
            manager.deleted(pid);
        }
        return manager.record(pid);
    }

    // ---- OverlayService ------------------------------------------------------------------

    @Override
    public List<OverlayRecord> records() {
        return manager.records();
    }

    @Override
    public Optional<OverlayRecord> byLink(String link) {
        return manager.byLink(link);
    }

    @Override
    public List<PluginInfo> plugins() {
        return onReconciler("list plugins", List.of(), () -> {
            List<PluginInfo> out = new ArrayList<>();
            for (var e : plugins.entries()) {
                Optional<String> refused = plugins.refusal(e);
                out.add(new PluginInfo(
                        e.name(), e.service().mode(), e.origin(), refused.isEmpty(), refused.orElse("")));
            }
            return out;
        });
    }

    @Override
    public Map<String, OverlayDeviceProvider> deviceProviders() {
        return onReconciler("list device providers", Map.of(), () -> {
            Map<String, OverlayDeviceProvider> out = new TreeMap<>();
            for (String type : devices.names()) {
                devices.winner(type).ifPresent(e -> out.put(type, e.service()));
            }
            return out;
        });
    }

    /** Reads the registries on the reconciler thread, which owns them; empty when core is stopped or stuck. */
    private <T> T onReconciler(String what, T whenUnavailable, Callable<T> read) {
        try {
            return submit(what, read).get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return whenUnavailable;
        }
    }

    @Override
    public Optional<OverlayRecord> sync(String pid) throws VarpdException {
        try {
            return submit("configuration " + pid, () -> apply(pid)).get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof VarpdException
                    ? (VarpdException) c
                    : new VarpdException(Errno.EIO, "applying configuration " + pid + " failed: " + c, c);
        } catch (TimeoutException e) {
            throw new VarpdException(
                    Errno.ETIME,
                    "core did not apply configuration " + pid + " within " + WAIT_SECONDS + " s; see the log");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VarpdException(Errno.EIO, "interrupted while applying configuration " + pid);
        }
    }

    // ---- plumbing ------------------------------------------------------------------------

    private <T> Future<T> submit(String what, Callable<T> task) {
        try {
            return reconciler.submit(() -> {
                try {
                    return task.call();
                } catch (VarpdException e) {
                    // An expected refusal, already described: one line, no stack trace.
                    LOG.warn("{}: {}", what, e.getMessage());
                    throw e;
                } catch (Exception | LinkageError e) {
                    LOG.error("{}: failed: {}", what, e.toString(), e);
                    throw e;
                }
            });
        } catch (RejectedExecutionException e) {
            // Core is deactivated: every instance is already gone, so late departures have nothing to do.
            return CompletableFuture.failedFuture(new VarpdException(Errno.ENXIO, "varpd core is stopped"));
        }
    }

    private static void await(String what, Future<?> f) {
        try {
            f.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof VarpdException && ((VarpdException) e.getCause()).errno() == Errno.ENXIO) {
                LOG.debug("{}: nothing to do, core is stopped", what);
            } else {
                LOG.error("{}: failed: {}", what, e.getCause().toString());
            }
        } catch (TimeoutException e) {
            LOG.error("{}: did not complete within {} s", what, WAIT_SECONDS);
        }
    }

    private static long serviceId(ServiceReference<?> ref) {
        return (Long) ref.getProperty(Constants.SERVICE_ID);
    }

    private static String origin(ServiceReference<?> ref) {
        var b = ref.getBundle();
        return b == null ? "an unregistered service" : b.getSymbolicName() + " " + b.getVersion();
    }
}
