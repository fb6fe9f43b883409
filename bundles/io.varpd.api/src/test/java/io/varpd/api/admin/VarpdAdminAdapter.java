// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.api.admin;

import io.varpd.api.MacAddress;
import io.varpd.api.VarpdException;
import io.varpd.api.device.CacheEntry;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link VarpdAdmin} for tests of operator surfaces (shipped in this module's test jar, as ONOS
 * ships its service adapters): every operation refuses with {@link UnsupportedOperationException},
 * so a test overrides exactly the ones its subject may call and learns at once about any other.
 */
public class VarpdAdminAdapter implements VarpdAdmin {
    @Override
    public List<InstanceInfo> instances() {
        throw new UnsupportedOperationException("instances");
    }

    @Override
    public Optional<InstanceInfo> instance(String link) {
        throw new UnsupportedOperationException("instance");
    }

    @Override
    public List<PluginInfo> plugins() {
        throw new UnsupportedOperationException("plugins");
    }

    @Override
    public List<PropertyView> properties(String link) throws VarpdException {
        throw new UnsupportedOperationException("properties");
    }

    @Override
    public Map<String, String> pluginState(String link) throws VarpdException {
        throw new UnsupportedOperationException("pluginState");
    }

    @Override
    public InstanceInfo create(OverlaySpec spec) throws VarpdException {
        throw new UnsupportedOperationException("create");
    }

    @Override
    public InstanceInfo modify(String link, Map<String, String> properties) throws VarpdException {
        throw new UnsupportedOperationException("modify");
    }

    @Override
    public void delete(String link) throws VarpdException {
        throw new UnsupportedOperationException("delete");
    }

    @Override
    public List<CacheEntry> targets(String link) throws VarpdException {
        throw new UnsupportedOperationException("targets");
    }

    @Override
    public void removeTarget(String link, MacAddress mac) throws VarpdException {
        throw new UnsupportedOperationException("removeTarget");
    }

    @Override
    public void flushTargets(String link) throws VarpdException {
        throw new UnsupportedOperationException("flushTargets");
    }

    @Override
    public void setTarget(String link, MacAddress mac, String value) throws VarpdException {
        throw new UnsupportedOperationException("setTarget");
    }

    @Override
    public LookupResult lookup(String link, MacAddress destination) throws VarpdException {
        throw new UnsupportedOperationException("lookup");
    }

    @Override
    public LookupResult resolve(String link, InetAddress address) throws VarpdException {
        throw new UnsupportedOperationException("resolve");
    }

    @Override
    public List<StrayDevice> strayDevices() {
        return List.of();
    }
}
