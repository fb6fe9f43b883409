// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.healthcheck.internal;

import java.util.Map;
import org.apache.felix.hc.api.HealthCheck;

/**
 * Where health checks are published: in OSGi the service registry ({@link BundleContextCheckRegistry}), in tests a
 * list. Kept this small so the bookkeeping of {@link InstanceCheckRegistrations} is tested without a framework.
 */
interface CheckRegistry {

    /**
     * Publishes {@code check} with the given service properties.
     *
     * @throws RuntimeException when it cannot be published (for instance, the bundle is stopping)
     */
    Registration register(HealthCheck check, Map<String, Object> properties);

    /** One published check. */
    interface Registration {
        /** Withdraws the check; doing it again, or after the registry went away, does nothing. */
        void unregister();
    }
}
