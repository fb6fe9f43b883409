// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.Errno;
import io.varpd.api.MacAddress;
import io.varpd.api.PluginMode;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import io.varpd.api.plugin.LookupQuery;
import io.varpd.core.internal.lookup.FrameProxies;
import io.varpd.core.internal.property.OverlaySettings;
import io.varpd.core.internal.testing.FakeDevices;
import io.varpd.core.internal.testing.FakePlugin;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class InstanceLifecycleTest {
    private static final MacAddress A = MacAddress.of(0x02_00_00_00_00_01L);
    private static final MacAddress B = MacAddress.of(0x02_00_00_00_00_02L);
    private static final MacAddress C = MacAddress.of(0x02_00_00_00_00_03L);
    private static final MacAddress D = MacAddress.of(0x02_00_00_00_00_04L);

    private final FakeDevices devices = new FakeDevices();

    private static OverlaySettings settings(Map<String, Object> named) {
        return new OverlaySettings("pid", "fake", "ovl0", 42, "fake", null, 4789, named);
    }

    private Instance activate(FakePlugin plugin, Map<String, Object> named) throws VarpdException {
        return Instance.activate(7, settings(named), plugin.asPlugin("fake"), devices, new FrameProxies());
    }

    @Test
    void pointInstanceAssociatesTheDeviceWithItsDefaultTarget() throws Exception {
        FakePlugin plugin = new FakePlugin(PluginMode.POINT);
        Instance i = activate(plugin, Map.of(FakePlugin.DEST, "192.0.2.1", FakePlugin.PORT, "4790"));

        FakeDevices.Device d = devices.open.get("ovl0");
        assertEquals(PluginMode.POINT, d.mode);
        assertEquals(TargetPoint.of(InetAddress.getByName("192.0.2.1"), 4790), d.point);
        assertEquals(
                List.of("create", "set fake/dest=/192.0.2.1", "set fake/port=4790", "start", "default"), plugin.calls);
        assertTrue(i.running());
    }

    @Test
    void failedStartDestroysPluginStateAndClosesDevice() {
        FakePlugin plugin = new FakePlugin(PluginMode.POINT);
        VarpdException e = assertThrows(VarpdException.class, () -> activate(plugin, Map.of()));

        assertEquals(Errno.EAGAIN, e.errno());
        assertTrue(e.getMessage().contains(FakePlugin.DEST), e.getMessage());
        assertEquals(List.of("create", "start", "destroy"), plugin.calls, "no stop for a state that never started");
        assertTrue(devices.open.isEmpty(), "device closed");
    }

    @Test
    void failedAssociationStopsAndDestroysThePlugin() {
        FakePlugin plugin = new FakePlugin(PluginMode.POINT);
        devices.failAssociate = new VarpdException(Errno.EINVAL, "unusable point");

        assertThrows(VarpdException.class, () -> activate(plugin, Map.of(FakePlugin.DEST, "192.0.2.1")));
        assertEquals(
                List.of("create", "set fake/dest=/192.0.2.1", "start", "default", "stop", "destroy"), plugin.calls);
        assertTrue(plugin.last().destroyed);
    }

    @Test
    void unknownPropertyIsRefusedNamingTheAllowedOnes() {
        FakePlugin plugin = new FakePlugin(PluginMode.POINT);
        VarpdException e = assertThrows(
                VarpdException.class,
                () -> activate(plugin, Map.of(FakePlugin.DEST, "192.0.2.1", "fake/nonsense", "1")));

        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(
                e.getMessage().contains("fake/nonsense") && e.getMessage().contains(FakePlugin.PORT), e.getMessage());
    }

    @Test
    void outOfRangeValueIsRefusedBeforeThePluginSeesIt() {
        FakePlugin plugin = new FakePlugin(PluginMode.POINT);
        VarpdException e = assertThrows(
                VarpdException.class,
                () -> activate(plugin, Map.of(FakePlugin.DEST, "192.0.2.1", FakePlugin.PORT, "70000")));

        assertTrue(e.getMessage().contains("1-65535"), e.getMessage());
        assertFalse(plugin.calls.stream().anyMatch(c -> c.startsWith("set fake/port")));
    }

    @Test
    void lookupIsAnsweredExactlyOnceAndASecondReplyIsRefused() throws Exception {
        FakePlugin plugin = new FakePlugin(PluginMode.DYNAMIC);
        AtomicReference<LookupQuery> held = new AtomicReference<>();
        plugin.onLookup = held::set;
        Instance i = activate(plugin, Map.of(FakePlugin.DEST, "192.0.2.1"));
        FakeDevices.Miss miss = devices.open.get("ovl0").miss(A, B, 0x0800, null);

        TargetPoint t = TargetPoint.of(InetAddress.getByName("192.0.2.9"), 4789);
        assertTrue(held.get().reply(t));
        assertFalse(held.get().drop(), "second answer refused");
        assertFalse(held.get().reply(t), "third answer refused");
        assertEquals(List.of("OK 192.0.2.9:4789"), miss.answers);
        assertEquals(0, i.openQueries());
        assertEquals(1L, i.counters().snapshot().get("ok"));
    }

    /**
     * A device may ask as soon as it is associated (the Linux device checks the entries of a vxlan it took over from a
     * background thread it starts there): the question must reach the plugin, not be dropped by a gate still closed, or
     * the entry it checks is removed as if the plugin had said drop (a lost packet across a restart).
     */
    @Test
    void aQuestionTheDeviceAsksAsItIsAssociatedReachesThePlugin() throws Exception {
        FakePlugin plugin = new FakePlugin(PluginMode.DYNAMIC);
        TargetPoint t = TargetPoint.of(InetAddress.getByName("192.0.2.9"), 4789);
        plugin.onLookup = q -> q.reply(t);
        AtomicReference<FakeDevices.Miss> asked = new AtomicReference<>();
        devices.onAssociate = d -> asked.set(d.miss(A, B, 0x0800, null));

        activate(plugin, Map.of(FakePlugin.DEST, "192.0.2.1"));

        assertEquals(List.of("OK 192.0.2.9:4789"), asked.get().answers);
    }

    @Test
    void destroyAnswersOpenQueriesDropAndRefusesTheLateReply() throws Exception {
        FakePlugin plugin = new FakePlugin(PluginMode.DYNAMIC);
        AtomicReference<LookupQuery> held = new AtomicReference<>();
        plugin.onLookup = held::set;
        Instance i = activate(plugin, Map.of(FakePlugin.DEST, "192.0.2.1"));
        FakeDevices.Miss miss = devices.open.get("ovl0").miss(A, B, 0x0800, null);
        assertEquals(1, i.openQueries());

        i.destroy();

        assertEquals(List.of("DROP"), miss.answers);
        assertFalse(held.get().reply(TargetPoint.of(InetAddress.getByName("192.0.2.9"), 1)));
        assertEquals(List.of("DROP"), miss.answers);
        assertTrue(plugin.calls.containsAll(List.of("stop", "destroy")));
    }

    @Test
    void lookupAfterDestroyNeverReachesThePlugin() throws Exception {
        FakePlugin plugin = new FakePlugin(PluginMode.DYNAMIC);
        Instance i = activate(plugin, Map.of(FakePlugin.DEST, "192.0.2.1"));
        FakeDevices.Device d = devices.open.get("ovl0");
        i.destroy();
        plugin.calls.clear();

        FakeDevices.Miss miss = d.miss(A, B, 0x0800, null);

        assertEquals(List.of("DROP"), miss.answers);
        assertTrue(plugin.calls.isEmpty(), plugin.calls.toString());
    }

    @Test
    void pluginExceptionInLookupDropsAndCountsAnError() throws Exception {
        FakePlugin plugin = new FakePlugin(PluginMode.DYNAMIC);
        plugin.onLookup = q -> {
            throw new IllegalStateException("bug");
        };
        Instance i = activate(plugin, Map.of(FakePlugin.DEST, "192.0.2.1"));

        FakeDevices.Miss miss = devices.open.get("ovl0").miss(A, B, 0x0800, null);

        assertEquals(List.of("DROP"), miss.answers);
        assertEquals(1L, i.counters().snapshot().get("errors"));
    }

    @Test
    void missesReportedTogetherReachThePluginInOneCallAndEachIsAnsweredOnce() throws Exception {
        FakePlugin plugin = new FakePlugin(PluginMode.DYNAMIC);
        TargetPoint t = TargetPoint.of(InetAddress.getByName("192.0.2.9"), 4789);
        plugin.onLookupAll = queries -> queries.forEach(q -> q.reply(t));
        Instance i = activate(plugin, Map.of(FakePlugin.DEST, "192.0.2.1"));
        plugin.calls.clear();

        List<FakeDevices.Miss> misses = devices.open.get("ovl0").misses(A, List.of(B, C, D));

        assertEquals(List.of("lookupAll 3"), plugin.calls);
        for (FakeDevices.Miss m : misses) {
            assertEquals(List.of("OK 192.0.2.9:4789"), m.answers);
        }
        assertEquals(3L, i.counters().snapshot().get("lookups"));
        assertEquals(3L, i.counters().snapshot().get("ok"));
        assertEquals(0, i.openQueries());
    }

    @Test
    void aPluginWithoutItsOwnBatchOpIsAskedOneLookupAtATime() throws Exception {
        FakePlugin plugin = new FakePlugin(PluginMode.DYNAMIC);
        Instance i = activate(plugin, Map.of(FakePlugin.DEST, "192.0.2.1"));
        plugin.calls.clear();

        List<FakeDevices.Miss> misses = devices.open.get("ovl0").misses(A, List.of(B, C));

        assertEquals(List.of("lookupAll 2", "lookup", "lookup"), plugin.calls);
        assertEquals(List.of("DROP"), misses.get(0).answers);
        assertEquals(List.of("DROP"), misses.get(1).answers);
        assertEquals(2L, i.counters().snapshot().get("drop"));
    }

    @Test
    void pluginExceptionInABatchDropsOnlyTheQueriesItLeftOpen() throws Exception {
        FakePlugin plugin = new FakePlugin(PluginMode.DYNAMIC);
        TargetPoint t = TargetPoint.of(InetAddress.getByName("192.0.2.9"), 4789);
        plugin.onLookupAll = queries -> {
            queries.get(0).reply(t);
            throw new IllegalStateException("bug after the first answer");
        };
        Instance i = activate(plugin, Map.of(FakePlugin.DEST, "192.0.2.1"));

        List<FakeDevices.Miss> misses = devices.open.get("ovl0").misses(A, List.of(B, C, D));

        assertEquals(List.of("OK 192.0.2.9:4789"), misses.get(0).answers);
        assertEquals(List.of("DROP"), misses.get(1).answers);
        assertEquals(List.of("DROP"), misses.get(2).answers);
        assertEquals(1L, i.counters().snapshot().get("errors"));
        assertEquals(0, i.openQueries());
    }

    @Test
    void queriesOfABatchLeftOpenAreTrackedAndDroppedByDestroy() throws Exception {
        FakePlugin plugin = new FakePlugin(PluginMode.DYNAMIC);
        List<LookupQuery> held = new CopyOnWriteArrayList<>();
        plugin.onLookupAll = held::addAll;
        Instance i = activate(plugin, Map.of(FakePlugin.DEST, "192.0.2.1"));
        List<FakeDevices.Miss> misses = devices.open.get("ovl0").misses(A, List.of(B, C));
        assertEquals(2, i.openQueries());

        assertTrue(held.get(1).drop());
        assertEquals(1, i.openQueries());
        i.destroy();

        assertEquals(List.of("DROP"), misses.get(0).answers);
        assertEquals(List.of("DROP"), misses.get(1).answers);
        assertFalse(held.get(0).reply(TargetPoint.of(InetAddress.getByName("192.0.2.9"), 1)), "late reply refused");
        assertEquals(0, i.openQueries());
    }

    @Test
    void aBatchAfterDestroyNeverReachesThePlugin() throws Exception {
        FakePlugin plugin = new FakePlugin(PluginMode.DYNAMIC);
        Instance i = activate(plugin, Map.of(FakePlugin.DEST, "192.0.2.1"));
        FakeDevices.Device d = devices.open.get("ovl0");
        i.destroy();
        plugin.calls.clear();

        List<FakeDevices.Miss> misses = d.misses(A, List.of(B, C));

        assertEquals(List.of("DROP"), misses.get(0).answers);
        assertEquals(List.of("DROP"), misses.get(1).answers);
        assertTrue(plugin.calls.isEmpty(), plugin.calls.toString());
    }

    @Test
    void propertyChangeOnPointInstanceMovesTheDeviceToTheNewTarget() throws Exception {
        FakePlugin plugin = new FakePlugin(PluginMode.POINT);
        Instance i = activate(plugin, Map.of(FakePlugin.DEST, "192.0.2.1"));

        i.update(settings(Map.of(FakePlugin.DEST, "192.0.2.2")));

        assertEquals(TargetPoint.of(InetAddress.getByName("192.0.2.2"), 4789), devices.open.get("ovl0").point);
    }

    @Test
    void refusedPropertyChangeLeavesTheRunningStateAndTheDeviceAsTheyWere() throws Exception {
        FakePlugin plugin = new FakePlugin(PluginMode.POINT);
        Instance i = activate(plugin, Map.of(FakePlugin.DEST, "192.0.2.1", FakePlugin.PORT, "4789"));
        plugin.refuseValue = "5000";

        VarpdException e = assertThrows(
                VarpdException.class,
                () -> i.update(settings(Map.of(FakePlugin.DEST, "192.0.2.2", FakePlugin.PORT, "5000"))));

        assertEquals(Errno.EINVAL, e.errno());
        FakePlugin.State running = plugin.states.get(0);
        assertTrue(running.started, "the running state was never stopped");
        assertEquals(InetAddress.getByName("192.0.2.1"), running.values.get(FakePlugin.DEST));
        assertTrue(plugin.last().destroyed, "the refused state was destroyed");
        assertEquals(TargetPoint.of(InetAddress.getByName("192.0.2.1"), 4789), devices.open.get("ovl0").point);
        assertEquals("pid", i.settings().pid());
        assertEquals("192.0.2.1", i.settings().named().get(FakePlugin.DEST), "settings unchanged");
    }

    @Test
    void removingARequiredPropertyIsRefused() throws Exception {
        FakePlugin plugin = new FakePlugin(PluginMode.POINT);
        Instance i = activate(plugin, Map.of(FakePlugin.DEST, "192.0.2.1"));

        VarpdException e = assertThrows(VarpdException.class, () -> i.update(settings(Map.of())));
        assertTrue(e.getMessage().contains("required"), e.getMessage());
    }

    @Test
    void degradeAndRestoreReachTheDeviceAndTheStatus() throws Exception {
        FakePlugin plugin = new FakePlugin(PluginMode.POINT);
        Instance i = activate(plugin, Map.of(FakePlugin.DEST, "192.0.2.1"));

        plugin.last().handle.degrade("cannot reach any remote peers");
        assertEquals("cannot reach any remote peers", i.degradedMessage().orElseThrow());
        assertEquals("cannot reach any remote peers", devices.open.get("ovl0").degraded);

        plugin.last().handle.restore();
        assertTrue(i.degradedMessage().isEmpty());
    }

    @Test
    void everyConcurrentLookupIsAnsweredExactlyOnceAcrossDestroy() throws Exception {
        FakePlugin plugin = new FakePlugin(PluginMode.DYNAMIC);
        ExecutorService repliers = Executors.newFixedThreadPool(4);
        plugin.onLookup = q -> repliers.execute(() -> q.reply(TargetPoint.of(InetAddress.getLoopbackAddress(), 1)));
        Instance i = activate(plugin, Map.of(FakePlugin.DEST, "192.0.2.1"));
        FakeDevices.Device d = devices.open.get("ovl0");
        int threads = 4;
        int perThread = 2000;
        List<FakeDevices.Miss> misses = new java.util.concurrent.CopyOnWriteArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger sent = new AtomicInteger();
        ExecutorService senders = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            senders.execute(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int n = 0; n < perThread; n++) {
                    misses.add(d.miss(A, MacAddress.of(n), 0x0800, null));
                    if (sent.incrementAndGet() == threads * perThread / 2) {
                        i.destroy();
                    }
                }
            });
        }
        go.countDown();
        senders.shutdown();
        assertTrue(senders.awaitTermination(60, TimeUnit.SECONDS));
        repliers.shutdown();
        assertTrue(repliers.awaitTermination(60, TimeUnit.SECONDS));

        assertEquals(threads * perThread, misses.size());
        for (FakeDevices.Miss m : misses) {
            assertEquals(1, m.answers.size(), "answered exactly once: " + m.answers);
        }
        assertEquals(0, i.openQueries());
    }

    private static final class Question implements io.varpd.api.device.AddressLookup {
        final InetAddress ip;
        final List<String> answers = new java.util.concurrent.CopyOnWriteArrayList<>();

        Question(String ip) throws Exception {
            this.ip = InetAddress.getByName(ip);
        }

        @Override
        public InetAddress address() {
            return ip;
        }

        @Override
        public void resolved(MacAddress mac, TargetPoint target) {
            answers.add(mac + " " + target);
        }

        @Override
        public void unresolved(String reason) {
            answers.add("unresolved: " + reason);
        }
    }

    @Test
    void neighbourMissResolvesTheMacThenItsDestination() throws Exception {
        FakePlugin plugin = new FakePlugin(PluginMode.DYNAMIC);
        plugin.arpAnswer = B;
        plugin.onLookup = q -> q.reply(
                q.request().destination().equals(B) ? TargetPoint.of(InetAddress.getLoopbackAddress(), 4789) : null);
        activate(plugin, Map.of(FakePlugin.DEST, "192.0.2.1"));
        Question q = new Question("10.0.0.2");

        devices.open.get("ovl0").listener.resolve(q);

        assertEquals(List.of(B + " 127.0.0.1:4789"), q.answers);
        assertTrue(plugin.calls.containsAll(List.of("arp 10.0.0.2", "lookup")), plugin.calls.toString());
    }

    @Test
    void neighbourMissForAnUnknownAddressIsUnresolved() throws Exception {
        FakePlugin plugin = new FakePlugin(PluginMode.DYNAMIC);
        activate(plugin, Map.of(FakePlugin.DEST, "192.0.2.1"));
        Question q = new Question("2001:db8::7");

        devices.open.get("ovl0").listener.resolve(q);

        assertEquals(List.of("unresolved: no MAC is known for 2001:db8::7"), q.answers);
    }

    @Test
    void neighbourMissForAMacWithoutDestinationIsUnresolved() throws Exception {
        FakePlugin plugin = new FakePlugin(PluginMode.DYNAMIC);
        plugin.arpAnswer = B;
        activate(plugin, Map.of(FakePlugin.DEST, "192.0.2.1"));
        Question q = new Question("10.0.0.2");

        devices.open.get("ovl0").listener.resolve(q);

        assertEquals(List.of("unresolved: 10.0.0.2 is at " + B + ", which has no destination"), q.answers);
    }

    @Test
    void aNeighbourMissThePluginCannotAnswerIsUnresolvedWithTheReasonAndCountedAsAnError() throws Exception {
        FakePlugin plugin = new FakePlugin(PluginMode.DYNAMIC);
        plugin.arpFailure = Errno.EHOSTUNREACH;
        Instance i = activate(plugin, Map.of(FakePlugin.DEST, "192.0.2.1"));
        java.util.List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();

        i.resolve(new io.varpd.api.device.AddressLookup() {
            @Override
            public InetAddress address() {
                try {
                    return InetAddress.getByName("10.0.0.5");
                } catch (java.net.UnknownHostException e) {
                    throw new AssertionError(e);
                }
            }

            @Override
            public int vlan() {
                return 0;
            }

            @Override
            public void resolved(MacAddress mac, TargetPoint target) {
                heard.add("resolved " + mac);
            }

            @Override
            public void unresolved(String reason) {
                heard.add("unresolved " + reason);
            }
        });

        assertEquals(1, heard.size(), heard.toString());
        assertTrue(
                heard.get(0).startsWith("unresolved EHOSTUNREACH")
                        && heard.get(0).contains("unreachable"),
                heard.toString());
        assertEquals(1L, i.countersWithDevice().get("errors"));
    }

    @Test
    void aNeighbourMissAnsweredWithADestinationCountsAsAProxiedArpNotAPlainLookup() throws Exception {
        FakePlugin plugin = new FakePlugin(PluginMode.DYNAMIC);
        plugin.arpAnswer = MacAddress.parse("02:00:00:00:00:05");
        TargetPoint there = TargetPoint.of(InetAddress.getByName("192.0.2.40"), 4789);
        InetAddress asked = InetAddress.getByName("10.0.0.5");
        plugin.onLookup = q -> q.reply(there);
        Instance i = activate(plugin, Map.of(FakePlugin.DEST, "192.0.2.1"));
        java.util.List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();

        i.resolve(new io.varpd.api.device.AddressLookup() {
            @Override
            public InetAddress address() {
                return asked;
            }

            @Override
            public void resolved(MacAddress mac, TargetPoint target) {
                heard.add("resolved " + mac);
            }

            @Override
            public void unresolved(String reason) {
                heard.add("unresolved " + reason);
            }
        });

        assertEquals(java.util.List.of("resolved 02:00:00:00:00:05"), heard);
        Map<String, Long> c = i.countersWithDevice();
        assertEquals(1L, c.get("arp"), c.toString());
        assertEquals(0L, c.get("ok"), c.toString());
        assertEquals(c.get("lookups"), c.get("ok") + c.get("drop") + c.get("arp") + c.get("ndp") + c.get("dhcp"));
    }
}
