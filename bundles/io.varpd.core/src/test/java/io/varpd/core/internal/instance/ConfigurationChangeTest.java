// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.Errno;
import io.varpd.api.LookupRequest;
import io.varpd.api.MacAddress;
import io.varpd.api.PluginMode;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import io.varpd.api.admin.InstanceInfo;
import io.varpd.api.admin.InstanceState;
import io.varpd.api.device.OverlayDeviceProvider;
import io.varpd.api.plugin.LookupQuery;
import io.varpd.core.internal.lookup.FrameProxies;
import io.varpd.core.internal.persist.InstanceStore;
import io.varpd.core.internal.registry.NamedServiceRegistry;
import io.varpd.core.internal.testing.FakeDevices;
import io.varpd.core.internal.testing.FakePlugin;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One rule for every change to an overlay's configuration, whatever path it came by: applied to the running overlay, or
 * refused with the overlay running exactly as before and the refusal in its status (issue 12, section 1).
 */
class ConfigurationChangeTest {
    private static final String FACTORY = "io.varpd.overlay.fake";
    private static final String PID = "io.varpd.overlay.fake~a0";

    private final NamedServiceRegistry<PluginBinding.Plugin> plugins = new NamedServiceRegistry<>("plugin");
    private final NamedServiceRegistry<OverlayDeviceProvider> devices = new NamedServiceRegistry<>("device provider");
    private final FakeDevices memory = new FakeDevices();
    private final FakePlugin dynamic = new FakePlugin(PluginMode.DYNAMIC);
    private long serviceIds = 1;

    private InstanceManager manager(InstanceStore store) {
        InstanceManager m = new InstanceManager(plugins, devices, new InstanceIds(), new FrameProxies(), store);
        return m;
    }

    private final InstanceManager manager = manager(InstanceStore.none());

    private void register(InstanceManager m, FakePlugin p) {
        plugins.add(new NamedServiceRegistry.Entry<>("fake", serviceIds++, p.asPlugin("fake"), "test"));
        devices.add(new NamedServiceRegistry.Entry<>("memory", serviceIds++, memory, "test"));
        m.pluginChanged("fake");
        m.deviceChanged("memory");
    }

    private static Hashtable<String, Object> config(String link, Object vnetid, String dest) {
        Hashtable<String, Object> h = new Hashtable<>();
        h.put("link", link);
        h.put("vnetid", vnetid);
        h.put(FakePlugin.DEST, dest);
        return h;
    }

    private InstanceInfo info(InstanceManager m, String pid) {
        return m.record(pid).orElseThrow().info();
    }

    private Instance live(InstanceManager m, String pid) {
        return m.record(pid).orElseThrow().instance();
    }

    private static void assertRefusedButRunning(InstanceInfo i, String... mentions) {
        assertEquals(InstanceState.ACTIVE, i.state(), i.detail());
        assertEquals("DEGRADED", i.status(), i.detail());
        assertTrue(i.detail().startsWith("configuration change refused"), i.detail());
        for (String m : mentions) {
            assertTrue(i.detail().contains(m), "'" + m + "' in: " + i.detail());
        }
    }

    @Test
    void aChangedPluginPropertyIsServedByANewStateThatStartedAndTheOldOneIsRetired() throws Exception {
        register(manager, dynamic);
        manager.configured(PID, FACTORY, config("a0", 1L, "192.0.2.1"));
        FakePlugin.State first = dynamic.last();

        manager.configured(PID, FACTORY, config("a0", 1L, "192.0.2.2"));

        FakePlugin.State second = dynamic.last();
        assertNotSame(first, second);
        assertTrue(second.started);
        assertEquals(InetAddress.getByName("192.0.2.2"), second.values.get(FakePlugin.DEST));
        assertFalse(first.started);
        assertTrue(first.destroyed);
        assertEquals("ONLINE", info(manager, PID).status(), info(manager, PID).detail());
        assertEquals(1, memory.opened.size(), "the device was kept");
    }

