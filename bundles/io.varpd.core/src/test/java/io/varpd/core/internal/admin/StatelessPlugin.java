// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal.admin;

import io.varpd.api.DestinationType;
import io.varpd.api.plugin.PluginOps;
import io.varpd.api.plugin.PropertyDescription;
import io.varpd.api.plugin.ProviderHandle;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A plugin for admin tests whose state is just its provider handle: no properties, nothing to start, stop or save.
 * Subclasses add the one behaviour a test looks at.
 */
abstract class StatelessPlugin implements PluginOps<ProviderHandle> {
    @Override
    public ProviderHandle create(ProviderHandle provider, Set<DestinationType> destination) {
        return provider;
    }

    @Override
    public void start(ProviderHandle state) {}

    @Override
    public void stop(ProviderHandle state) {}

    @Override
    public void destroy(ProviderHandle state) {}

    @Override
    public List<PropertyDescription> properties(ProviderHandle state) {
        return List.of();
    }

    @Override
    public Optional<Object> getProperty(ProviderHandle state, String name) {
        return Optional.empty();
    }

    @Override
    public void setProperty(ProviderHandle state, String name, Object value) {}

    @Override
    public Map<String, Object> save(ProviderHandle state) {
        return Map.of();
    }

    @Override
    public ProviderHandle restore(
            Map<String, Object> saved, ProviderHandle provider, Set<DestinationType> destination) {
        return provider;
    }
}
