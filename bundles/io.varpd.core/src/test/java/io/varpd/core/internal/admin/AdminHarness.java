// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal.admin;

import io.varpd.api.PluginMode;
import io.varpd.api.VarpdException;
import io.varpd.api.admin.PluginInfo;
import io.varpd.api.device.OverlayDeviceProvider;
import io.varpd.api.plugin.PluginOps;
import io.varpd.core.internal.OverlayService;
import io.varpd.core.internal.config.OverlayConfigurations;
import io.varpd.core.internal.instance.InstanceIds;
import io.varpd.core.internal.instance.InstanceManager;
import io.varpd.core.internal.instance.OverlayRecord;
import io.varpd.core.internal.instance.PluginBinding;
import io.varpd.core.internal.lookup.FrameProxies;
import io.varpd.core.internal.persist.InstanceStore;
import io.varpd.core.internal.registry.NamedServiceRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.osgi.service.cm.ConfigurationEvent;

/**
 * The real admin service over the real reconciler ({@link InstanceManager}) and a Felix-like Configuration Admin, wired
 * as {@code VarpdCore} wires them: core applies a configuration when its event arrives and when the admin service syncs
 * it, reading it back from Configuration Admin each time. With {@link #withFileInstall()}, FileInstall's listener runs
 * too: on every update event it reads the configuration back with {@code getConfiguration(pid, "?")}, as FileInstall
 * 3.7.4 does to find the file to write.
 */
final class AdminHarness {
    final FelixLikeConfigurationAdmin cm = new FelixLikeConfigurationAdmin();
    final NamedServiceRegistry<PluginBinding.Plugin> plugins = new NamedServiceRegistry<>("plugin");
    final NamedServiceRegistry<OverlayDeviceProvider> devices = new NamedServiceRegistry<>("device provider");
    final InstanceManager manager =
            new InstanceManager(plugins, devices, new InstanceIds(), new FrameProxies(), InstanceStore.none());
    private final OverlayConfigurations configurations = new OverlayConfigurations(cm);
    private long serviceIds = 1;

    private final OverlayService service = new OverlayService() {
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
            return plugins.entries().stream()
                    .map(e -> new PluginInfo(e.name(), e.service().mode(), e.origin(), true, ""))
                    .toList();
        }

        @Override
        public Map<String, OverlayDeviceProvider> deviceProviders() {
            Map<String, OverlayDeviceProvider> out = new TreeMap<>();
            devices.names().forEach(n -> devices.winner(n).ifPresent(e -> out.put(n, e.service())));
            return out;
        }

        @Override
        public synchronized Optional<OverlayRecord> sync(String pid) throws VarpdException {
            return apply(pid);
        }
    };
    final VarpdAdminService admin;

    AdminHarness() {
        this(null);
    }

    /** With {@code etc}: the folder the admin service also writes new overlays to (Karaf's etc/). */
    AdminHarness(java.nio.file.Path etc) {
        admin = new VarpdAdminService(service, cm, etc);
        cm.addListener((type, pid, factoryPid) -> {
            if (OverlayConfigurations.isOverlayFactory(factoryPid)) {
                try {
                    apply(pid);
                } catch (VarpdException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
    }

    AdminHarness withFileInstall() {
        cm.addListener((type, pid, factoryPid) -> {
            if (type == ConfigurationEvent.CM_UPDATED) {
                // FileInstall's ConfigInstaller: look for felix.fileinstall.filename to write back.
                cm.getConfiguration(pid, "?").getProperties();
            }
        });
        return this;
    }

    /** What VarpdCore.apply does on the reconciler thread. */
    private synchronized Optional<OverlayRecord> apply(String pid) throws VarpdException {
        Optional<OverlayConfigurations.Entry> e = configurations.get(pid);
        if (e.isPresent() && OverlayConfigurations.isOverlayFactory(e.get().factoryPid())) {
            manager.configured(pid, e.get().factoryPid(), e.get().properties());
        } else {
            manager.deleted(pid);
        }
        return manager.record(pid);
    }

    AdminHarness plugin(String name, PluginMode mode, PluginOps<?> ops) {
        plugins.add(new NamedServiceRegistry.Entry<>(
                name, serviceIds++, new PluginBinding.Plugin(name, mode, ops), "test"));
        manager.pluginChanged(name);
        return this;
    }

    AdminHarness device(String type, OverlayDeviceProvider provider) {
        devices.add(new NamedServiceRegistry.Entry<>(type, serviceIds++, provider, "test"));
        manager.deviceChanged(type);
        return this;
    }
}