    @Test
    void aChangeThePluginCannotStartWithIsRefusedAndTheRunningStateKeepsServing() throws Exception {
        register(manager, dynamic);
        manager.configured(PID, FACTORY, config("a0", 1L, "192.0.2.1"));
        FakePlugin.State first = dynamic.last();
        dynamic.failStart = new VarpdException(Errno.EINVAL, "files/config: /tmp/x.json line 3: bad MAC");

        manager.configured(PID, FACTORY, config("a0", 1L, "192.0.2.9"));

        assertRefusedButRunning(info(manager, PID), "/tmp/x.json line 3");
        assertTrue(first.started, "the running state was not stopped");
        assertEquals(InetAddress.getByName("192.0.2.1"), first.values.get(FakePlugin.DEST));
        FakePlugin.State refused = dynamic.last();
        assertTrue(refused.destroyed, "the state that failed to start was destroyed");

        // The running state answers lookups.
        dynamic.onLookup = q -> q.reply(TargetPoint.of(firstDest(), 4789));
        FakeDevices.Miss miss = memory.open
                .get("a0")
                .miss(
                        MacAddress.parse("02:00:00:00:00:01"),
                        MacAddress.parse("02:00:00:00:00:02"),
                        LookupRequest.ETHERTYPE_IPV4,
                        null);
        assertEquals(1, miss.answers.size());
        assertTrue(
                miss.answers.get(0).startsWith("OK ") && miss.answers.get(0).contains("192.0.2.1"),
                miss.answers.toString());

        // Fixing the configuration applies it and clears the refusal.
        dynamic.failStart = null;
        manager.configured(PID, FACTORY, config("a0", 1L, "192.0.2.3"));
        assertEquals("ONLINE", info(manager, PID).status(), info(manager, PID).detail());
        assertEquals(InetAddress.getByName("192.0.2.3"), dynamic.last().values.get(FakePlugin.DEST));
    }

