// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.device;

import io.varpd.api.IpAddresses;
import io.varpd.api.PluginMode;
import io.varpd.api.VarpdException;
import io.varpd.core.internal.instance.Instance;
import io.varpd.core.internal.instance.PluginBinding;
import io.varpd.core.internal.lookup.FrameProxies;
import io.varpd.core.internal.property.OverlaySettings;
import io.varpd.plugin.files.internal.FilesPlugin;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The daemons of an end-to-end test class: overlay instances as core builds them from {@code io.varpd.overlay.files}
 * with device=linux (a files plugin and a linux provider per host namespace, built with {@code new}), the vxlan's MAC
 * and addresses set by hand, and the clean-up of all of it: instances newest first, then every provider, then the
 * test's namespaces.
 */
final class FilesDaemons {
    private final TestNamespaces namespaces;
    private final List<LinuxDeviceProvider> providers = new ArrayList<>();
    private final List<Instance> instances = new ArrayList<>();

    FilesDaemons(TestNamespaces namespaces) {
        this.namespaces = namespaces;
    }

    /** Deactivates {@code provider} on {@link #cleanUp()} (once, however often it is given). */
    LinuxDeviceProvider track(LinuxDeviceProvider provider) {
        if (!providers.contains(provider)) {
            providers.add(provider);
        }
        return provider;
    }

    /**
     * Activates instance {@code id} in {@code ns}: vxlan {@code link} of {@code vnetid} listening on
     * {@code underlay}:{@code port} over {@code ul0}, resolved from {@code mapping}; then gives the vxlan {@code mac},
     * {@code ipv4} and, unless null, {@code ipv6} (without DAD).
     */
    Instance start(
            long id,
            String ns,
            LinuxDeviceProvider provider,
            FilesPlugin files,
            String link,
            long vnetid,
            int port,
            String underlay,
            MappingFile mapping,
            String mac,
            String ipv4,
            String ipv6)
            throws VarpdException {
        Instance i = activate(id, ns, provider, files, link, vnetid, port, underlay, mapping, Map.of());
        Shell.must("ip", "-n", ns, "link", "set", link, "address", mac);
        Shell.must("ip", "-n", ns, "addr", "add", ipv4, "dev", link);
        if (ipv6 != null) {
            Shell.must("ip", "-n", ns, "addr", "add", ipv6, "dev", link, "nodad");
        }
        return i;
    }

    /**
     * Activates instance {@code id} as {@link #start} does, with the {@code extra} device properties, and leaves the
     * vxlan's MAC and addresses as the kernel and varpd make them.
     */
    Instance activate(
            long id,
            String ns,
            LinuxDeviceProvider provider,
            FilesPlugin files,
            String link,
            long vnetid,
            int port,
            String underlay,
            MappingFile mapping,
            Map<String, Object> extra)
            throws VarpdException {
        track(provider);
        Map<String, Object> props = new HashMap<>(extra);
        props.putAll(Map.of(
                "files/config", mapping.path().toString(), LinuxSettings.NETNS, ns, LinuxSettings.UNDERLAY, "ul0"));
        OverlaySettings settings = new OverlaySettings(
                "io.varpd.overlay.files~" + ns + "-" + link,
                "files",
                link,
                vnetid,
                LinuxDeviceProvider.TYPE,
                IpAddresses.parse(underlay).orElseThrow(),
                port,
                props);
        Instance i = Instance.activate(
                id,
                settings,
                new PluginBinding.Plugin("files", PluginMode.DYNAMIC, files),
                provider,
                new FrameProxies());
        instances.add(i);
        return i;
    }

    /** Releases {@code instance} as the runtime does when it stops: {@link #cleanUp()} no longer destroys it. */
    void release(Instance instance) {
        instance.release();
        instances.remove(instance);
    }

    /** Destroys the instances (newest first), deactivates the providers and deletes the namespaces. */
    void cleanUp() {
        try {
            for (int i = instances.size() - 1; i >= 0; i--) {
                instances.get(i).destroy();
            }
            providers.forEach(LinuxDeviceProvider::deactivate);
        } finally {
            instances.clear();
            namespaces.deleteAll();
        }
    }
}
