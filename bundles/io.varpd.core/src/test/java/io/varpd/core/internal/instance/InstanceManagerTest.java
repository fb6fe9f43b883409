// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.Errno;
import io.varpd.api.PluginMode;
import io.varpd.api.admin.InstanceState;
import io.varpd.api.device.OverlayDeviceProvider;
import io.varpd.core.internal.lookup.FrameProxies;
import io.varpd.core.internal.persist.InstanceStore;
import io.varpd.core.internal.registry.NamedServiceRegistry;
import io.varpd.core.internal.testing.FakeDevices;
import io.varpd.core.internal.testing.FakePlugin;
import java.util.Hashtable;
import org.junit.jupiter.api.Test;

class InstanceManagerTest {
    private final NamedServiceRegistry<PluginBinding.Plugin> plugins = new NamedServiceRegistry<>("plugin");
    private final NamedServiceRegistry<OverlayDeviceProvider> devices = new NamedServiceRegistry<>("device provider");
    private final FakeDevices memory = new FakeDevices();
    private final FakePlugin fake = new FakePlugin(PluginMode.POINT);
    private final InstanceManager manager =
            new InstanceManager(plugins, devices, new InstanceIds(), new FrameProxies(), InstanceStore.none());
    private long serviceIds = 1;

    /** Registers the plugin; returns its service id. */
    private long addPlugin(FakePlugin p) {
        long id = serviceIds++;
        plugins.add(new NamedServiceRegistry.Entry<>("fake", id, p.asPlugin("fake"), "test"));
        manager.pluginChanged("fake");
        return id;
    }

    private void addMemory() {
        devices.add(new NamedServiceRegistry.Entry<>("memory", serviceIds++, memory, "test"));
        manager.deviceChanged("memory");
    }

    private static Hashtable<String, Object> config(String link, Object vnetid, String dest) {
        Hashtable<String, Object> h = new Hashtable<>();
        h.put("link", link);
        h.put("vnetid", vnetid);
        if (dest != null) {
            h.put(FakePlugin.DEST, dest);
        }
        return h;
    }

    private OverlayRecord record(String pid) {
        return manager.record(pid).orElseThrow();
    }

    @Test
    void configurationWithPluginAndDevicePresentBecomesActive() {
        addPlugin(fake);
        addMemory();
        manager.configured("io.varpd.overlay.fake~ovl0", "io.varpd.overlay.fake", config("ovl0", "42", "192.0.2.1"));

        OverlayRecord r = record("io.varpd.overlay.fake~ovl0");
        assertEquals(InstanceState.ACTIVE, r.state(), r.detail());
        assertEquals(1, r.id());
        assertEquals(42, r.info().vnetid());
    }

    @Test
    void instanceWaitsForItsPluginAndKeepsItsIdWhenThePluginLeavesAndReturns() {
        addMemory();
        manager.configured("p~a0", "io.varpd.overlay.fake", config("a0", 1L, "192.0.2.1"));
        assertEquals(InstanceState.WAITING, record("p~a0").state());
        assertTrue(record("p~a0").detail().contains("'fake'"), record("p~a0").detail());

        long serviceId = addPlugin(fake);
        OverlayRecord active = record("p~a0");
        assertEquals(InstanceState.ACTIVE, active.state(), active.detail());

        plugins.remove(serviceId);
        manager.pluginChanged("fake");
        assertEquals(InstanceState.WAITING, record("p~a0").state());
        assertEquals(active.id(), record("p~a0").id());
        assertTrue(fake.calls.containsAll(java.util.List.of("stop", "destroy")));

        addPlugin(fake);
        assertEquals(InstanceState.ACTIVE, record("p~a0").state());
        assertEquals(active.id(), record("p~a0").id());
    }

