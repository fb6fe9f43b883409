// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.varpd.api.Errno;
import io.varpd.api.PluginMode;
import io.varpd.api.VarpdException;
import io.varpd.api.admin.PluginInfo;
import io.varpd.api.admin.StrayDevice;
import io.varpd.api.device.OverlayDeviceProvider;
import io.varpd.api.device.UnclaimedDevice;
import io.varpd.core.internal.OverlayService;
import io.varpd.core.internal.instance.InstanceIds;
import io.varpd.core.internal.instance.InstanceManager;
import io.varpd.core.internal.instance.OverlayRecord;
import io.varpd.core.internal.instance.PluginBinding;
import io.varpd.core.internal.lookup.FrameProxies;
import io.varpd.core.internal.persist.InstanceStore;
import io.varpd.core.internal.registry.NamedServiceRegistry;
import io.varpd.core.internal.testing.FakeDevices;
import io.varpd.core.internal.testing.FakePlugin;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StrayDevicesTest {
    private final NamedServiceRegistry<PluginBinding.Plugin> plugins = new NamedServiceRegistry<>("plugin");
    private final NamedServiceRegistry<OverlayDeviceProvider> devices = new NamedServiceRegistry<>("device provider");
    private final InstanceManager manager =
            new InstanceManager(plugins, devices, new InstanceIds(), new FrameProxies(), InstanceStore.none());
    private final FakeDevices linux = new FakeDevices();
    private final FakeDevices other = new FakeDevices();
    private final Map<String, OverlayDeviceProvider> providers = new LinkedHashMap<>();
    private final VarpdAdminService admin = new VarpdAdminService(
            new OverlayService() {
                @Override
                public List<OverlayRecord> records() {
                    return manager.records();
                }

                @Override
                public Optional<OverlayRecord> byLink(String link) {
                    return manager.byLink(link);
                }

                @Override
                public List<PluginInfo> plugins() {
                    return List.of();
                }

                @Override
                public Map<String, OverlayDeviceProvider> deviceProviders() {
                    return providers;
                }

                @Override
                public Optional<OverlayRecord> sync(String pid) {
                    return manager.record(pid);
                }
            },
            null);

    StrayDevicesTest() {
        plugins.add(
                new NamedServiceRegistry.Entry<>("fake", 1, new FakePlugin(PluginMode.POINT).asPlugin("fake"), "test"));
        devices.add(new NamedServiceRegistry.Entry<>("linux", 2, linux, "test"));
        providers.put("linux", linux);
        providers.put("other", other);
    }

    private void configure(String link, String device) {
        Hashtable<String, Object> h = new Hashtable<>();
        h.put("link", link);
        h.put("vnetid", 9L);
        h.put("device", device);
        h.put(FakePlugin.DEST, "192.0.2.1");
        manager.configured("io.varpd.overlay.fake~" + link, "io.varpd.overlay.fake", h);
    }

    @Test
    void aDeviceNoConfigurationNamesIsStrayWithTheFixedDetail() {
        linux.unclaimed = List.of(new UnclaimedDevice("vx7", 7, "ns1"));

        List<StrayDevice> stray = admin.strayDevices();

        assertEquals(List.of(new StrayDevice("linux", "vx7", 7, "ns1")), stray);
        assertEquals("no varpd instance exists", stray.get(0).detail());
    }

    @Test
    void aDeviceWhoseConfigurationIsWaitingOrFailingIsNotStray() {
        configure("vx8", "linux");
        plugins.remove(1);
        manager.pluginChanged("fake"); // the record waits for its plugin, its device is not open
        linux.unclaimed = List.of(new UnclaimedDevice("vx8", 8, ""));

        assertEquals(List.of(), admin.strayDevices());
    }

    @Test
    void aConfigurationForAnotherDeviceTypeDoesNotClaimTheDevice() {
        configure("vx9", "other");
        linux.unclaimed = List.of(new UnclaimedDevice("vx9", 9, ""));

        assertEquals(List.of(new StrayDevice("linux", "vx9", 9, "")), admin.strayDevices());
    }

    @Test
    void aProviderThatCannotLookDoesNotHideTheOthersDevices() {
        linux.failUnclaimed = new VarpdException(Errno.EIO, "netlink dump failed");
        other.unclaimed = List.of(new UnclaimedDevice("m0", -1, ""));

        assertEquals(List.of(new StrayDevice("other", "m0", -1, "")), admin.strayDevices());
    }
}
