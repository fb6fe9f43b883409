// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal.metatype;

import io.varpd.api.DestinationType;
import io.varpd.api.VarpdException;
import io.varpd.api.admin.OverlayConfig;
import io.varpd.api.device.OverlayDeviceProvider;
import io.varpd.api.plugin.PropertyDescription;
import io.varpd.core.internal.instance.PluginBinding;
import io.varpd.core.internal.property.CommonProperties;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.metatype.MetaTypeProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers one Metatype provider per present plugin, for its factory PID {@code io.varpd.overlay.<plugin>}, so the web
 * console shows a form for it. The plugin's properties are read from a throwaway state created for a VXLAN destination
 * (IP and PORT) and destroyed at once. The forms also offer the registered device kinds and their settings, so they are
 * published again whenever a device provider comes or goes.
 */
public final class PluginMetaTypes {
    private static final Logger LOG = LoggerFactory.getLogger(PluginMetaTypes.class);
    private static final EnumSet<DestinationType> VXLAN = EnumSet.of(DestinationType.IP, DestinationType.PORT);

    private final BundleContext context;
    private final Map<String, ServiceRegistration<MetaTypeProvider>> registrations = new HashMap<>();
    private final Map<String, PluginBinding.Plugin> published = new HashMap<>();
    private Map<String, List<PropertyDescription>> devices = Map.of();

    public PluginMetaTypes(BundleContext context) {
        this.context = context;
    }

    /** Registers (or replaces) the form of {@code plugin}. */
    public void publish(PluginBinding.Plugin plugin) {
        withdraw(plugin.name());
        List<PropertyDescription> props = new ArrayList<>(CommonProperties.CONFIGURABLE);
        try {
            PluginBinding<?> probe = PluginBinding.create(plugin, new DescribingHandle(), VXLAN);
            try {
                props.addAll(probe.properties());
            } finally {
                probe.destroy();
            }
        } catch (VarpdException e) {
            LOG.warn(
                    "plugin '{}': cannot describe its properties for the configuration form: {}",
                    plugin.name(),
                    e.toString());
        }
        String factoryPid = OverlayConfig.factoryPid(plugin.name());
        Dictionary<String, Object> sp = new Hashtable<>();
        sp.put(MetaTypeProvider.METATYPE_FACTORY_PID, factoryPid);
        sp.put(org.osgi.framework.Constants.SERVICE_DESCRIPTION, "varpd overlay form for plugin " + plugin.name());
        registrations.put(
                plugin.name(),
                context.registerService(
                        MetaTypeProvider.class, new OverlayMetaType(factoryPid, plugin.name(), props, devices), sp));
        published.put(plugin.name(), plugin);
    }

    /**
     * The registered device providers changed: every form is published again with their kinds and settings. A provider
     * that cannot describe its settings is offered without them (logged).
     */
    public void devicesChanged(Map<String, OverlayDeviceProvider> providers) {
        Map<String, List<PropertyDescription>> next = new TreeMap<>();
        providers.forEach((kind, provider) -> {
            try {
                next.put(kind, List.copyOf(provider.settings()));
            } catch (RuntimeException e) {
                LOG.warn(
                        "device provider '{}': cannot describe its settings for the configuration form: {}",
                        kind,
                        e.toString());
                next.put(kind, List.of());
            }
        });
        devices = next;
        List.copyOf(published.values()).forEach(this::publish);
    }

    /** Removes the form of the plugin named {@code name}, if registered. */
    public void withdraw(String name) {
        published.remove(name);
        ServiceRegistration<MetaTypeProvider> r = registrations.remove(name);
        if (r != null) {
            try {
                r.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping; the framework unregistered it
            }
        }
    }

    public void close() {
        List.copyOf(registrations.keySet()).forEach(this::withdraw);
    }
}