    @Test
    void badConfigurationIsAnErrorAndLeavesOthersRunning() {
        addPlugin(fake);
        addMemory();
        manager.configured("p~good0", "io.varpd.overlay.fake", config("good0", "1", "192.0.2.1"));
        manager.configured("p~bad0", "io.varpd.overlay.fake", config("bad0", "banana", "192.0.2.1"));

        OverlayRecord bad = record("p~bad0");
        assertEquals(InstanceState.ERROR, bad.state());
        assertTrue(bad.detail().contains("vnetid") && bad.detail().contains("banana"), bad.detail());
        assertEquals(InstanceState.ACTIVE, record("p~good0").state());

        manager.configured("p~bad0", "io.varpd.overlay.fake", config("bad0", "2", "192.0.2.1"));
        assertEquals(InstanceState.ACTIVE, record("p~bad0").state());
    }

    @Test
    void activationFailureIsAnErrorAndFreesTheId() {
        addPlugin(fake);
        addMemory();
        manager.configured("p~a0", "io.varpd.overlay.fake", config("a0", "1", null));

        OverlayRecord r = record("p~a0");
        assertEquals(InstanceState.ERROR, r.state());
        assertEquals(Errno.EAGAIN, r.error().errno());
        assertEquals(0, r.id());

        manager.configured("p~b0", "io.varpd.overlay.fake", config("b0", "1", "192.0.2.1"));
        assertEquals(1, record("p~b0").id(), "the failed instance's id was released");
    }

    @Test
    void changedVnetidRecreatesTheInstanceWithTheSameId() {
        addPlugin(fake);
        addMemory();
        manager.configured("p~a0", "io.varpd.overlay.fake", config("a0", "1", "192.0.2.1"));
        long id = record("p~a0").id();

        manager.configured("p~a0", "io.varpd.overlay.fake", config("a0", "9", "192.0.2.1"));

        assertEquals(InstanceState.ACTIVE, record("p~a0").state());
        assertEquals(id, record("p~a0").id());
        assertEquals(9, memory.open.get("a0").settings.vnetid());
    }

    @Test
    void deletingTheConfigurationDestroysTheInstance() {
        addPlugin(fake);
        addMemory();
        manager.configured("p~a0", "io.varpd.overlay.fake", config("a0", "1", "192.0.2.1"));

        manager.deleted("p~a0");

        assertTrue(manager.record("p~a0").isEmpty());
        assertTrue(memory.open.isEmpty());
        assertTrue(fake.last().destroyed);
    }

    private InstanceManager managerWith(InstanceStore store) {
        return new InstanceManager(plugins, devices, new InstanceIds(), new FrameProxies(), store);
    }

    @Test
    void activeInstanceComesBackAfterARestartWithItsIdAndPluginState(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        addPlugin(fake);
        addMemory();
        InstanceManager first = managerWith(new InstanceStore(dir));
        first.loadSaved();
        first.configured("p~zz0", "io.varpd.overlay.fake", config("zz0", "1", "192.0.2.1"));
        first.configured("p~b0", "io.varpd.overlay.fake", config("b0", "1", "192.0.2.2"));
        assertEquals(1, first.record("p~zz0").orElseThrow().id());
        assertEquals(2, first.record("p~b0").orElseThrow().id());
        first.shutdown();
        memory.open.clear();
        fake.calls.clear();

        // After the restart the configurations arrive in another order; the ids do not change.
        InstanceManager second = managerWith(new InstanceStore(dir));
        second.loadSaved();
        second.configured("p~b0", "io.varpd.overlay.fake", config("b0", "1", "192.0.2.2"));
        second.configured("p~zz0", "io.varpd.overlay.fake", config("zz0", "1", "192.0.2.1"));

        assertEquals(1, second.record("p~zz0").orElseThrow().id());
        assertEquals(2, second.record("p~b0").orElseThrow().id());
        assertTrue(fake.calls.contains("restore {fake/dest=192.0.2.1}"), fake.calls.toString());
        assertEquals(InstanceState.ACTIVE, second.record("p~zz0").orElseThrow().state());
    }

