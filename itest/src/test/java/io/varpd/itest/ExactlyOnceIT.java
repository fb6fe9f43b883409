// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.varpd.api.MacAddress;
import io.varpd.api.PluginMode;
import io.varpd.api.TargetPoint;
import io.varpd.api.admin.InstanceInfo;
import io.varpd.api.admin.InstanceState;
import io.varpd.api.plugin.LookupQuery;
import io.varpd.api.plugin.PluginOps;
import io.varpd.overlay.memory.DropReason;
import io.varpd.overlay.memory.MemoryDevice;
import io.varpd.overlay.memory.MemoryDeviceStats;
import io.varpd.overlay.memory.MemoryOverlayNetwork;
import io.varpd.overlay.memory.Transmission;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.osgi.framework.ServiceRegistration;

/**
 * Every target-cache miss is answered exactly once (docs/architecture.md#lookups-exactly-once), with many guests
 * transmitting at once, a plugin answering on its own threads, and the plugin leaving in the middle. Checked on the
 * memory device's accounting: once quiet, every frame a guest transmitted was sent to its target or counted dropped, no
 * frame stays queued, and no answer reached the device twice ({@code ignoredAnswers}).
 */
class ExactlyOnceIT {
    private static final String LINK = "once0";
    private static final String PLUGIN = "async";
    private static final int THREADS = 4;
    private static final int FRAMES_PER_THREAD = 2000;
    private static final int FRAMES = THREADS * FRAMES_PER_THREAD;
    private static final int MACS = 512;
    /** Frames each guest sends after the plugin's departure returned. */
    private static final int AFTER_DEPARTURE = 10;
    /** Bounds the frames (and so the memory) of a guest waiting for a slow departure. */
    private static final int MAX_FRAMES_PER_THREAD = 20_000;

    private static final MacAddress GUEST = MacAddress.of(0x02_00_00_00_00_0aL);

    @RegisterExtension
    final FelixHarness felix = FelixHarness.standard();

    /** The k-th destination MAC. */
    private static MacAddress destination(int k) {
        return MacAddress.of(0x02_00_00_01_00_00L + k);
    }

    private static int indexOf(MacAddress mac) {
        return (int) (mac.toLong() - 0x02_00_00_01_00_00L);
    }

