// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.healthcheck.internal;

import java.util.Hashtable;
import java.util.Map;
import java.util.Objects;
import org.apache.felix.hc.api.HealthCheck;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/** Publishes health checks as {@link HealthCheck} services with this bundle's context. */
final class BundleContextCheckRegistry implements CheckRegistry {
    private final BundleContext context;

    BundleContextCheckRegistry(BundleContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    @Override
    public Registration register(HealthCheck check, Map<String, Object> properties) {
        ServiceRegistration<HealthCheck> reg =
                context.registerService(HealthCheck.class, check, new Hashtable<>(properties));
        return () -> {
            try {
                reg.unregister();
            } catch (IllegalStateException alreadyGone) {
                // Unregistered already, e.g. by the framework when this bundle stopped: the
                // outcome wanted.
            }
        };
    }
}
