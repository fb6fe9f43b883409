// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.itest.hotplugin;

import io.varpd.api.plugin.PluginOps;
import java.util.Dictionary;
import java.util.Hashtable;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/** Registers {@link HotPlugin} as the DYNAMIC plugin {@value HotPlugin#NAME} while the bundle runs. */
public final class HotPluginActivator implements BundleActivator {
    private ServiceRegistration<?> registration;

    @Override
    public void start(BundleContext context) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(PluginOps.NAME, HotPlugin.NAME);
        props.put(PluginOps.MODE, "DYNAMIC");
        registration = context.registerService(PluginOps.class.getName(), new HotPlugin(), props);
    }

    @Override
    public void stop(BundleContext context) {
        // The framework unregisters it anyway; explicit for clarity.
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
    }
}