    private static InetAddress firstDest() {
        try {
            return InetAddress.getByName("192.0.2.1");
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void queriesTheOldStateLeftOpenAreAnsweredDropWhenItIsRetired() throws Exception {
        register(manager, dynamic);
        manager.configured(PID, FACTORY, config("a0", 1L, "192.0.2.1"));
        List<LookupQuery> held = new CopyOnWriteArrayList<>();
        dynamic.onLookup = held::add;
        FakeDevices.Miss miss = memory.open
                .get("a0")
                .miss(
                        MacAddress.parse("02:00:00:00:00:01"),
                        MacAddress.parse("02:00:00:00:00:02"),
                        LookupRequest.ETHERTYPE_IPV4,
                        null);
        assertTrue(miss.answers.isEmpty());

        manager.configured(PID, FACTORY, config("a0", 1L, "192.0.2.2"));

        assertEquals(List.of("DROP"), miss.answers);
        assertEquals(0, live(manager, PID).openQueries());
    }

    @Test
    void anUnreadableValueOnARunningOverlayIsRefusedAndTheOverlayKeepsRunning() {
        register(manager, dynamic);
        manager.configured(PID, FACTORY, config("a0", 1L, "192.0.2.1"));
        Instance before = live(manager, PID);

        manager.configured(PID, FACTORY, config("a0", "99999999", "192.0.2.1"));

        assertRefusedButRunning(info(manager, PID), "vnetid", "99999999");
        assertSame(before, live(manager, PID));
        assertTrue(before.running());
        assertEquals(1, info(manager, PID).vnetid());
        assertFalse(memory.open.get("a0").closed);
    }

    @Test
    void aBadPluginValueOnARunningOverlayIsRefusedAndTheOverlayKeepsRunning() {
        register(manager, dynamic);
        manager.configured(PID, FACTORY, config("a0", 1L, "192.0.2.1"));

        manager.configured(PID, FACTORY, config("a0", 1L, "nonsense"));

        assertRefusedButRunning(info(manager, PID), FakePlugin.DEST, "nonsense");
        assertTrue(dynamic.last().started);
    }

    @Test
    void theLinkOfARunningOverlayCannotBeChangedAndItsNameStaysInUse() {
        register(manager, dynamic);
        manager.configured(PID, FACTORY, config("a0", 1L, "192.0.2.1"));

        manager.configured(PID, FACTORY, config("b0", 1L, "192.0.2.1"));

        assertRefusedButRunning(info(manager, PID), "link", "read-only", "a0", "b0");
        assertEquals("a0", info(manager, PID).link());
        assertTrue(manager.byLink("a0").isPresent());
        assertTrue(manager.byLink("b0").isEmpty());
        assertTrue(memory.open.containsKey("a0"));
    }

    @Test
    void anUnknownKeyWithoutAPrefixIsRefusedNamingIt() {
        register(manager, dynamic);
        Hashtable<String, Object> typo = config("a0", 1L, "192.0.2.1");
        typo.put("devce", "linux");

        manager.configured(PID, FACTORY, typo);

        InstanceInfo i = info(manager, PID);
        assertEquals(InstanceState.ERROR, i.state());
        assertTrue(i.detail().contains("devce") && i.detail().contains("allowed"), i.detail());
    }

    @Test
    void aSecondConfigurationForALinkIsRefusedAndNeverPromotedWhenTheFirstIsDeleted() {
        register(manager, dynamic);
        manager.configured("p~one", FACTORY, config("ovl0", 1L, "192.0.2.1"));
        manager.configured("p~two", FACTORY, config("ovl0", 2L, "192.0.2.2"));
        InstanceInfo two = info(manager, "p~two");
        assertEquals(InstanceState.ERROR, two.state());
        assertTrue(two.detail().contains("already used by configuration p~one"), two.detail());

        manager.deleted("p~one");

        two = info(manager, "p~two");
        assertEquals(InstanceState.ERROR, two.state(), "not promoted silently");
        assertTrue(
                two.detail().contains("was deleted") && two.detail().contains("save this configuration again"),
                two.detail());
        assertTrue(memory.open.isEmpty());

        // Saved again, it takes the free link.
        manager.configured("p~two", FACTORY, config("ovl0", 2L, "192.0.2.2"));
        assertEquals(InstanceState.ACTIVE, info(manager, "p~two").state());
    }

    @Test
    void afterARestartTheLinkStaysWithTheConfigurationThatRanIt(@TempDir Path dir) {
        InstanceManager first = manager(new InstanceStore(dir));
        register(first, dynamic);
        first.loadSaved();
        first.configured("p~zz", FACTORY, config("ovl0", 1L, "192.0.2.1"));
        first.configured("p~aa", FACTORY, config("ovl0", 2L, "192.0.2.2"));
        assertEquals(InstanceState.ACTIVE, info(first, "p~zz").state());
        first.shutdown();

        // The newcomer's PID sorts first and is read first: it still does not take the link.
        InstanceManager second = manager(new InstanceStore(dir));
        second.loadSaved();
        second.pluginChanged("fake");
        second.configured("p~aa", FACTORY, config("ovl0", 2L, "192.0.2.2"));
        second.configured("p~zz", FACTORY, config("ovl0", 1L, "192.0.2.1"));

        assertEquals(
                InstanceState.ERROR,
                info(second, "p~aa").state(),
                info(second, "p~aa").detail());
        assertEquals(
                InstanceState.ACTIVE,
                info(second, "p~zz").state(),
                info(second, "p~zz").detail());
        assertEquals(1, info(second, "p~zz").vnetid());
    }

    @Test
    void aDeviceSettingTheDeviceTakesLiveIsAppliedWithoutANewDevice() {
        register(manager, dynamic);
        manager.configured(PID, FACTORY, config("a0", 1L, "192.0.2.1"));
        FakePlugin.State state = dynamic.last();

        Hashtable<String, Object> c = config("a0", 1L, "192.0.2.1");
        c.put(FakeDevices.MTU, "1400");
        manager.configured(PID, FACTORY, c);

        assertEquals("ONLINE", info(manager, PID).status(), info(manager, PID).detail());
        assertEquals(1, memory.opened.size());
        assertEquals(1400L, memory.open.get("a0").settings.extra().get(FakeDevices.MTU));
        assertSame(state, dynamic.last(), "the plugin state was kept");
    }

    @Test
    void aDeviceSettingThatNeedsANewDeviceReCreatesItWithTheSameId() {
        register(manager, dynamic);
        manager.configured(PID, FACTORY, config("a0", 1L, "192.0.2.1"));
        long id = info(manager, PID).id();

        Hashtable<String, Object> c = config("a0", 1L, "192.0.2.1");
        c.put(FakeDevices.PLACE, "elsewhere");
        manager.configured(PID, FACTORY, c);

        assertEquals("ONLINE", info(manager, PID).status(), info(manager, PID).detail());
        assertEquals(2, memory.opened.size());
        assertTrue(memory.opened.get(0).closed, "the old device was removed, not just let go");
        assertEquals("elsewhere", memory.open.get("a0").settings.extra().get(FakeDevices.PLACE));
        assertEquals(id, info(manager, PID).id());
    }

    @Test
    void aReCreationThatFailsPutsThePreviousConfigurationBackAndSaysWhy() {
        register(manager, dynamic);
        manager.configured(PID, FACTORY, config("a0", 1L, "192.0.2.1"));
        memory.refusePlace = "nowhere";

        Hashtable<String, Object> c = config("a0", 1L, "192.0.2.1");
        c.put(FakeDevices.PLACE, "nowhere");
        manager.configured(PID, FACTORY, c);

        assertRefusedButRunning(info(manager, PID), FakeDevices.PLACE, "nowhere");
        FakeDevices.Device d = memory.open.get("a0");
        assertEquals(null, d.settings.extra().get(FakeDevices.PLACE));
        assertEquals(PluginMode.DYNAMIC, d.mode, "the device is associated again");
    }

    @Test
    void aBadDeviceValueIsRefusedBeforeAnythingChanges() {
        register(manager, dynamic);
        manager.configured(PID, FACTORY, config("a0", 1L, "192.0.2.1"));

        Hashtable<String, Object> c = config("a0", 1L, "192.0.2.1");
        c.put(FakeDevices.MTU, "9");
        manager.configured(PID, FACTORY, c);

        assertRefusedButRunning(info(manager, PID), FakeDevices.MTU);
        assertEquals(1, memory.opened.size());
    }

    @Test
    void stoppingCoreLetsGoOfDevicesWhileDeletingAnOverlayRemovesItsDevice() {
        register(manager, dynamic);
        manager.configured("p~a0", FACTORY, config("a0", 1L, "192.0.2.1"));
        manager.configured("p~b0", FACTORY, config("b0", 2L, "192.0.2.1"));
        FakeDevices.Device a = memory.open.get("a0");
        FakeDevices.Device b = memory.open.get("b0");

        manager.deleted("p~b0");
        assertTrue(b.closed && !b.detached);

        manager.shutdown();
        assertTrue(a.detached && !a.closed);
    }

    @Test
    void aPluginThatLeavesLetsGoOfTheDeviceInsteadOfRemovingIt() {
        register(manager, dynamic);
        manager.configured(PID, FACTORY, config("a0", 1L, "192.0.2.1"));
        FakeDevices.Device d = memory.open.get("a0");

        plugins.remove(1);
        manager.pluginChanged("fake");

        assertEquals(InstanceState.WAITING, info(manager, PID).state());
        assertTrue(d.detached && !d.closed);
    }

    @Test
    void aConfigurationBrokenWhileVarpdWasDownRunsTheLastGoodOneAfterTheRestart(@TempDir Path dir) {
        InstanceManager first = manager(new InstanceStore(dir));
        register(first, dynamic);
        first.loadSaved();
        first.configured(PID, FACTORY, config("a0", 5L, "192.0.2.1"));
        long id = info(first, PID).id();
        first.shutdown();

        // Started again with the configuration broken (as a console edit refused before the stop
        // leaves it in Configuration Admin), and the plugin arriving after the configurations.
        plugins.remove(1);
        InstanceManager second = manager(new InstanceStore(dir));
        second.loadSaved();
        second.configured(PID, FACTORY, config("a0", "99999999", "192.0.2.1"));
        assertEquals(
                InstanceState.WAITING,
                info(second, PID).state(),
                info(second, PID).detail());
        plugins.add(new NamedServiceRegistry.Entry<>("fake", serviceIds++, dynamic.asPlugin("fake"), "test"));
        second.pluginChanged("fake");

        assertRefusedButRunning(info(second, PID), "vnetid", "99999999");
        assertEquals(5, info(second, PID).vnetid());
        assertEquals(id, info(second, PID).id());

        // Fixed, it applies and the refusal goes.
        second.configured(PID, FACTORY, config("a0", 6L, "192.0.2.1"));
        assertEquals("ONLINE", info(second, PID).status(), info(second, PID).detail());
        assertEquals(6, info(second, PID).vnetid());
    }

    @Test
    void aConfigurationThatNoLongerActivatesAfterARestartRunsTheLastGoodOne(@TempDir Path dir) {
        InstanceManager first = manager(new InstanceStore(dir));
        register(first, dynamic);
        first.loadSaved();
        first.configured(PID, FACTORY, config("a0", 5L, "192.0.2.1"));
        first.shutdown();
        dynamic.refuseValue = "/192.0.2.66"; // the plugin sees an InetAddress

        InstanceManager second = manager(new InstanceStore(dir));
        second.loadSaved();
        second.pluginChanged("fake");
        second.configured(PID, FACTORY, config("a0", 5L, "192.0.2.66"));

        assertRefusedButRunning(info(second, PID), "192.0.2.66");
        assertTrue(dynamic.last().started);
    }

    @Test
    void whatTheOldStateSaidInTheStatusGoesWithItWhenANewStateStartsCleanly() {
        register(manager, dynamic);
        manager.configured(PID, FACTORY, config("a0", 1L, "192.0.2.1"));
        dynamic.last().handle.degrade("reload refused, serving the previous 3 entries: line 2: bad MAC");
        assertEquals("DEGRADED", info(manager, PID).status());

        manager.configured(PID, FACTORY, config("a0", 1L, "192.0.2.2"));

        assertEquals("ONLINE", info(manager, PID).status(), info(manager, PID).detail());
    }

    @Test
    void aRefusedTrialStateDoesNotLeaveItsWordsInTheStatus() {
        register(manager, dynamic);
        manager.configured(PID, FACTORY, config("a0", 1L, "192.0.2.1"));
        dynamic.failStart = new VarpdException(Errno.EINVAL, "files/config: line 3: bad MAC");
        dynamic.onStart = st -> st.handle.degrade("skipped 2 bad entries");

        manager.configured(PID, FACTORY, config("a0", 1L, "192.0.2.9"));

        InstanceInfo i = info(manager, PID);
        assertRefusedButRunning(i, "line 3");
        assertFalse(i.detail().contains("skipped"), i.detail());
    }

    @Test
    void settingsOfAnotherDeviceKindAreNeitherAppliedNorRefused() {
        register(manager, dynamic);
        // The console's form offers every kind's settings, so saving it sends linux/* with a memory device.
        Hashtable<String, Object> c = config("a0", 1L, "192.0.2.1");
        c.put("linux/adopt", "false");
        c.put("linux/mtu", "1400");
        manager.configured(PID, FACTORY, c);
        assertEquals("ONLINE", info(manager, PID).status(), info(manager, PID).detail());

        c.put(FakePlugin.DEST, "192.0.2.2");
        manager.configured(PID, FACTORY, c);
        assertEquals("ONLINE", info(manager, PID).status(), info(manager, PID).detail());

        // A typo of a module prefix is still refused.
        c.put("lnux/mtu", "1400");
        manager.configured(PID, FACTORY, c);
        assertRefusedButRunning(info(manager, PID), "lnux/mtu");
    }
}
