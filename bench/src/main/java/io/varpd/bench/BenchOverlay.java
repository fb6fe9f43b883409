// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.bench;

import io.varpd.api.PluginMode;
import io.varpd.api.VarpdException;
import io.varpd.core.internal.instance.Instance;
import io.varpd.core.internal.instance.PluginBinding;
import io.varpd.core.internal.lookup.FrameProxies;
import io.varpd.core.internal.property.OverlaySettings;
import io.varpd.overlay.memory.MemoryDevice;
import io.varpd.overlay.memory.internal.MemoryDeviceProvider;
import io.varpd.plugin.etcd.internal.FilledEtcdPlugin;
import io.varpd.plugin.files.internal.FilesPlugin;
import java.nio.file.Path;
import java.util.Map;

/**
 * One overlay instance as core's instance manager would build it for the configuration {@code io.varpd.overlay.files}
 * with {@code link=bench0}, {@code vnetid=4242}, {@code device=memory} and {@code files/config=<file>}: a memory
 * device, the files plugin started on the file, associated DYNAMIC. Built with {@code new}, without a framework.
 *
 * <p>Each overlay has its own device provider and plugin, so several can exist at once (one per benchmark thread).
 * {@link #close()} destroys the instance (plugin stopped, device closed); the plugin's watcher thread is a daemon and
 * stays idle (FilesPlugin's deactivate is not public).
 */
public final class BenchOverlay implements AutoCloseable {
    public static final String LINK = "bench0";
    public static final long VNETID = 4242;
    private static final String FILES_CONFIG = "files/config";

    private final Instance instance;
    private final MemoryDevice device;

    private BenchOverlay(Instance instance) {
        this.instance = instance;
        this.device = (MemoryDevice) instance.device();
    }

    /** Activates an instance serving {@code mapping} with a plugin of its own: this is where the file is read. */
    public static BenchOverlay activate(Path mapping) throws VarpdException {
        return activate(mapping, new FilesPlugin());
    }

    /**
     * Activates an instance of {@code plugin} serving {@code mapping} (one plugin may serve many, in turn or at once).
     */
    public static BenchOverlay activate(Path mapping, FilesPlugin plugin) throws VarpdException {
        OverlaySettings settings = new OverlaySettings(
                "io.varpd.overlay.files~bench",
                "files",
                LINK,
                VNETID,
                MemoryDeviceProvider.TYPE,
                null,
                MappingFile.PORT,
                Map.of(FILES_CONFIG, mapping.toString()));
        PluginBinding.Plugin files = new PluginBinding.Plugin("files", PluginMode.DYNAMIC, plugin);
        return new BenchOverlay(Instance.activate(1, settings, files, new MemoryDeviceProvider(), new FrameProxies()));
    }

    /**
     * Activates an instance of the etcd plugin reading {@code <prefix>/v1/vnet/4242/} from {@code endpoints}, as the
     * configuration {@code io.varpd.overlay.etcd} with {@code etcd/endpoints} would; returns once the plugin's copy
     * holds {@code macs} MACs.
     */
    public static BenchOverlay activateEtcd(String endpoints, int macs) throws VarpdException {
        OverlaySettings settings = new OverlaySettings(
                "io.varpd.overlay.etcd~bench",
                "etcd",
                LINK,
                VNETID,
                MemoryDeviceProvider.TYPE,
                null,
                MappingFile.PORT,
                Map.of("etcd/endpoints", endpoints));
        PluginBinding.Plugin etcd = new PluginBinding.Plugin("etcd", PluginMode.DYNAMIC, new FilledEtcdPlugin(macs));
        return new BenchOverlay(Instance.activate(1, settings, etcd, new MemoryDeviceProvider(), new FrameProxies()));
    }

    public Instance instance() {
        return instance;
    }

    /** The instance's device, where guests transmit. */
    public MemoryDevice device() {
        return device;
    }

    /** The instance's counters by name (lookups, ok, drop, arp, ndp, dhcp, errors). */
    public Map<String, Long> counters() {
        return instance.counters().snapshot();
    }

    @Override
    public void close() {
        instance.destroy();
    }
}