    @Test
    void aRestartLeavesTheSavedStatesOfUnchangedInstancesInPlace(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        addPlugin(fake);
        addMemory();
        InstanceManager first = managerWith(new InstanceStore(dir));
        first.loadSaved();
        first.configured("p~a0", "io.varpd.overlay.fake", config("a0", "1", "192.0.2.1"));
        first.shutdown();
        memory.open.clear();
        java.nio.file.Path state = dir.resolve("1.varpd");
        // A hard link outside the store keeps this file alive: a replaced state would not be it.
        java.nio.file.Path before = java.nio.file.Files.createLink(
                java.nio.file.Files.createTempDirectory(dir.getParent(), "keep").resolve("state"), state);

        // With 1,000 overlays, writing each unchanged state again (forced to disk) made a restart seconds longer.
        InstanceManager second = managerWith(new InstanceStore(dir));
        second.loadSaved();
        second.configured("p~a0", "io.varpd.overlay.fake", config("a0", "1", "192.0.2.1"));
        second.dropOrphans();
        assertEquals(InstanceState.ACTIVE, second.record("p~a0").orElseThrow().state());
        second.shutdown();

        assertTrue(java.nio.file.Files.isSameFile(before, state), "the state file was not replaced");
        assertEquals(1, new InstanceStore(dir).load().instances().size());
    }

    @Test
    void configurationDeletedWhileCoreWasDownLosesItsSavedState(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        addPlugin(fake);
        addMemory();
        InstanceManager first = managerWith(new InstanceStore(dir));
        first.configured("p~a0", "io.varpd.overlay.fake", config("a0", "1", "192.0.2.1"));
        first.shutdown();

        InstanceManager second = managerWith(new InstanceStore(dir));
        second.loadSaved();
        second.dropOrphans();

        assertTrue(new InstanceStore(dir).load().instances().isEmpty());
    }

    @Test
    void pluginLeavingSavesTheStateAndItsReturnRestoresIt() {
        long serviceId = addPlugin(fake);
        addMemory();
        manager.configured("p~a0", "io.varpd.overlay.fake", config("a0", "1", "192.0.2.1"));
        fake.last().values.put(FakePlugin.PORT, 4790L); // state the configuration does not hold

        plugins.remove(serviceId);
        manager.pluginChanged("fake");
        FakePlugin next = new FakePlugin(PluginMode.POINT);
        addPlugin(next);

        assertEquals(InstanceState.ACTIVE, record("p~a0").state());
        assertTrue(
                next.calls.get(0).startsWith("restore") && next.calls.get(0).contains("fake/port=4790"),
                next.calls.toString());
    }

    @Test
    void deletingTheConfigurationRemovesTheSavedState(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        addPlugin(fake);
        addMemory();
        InstanceManager m = managerWith(new InstanceStore(dir));
        m.configured("p~a0", "io.varpd.overlay.fake", config("a0", "1", "192.0.2.1"));
        assertEquals(1, new InstanceStore(dir).load().instances().size());

        m.deleted("p~a0");

        assertTrue(new InstanceStore(dir).load().instances().isEmpty());
    }

    @Test
    void infoListsTheDevicesCountersAfterCoresOwnWithTheDevicePrefix() {
        addPlugin(fake);
        addMemory();
        manager.configured("p~c0", "io.varpd.overlay.fake", config("c0", 5L, "192.0.2.1"));
        memory.open.get("c0").counters = java.util.Map.of("misses_received", 7L);

        var counters = record("p~c0").info().counters();
        assertEquals(7L, counters.get("device_misses_received"));
        assertEquals(
                java.util.List.of(
                        "lookups",
                        "ok",
                        "drop",
                        "arp",
                        "ndp",
                        "dhcp",
                        "errors",
                        "published",
                        "withdrawn",
                        "publish_unsupported",
                        "publish_no_point",
                        "publish_errors",
                        "device_misses_received"),
                java.util.List.copyOf(counters.keySet()));
    }
}
