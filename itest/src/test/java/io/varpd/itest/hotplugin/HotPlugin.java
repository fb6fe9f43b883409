// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.itest.hotplugin;

import io.varpd.api.DestinationType;
import io.varpd.api.Errno;
import io.varpd.api.VarpdException;
import io.varpd.api.plugin.PluginOps;
import io.varpd.api.plugin.PropertyDescription;
import io.varpd.api.plugin.ProviderHandle;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A DYNAMIC plugin without properties that answers every miss DROP (the default lookup). */
public final class HotPlugin implements PluginOps<String> {
    public static final String NAME = "hot";

    @Override
    public String create(ProviderHandle provider, Set<DestinationType> destination) {
        return provider.linkName();
    }

    @Override
    public void start(String state) {}

    @Override
    public void stop(String state) {}

    @Override
    public void destroy(String state) {}

    @Override
    public List<PropertyDescription> properties(String state) {
        return List.of();
    }

    @Override
    public Optional<Object> getProperty(String state, String name) throws VarpdException {
        throw new VarpdException(Errno.EINVAL, "unknown property '" + name + "'; plugin " + NAME + " has none");
    }

    @Override
    public void setProperty(String state, String name, Object value) throws VarpdException {
        throw new VarpdException(Errno.EINVAL, "unknown property '" + name + "'; plugin " + NAME + " has none");
    }

    @Override
    public Map<String, Object> save(String state) {
        return Map.of();
    }

    @Override
    public String restore(Map<String, Object> saved, ProviderHandle provider, Set<DestinationType> destination) {
        return provider.linkName();
    }
}
