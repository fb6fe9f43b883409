// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.healthcheck.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.felix.hc.api.HealthCheck;

/** A CheckRegistry that records what is published, and can refuse links on request. */
final class FakeCheckRegistry implements CheckRegistry {
    /** One register call and whether it is still published. */
    static final class Published {
        final HealthCheck check;
        final Map<String, Object> properties;
        int unregisterCalls;

        Published(HealthCheck check, Map<String, Object> properties) {
            this.check = check;
            this.properties = Map.copyOf(properties);
        }

        boolean live() {
            return unregisterCalls == 0;
        }

        String link() {
            return (String) properties.get(VarpdHealthChecks.LINK_PROPERTY);
        }
    }

    final List<Published> calls = new ArrayList<>();
    final Set<String> refusedLinks = new HashSet<>();

    @Override
    public Registration register(HealthCheck check, Map<String, Object> properties) {
        Object link = properties.get(VarpdHealthChecks.LINK_PROPERTY);
        if (refusedLinks.contains(link)) {
            throw new IllegalStateException("registry refuses " + link);
        }
        Published p = new Published(check, properties);
        calls.add(p);
        return () -> p.unregisterCalls++;
    }

    /** The links of the checks published now, in publication order. */
    List<String> liveLinks() {
        return calls.stream().filter(Published::live).map(Published::link).toList();
    }
}