    /** Even MACs each live on their own host, 198.18.(k / 256).(k % 256); odd ones are answered DROP. */
    private static TargetPoint where(MacAddress mac) {
        int k = indexOf(mac);
        if (k % 2 != 0) {
            return null;
        }
        try {
            return TargetPoint.of(
                    InetAddress.getByAddress(new byte[] {(byte) 198, 18, (byte) (k >> 8), (byte) k}), 4789);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** Which MAC the {@code j}-th frame of thread {@code t} goes to: every MAC, in an order differing by thread. */
    private static int macOfFrame(int t, int j) {
        return (j * 7 + t * 131) % MACS;
    }

    private MemoryDevice activeDevice() {
        felix.awaitInstance(LINK, InstanceState.ACTIVE);
        return felix.awaitService(MemoryOverlayNetwork.class)
                .device(LINK)
                .orElseThrow(() -> new AssertionError("no memory device for " + LINK));
    }

    /** Runs {@link #THREADS} guests, each transmitting {@link #FRAMES_PER_THREAD} 64-byte frames. */
    private static void transmitFromManyGuests(MemoryDevice device) throws Exception {
        runGuests(t -> {
            for (int j = 0; j < FRAMES_PER_THREAD; j++) {
                device.transmit(frame(t, j));
            }
        });
    }

    /**
     * Runs {@link #THREADS} guests that transmit half their frames, then keep transmitting while {@code departure} runs
     * on this thread (their other half, and on until it returned or they reach {@link #MAX_FRAMES_PER_THREAD}), then,
     * once it returned, {@link #AFTER_DEPARTURE} frames more each.
     *
     * @return how many frames the guests transmitted
     */
    private static long transmitAcross(MemoryDevice device, Runnable departure) throws Exception {
        CountDownLatch atHalf = new CountDownLatch(THREADS);
        CountDownLatch departed = new CountDownLatch(1);
        LongAdder transmitted = new LongAdder();
        ExecutorService guests = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> running = startGuests(guests, t -> {
            int j = 0;
            for (; j < FRAMES_PER_THREAD / 2; j++) {
                device.transmit(frame(t, j));
            }
            atHalf.countDown();
            for (; j < FRAMES_PER_THREAD || departed.getCount() > 0 && j < MAX_FRAMES_PER_THREAD; j++) {
                device.transmit(frame(t, j));
            }
            departed.await();
            for (int end = j + AFTER_DEPARTURE; j < end; j++) {
                device.transmit(frame(t, j));
            }
            transmitted.add(j);
        });
        try {
            if (!atHalf.await(FelixHarness.TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                fail("the guests did not get half way");
            }
            departure.run();
        } finally {
            departed.countDown();
        }
        try {
            join(running);
        } finally {
            guests.shutdownNow();
        }
        return transmitted.sum();
    }

    /** What guest {@code t} does. */
    @FunctionalInterface
    private interface Guest {
        void run(int t) throws Exception;
    }

    private static void runGuests(Guest guest) throws Exception {
        ExecutorService guests = Executors.newFixedThreadPool(THREADS);
        try {
            join(startGuests(guests, guest));
        } finally {
            guests.shutdownNow();
        }
    }

    private static List<Future<?>> startGuests(ExecutorService pool, Guest guest) {
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            running.add(pool.submit(() -> {
                guest.run(thread);
                return null;
            }));
        }
        return running;
    }

    private static void join(List<Future<?>> running) throws Exception {
        try {
            for (Future<?> f : running) {
                f.get(FelixHarness.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            fail("a guest thread failed: " + e, e);
        }
    }

    /** The {@code j}-th frame of guest {@code t}. */
    private static byte[] frame(int t, int j) {
        return GuestFrames.unicast(destination(macOfFrame(t, j)), GUEST, 64, j);
    }

    /** How many frames of one full run go to the k-th MAC. */
    private static int[] framesPerMac() {
        int[] n = new int[MACS];
        for (int t = 0; t < THREADS; t++) {
            for (int j = 0; j < FRAMES_PER_THREAD; j++) {
                n[macOfFrame(t, j)]++;
            }
        }
        return n;
    }

    /**
     * The accounting that must hold on a quiet device, whatever the interleaving was: every frame a guest transmitted
     * was sent or counted dropped, none stays queued, and no answer reached the device twice.
     */
    private static void assertEveryFrameAccountedFor(MemoryDevice device, long transmitted) {
        MemoryDeviceStats s = device.stats();
        assertEquals(transmitted, s.framesTransmitted(), s.toString());
        assertEquals(0, s.pendingFrames(), "frames still queued: " + s);
        assertEquals(
                s.framesTransmitted(), s.framesSent() + s.framesDropped(), "a frame neither sent nor dropped: " + s);
        for (int k = 0; k < MACS; k++) {
            assertEquals(0, device.pendingFrames(destination(k)), "frames still queued for " + destination(k));
        }
    }

    /** Nothing raced with a release: every lookup was settled by its one answer. */
    private static void assertNoAnswerIgnored(MemoryDevice device) {
        MemoryDeviceStats s = device.stats();
        assertEquals(0, s.ignoredAnswers(), "an answer reached the device twice: " + s);
        assertEquals(0, s.dropped(DropReason.RELEASED), "frames were left for the release: " + s);
    }

    /** Every frame sent went where the plugin said its destination lives. */
    private static void assertSentToTheirTargets(List<Transmission> sent) {
        for (Transmission t : sent) {
            MacAddress to = GuestFrames.destination(t.frame());
            assertEquals(where(to), t.target(), "frame to " + to);
        }
    }

    private static void assertAllAnswered(List<LookupQuery> queries) {
        long unanswered = queries.stream().filter(q -> !q.isAnswered()).count();
        assertEquals(0, unanswered, "queries handed to the plugin and never answered");
    }

    @Test
    void everyMissIsAnsweredOnceWhenThePluginLeavesMidFlightAndAgainWhenItReturns() throws Exception {
        // Queries for MACs 5 and 6 modulo 8 (one answered DROP, one with a target) are held, so
        // some are certainly open when the plugin leaves, whatever the scheduling.
        Predicate<MacAddress> held = m -> indexOf(m) % 8 == 5 || indexOf(m) % 8 == 6;
        AsyncPlugin leaving = new AsyncPlugin(ExactlyOnceIT::where, held);
        ServiceRegistration<PluginOps> reg = felix.registerPlugin(PLUGIN, PluginMode.DYNAMIC, leaving);
        felix.createOverlay(PLUGIN, LINK, Map.of("vnetid", 79L));
        long id = felix.awaitInstance(LINK, InstanceState.ACTIVE).id();
        MemoryDevice first = activeDevice();

        AtomicInteger openAtDeparture = new AtomicInteger();
        long transmitted = transmitAcross(first, () -> {
            openAtDeparture.set(leaving.heldCount());
            reg.unregister();
        });
        assertTrue(openAtDeparture.get() > 0, "the plugin held queries when it left");
        leaving.releaseHeld(); // its late answers must all be refused
        leaving.finish();

        assertEveryFrameAccountedFor(first, transmitted);
        // unregister() returned only once the instance was stopped: the frames sent after it
        // met a device without an instance.
        MemoryDeviceStats released = first.stats();
        assertTrue(released.dropped(DropReason.NOT_ASSOCIATED) >= THREADS * AFTER_DEPARTURE, released.toString());
        // Core answers the open queries DROP and then disassociates, which settles what is still
        // outstanding (dropping its frames as RELEASED). A miss being reported, or an answer being
        // delivered, at that very moment reaches the device just after: it is ignored, not applied
        // twice. Each such miss had at least its head frame queued, so there are never more
        // ignored answers than released frames; a second answer to a live lookup would break this.
        assertTrue(
                released.ignoredAnswers() <= released.dropped(DropReason.RELEASED),
                "more ignored answers than lookups settled by the release: " + released);
        assertSentToTheirTargets(first.takeTransmitted());
        List<LookupQuery> asked = leaving.received();
        assertAllAnswered(asked);
        assertEquals(asked.size(), leaving.accepted() + leaving.refused(), "the plugin answered each query once");
        assertTrue(
                leaving.refused() >= openAtDeparture.get(),
                "core answered the queries held at departure: refused " + leaving.refused() + ", held "
                        + openAtDeparture);
        InstanceInfo waiting = felix.awaitInstance(LINK, InstanceState.WAITING);
        assertEquals(id, waiting.id());
        assertTrue(
                felix.awaitService(MemoryOverlayNetwork.class).device(LINK).isEmpty(),
                "a waiting instance has no device");

        // The plugin returns: active again, and a full run on the new device balances exactly.
        AsyncPlugin back = new AsyncPlugin(ExactlyOnceIT::where, m -> false);
        felix.registerPlugin(PLUGIN, PluginMode.DYNAMIC, back);
        MemoryDevice second = activeDevice();
        assertNotSame(first, second, "a new device for the new activation");
        assertEquals(id, felix.admin().instance(LINK).orElseThrow().id());
        assertEquals(
                Optional.ofNullable(where(destination(2))),
                felix.admin().lookup(LINK, destination(2)).destination());
        assertEquals(
                Optional.empty(), felix.admin().lookup(LINK, destination(3)).destination());

        transmitFromManyGuests(second);
        FelixHarness.await(
                "every frame sent or dropped and every answer given",
                () -> second.stats(),
                s -> s.pendingFrames() == 0
                        && back.accepted() + back.refused() == back.received().size());
        back.finish();

        assertEveryFrameAccountedFor(second, FRAMES);
        assertNoAnswerIgnored(second);
        List<Transmission> sent = second.takeTransmitted();
        assertSentToTheirTargets(sent);
        int[] perMac = framesPerMac();
        long toTargets = 0;
        long toDrops = 0;
        for (int k = 0; k < MACS; k++) {
            if (where(destination(k)) != null) {
                toTargets += perMac[k];
            } else {
                toDrops += perMac[k];
            }
        }
        MemoryDeviceStats s = second.stats();
        assertEquals(toTargets, sent.size(), "every frame to a mapped MAC was sent, once");
        assertEquals(toDrops, s.dropped(DropReason.DROP_ANSWER), "every frame to a dropped MAC had its own answer");
        assertEquals(toDrops, s.framesDropped(), s.toString());
        // One OK per mapped MAC (then it is cached), one DROP per frame to an unmapped MAC; plus the
        // two diagnostic lookups above, which the device never saw.
        Map<String, Long> c = felix.admin().instance(LINK).orElseThrow().counters();
        assertEquals(s.missesReported() + 2, c.get("lookups"), "core saw every miss once: " + c + " " + s);
        assertEquals(MACS / 2 + 1, c.get("ok"), c.toString());
        assertEquals(toDrops + 1, c.get("drop"), c.toString());
        assertEquals(0L, c.get("errors"), c.toString());
        assertAllAnswered(back.received());
        assertEquals(0, back.refused(), "nobody else answered while the plugin was there");
        assertEquals(
                s.missesReported() + 2,
                back.accepted(),
                "each miss (and diagnostic) reached the plugin and was" + " answered by it once");
    }

    @Test
    void queriesOpenWhenThePluginLeavesAreAnsweredBeforeUnregisterReturnsAndFreeEveryQueuedFrame() throws Exception {
        AsyncPlugin silent = new AsyncPlugin(ExactlyOnceIT::where, m -> true);
        ServiceRegistration<PluginOps> reg = felix.registerPlugin(PLUGIN, PluginMode.DYNAMIC, silent);
        felix.createOverlay(PLUGIN, LINK, Map.of("vnetid", 80L));
        MemoryDevice device = activeDevice();

        transmitFromManyGuests(device);
        // Nothing answered yet: one miss per MAC, every frame queued behind it.
        MemoryDeviceStats before = device.stats();
        assertEquals(MACS, before.missesReported(), before.toString());
        assertEquals(FRAMES, before.pendingFrames(), before.toString());
        assertEquals(MACS, silent.heldCount());

        reg.unregister();

        // No waiting: core answers the open queries while the plugin's service goes away.
        List<LookupQuery> asked = silent.received();
        assertAllAnswered(asked);
        MemoryDeviceStats after = device.stats();
        assertEquals(0, after.pendingFrames(), after.toString());
        assertEquals(0, after.framesSent(), after.toString());
        // Each DROP frees one frame and the device asks again for the next: one answer per frame,
        // all given before the device was released (nothing left for RELEASED).
        assertEquals(FRAMES, after.dropped(DropReason.DROP_ANSWER), after.toString());
        assertEquals(FRAMES, after.missesReported(), after.toString());
        assertEquals(MACS, asked.size(), "the re-asks after the plugin left did not reach it");
        assertEveryFrameAccountedFor(device, FRAMES);
        assertNoAnswerIgnored(device);

        silent.releaseHeld();
        silent.finish();
        assertEquals(0, silent.accepted(), "the plugin's late answers are refused");
        assertEquals(MACS, silent.refused());
        assertNoAnswerIgnored(device); // the late answers stopped at core
        felix.awaitInstance(LINK, InstanceState.WAITING);
    }
}
