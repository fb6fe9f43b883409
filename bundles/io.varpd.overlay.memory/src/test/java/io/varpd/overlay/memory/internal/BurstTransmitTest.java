// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.memory.internal;

import static io.varpd.overlay.memory.internal.EthernetFrameBuilder.frame;
import static io.varpd.overlay.memory.internal.EthernetFrameBuilder.frameTo;
import static io.varpd.overlay.memory.internal.EthernetFrameBuilder.idOf;
import static io.varpd.overlay.memory.internal.TestNet.VNETID;
import static io.varpd.overlay.memory.internal.TestNet.dynamicDevice;
import static io.varpd.overlay.memory.internal.TestNet.hits;
import static io.varpd.overlay.memory.internal.TestNet.mac;
import static io.varpd.overlay.memory.internal.TestNet.pointDevice;
import static io.varpd.overlay.memory.internal.TestNet.settings;
import static io.varpd.overlay.memory.internal.TestNet.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.LookupRequest;
import io.varpd.api.MacAddress;
import io.varpd.api.VarpdException;
import io.varpd.api.device.CacheEntry;
import io.varpd.api.device.DeviceLookup;
import io.varpd.overlay.memory.DropReason;
import io.varpd.overlay.memory.MemoryDevice;
import io.varpd.overlay.memory.MemoryDeviceStats;
import io.varpd.overlay.memory.Transmission;
import io.varpd.overlay.memory.internal.TestNet.Hit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link MemoryDevice#transmitAll}: a burst decides as one-by-one transmits do and reports its misses together. */
class BurstTransmitTest {
    private final RecordingListener listener = new RecordingListener();

    // ---- the same decisions as one frame at a time ----

    @Test
    void aBurstDecidesLikeTheSameFramesSentOneByOne() throws Exception {
        Pair p = new Pair();
        for (MemoryDevice d : p.devices()) {
            d.cacheSet(CacheEntry.to(mac(10), target(10)));
            d.cacheSet(CacheEntry.dropping(mac(11)));
            d.transmit(frameTo(mac(12), 0)); // an entry already waiting for its answer
        }
        List<byte[]> frames = new ArrayList<>(List.of(
                frameTo(mac(10), 1), // VALID
                frameTo(mac(20), 2), // unknown
                frameTo(mac(11), 3), // DROP
                new byte[13], // unparsable
                frameTo(mac(20), 4), // the same unknown MAC again
                frameTo(MacAddress.BROADCAST, 5),
                frameTo(mac(12), 6), // pending
                Arrays.copyOf(frame().vlan(3).build(), 17), // a tag without room for it
                frame().to(mac(21)).vlan(42).id(7).build()));
        for (int id = 100; id < 230; id++) {
            frames.add(frame().to(mac(22)).id(id).size(1024).build()); // beyond the 128 KiB queue
        }
        frames.add(frameTo(MacAddress.BROADCAST, 8));
        frames.add(frameTo(mac(10), 9));

        p.send(frames);

        p.assertSame();
        MemoryDeviceStats s = p.burst.stats();
        assertEquals(2, s.dropped(DropReason.UNPARSABLE));
        assertEquals(1, s.dropped(DropReason.DROP_ENTRY));
        assertEquals(2, s.dropped(DropReason.QUEUE_FULL));
        assertEquals(List.of(new Hit(target(10), 1), new Hit(target(10), 9)), hits(p.burst));
        assertEquals(2, p.burst.pendingFrames(mac(20)), "one miss, both frames queued");
        assertEquals(
                List.of(mac(20), MacAddress.BROADCAST, mac(21), mac(22)),
                destinations(p.burstListener.lookups().subList(1, 5)));

        p.answer(Integer.MAX_VALUE);
        p.assertSame();
    }

    @Test
    void randomBurstsWithAnswersAndCacheEditsBetweenThemDecideLikeFramesSentOneByOne() throws Exception {
        SplittableRandom random = new SplittableRandom(20240611);
        Pair p = new Pair();
        int id = 0;
        for (int round = 0; round < 300; round++) {
            p.editCache(random);
            List<byte[]> burst = new ArrayList<>();
            for (int k = 1 + random.nextInt(40); k > 0; k--) {
                burst.add(
                        random.nextInt(25) == 0
                                ? new byte[random.nextInt(14)]
                                : frame().to(Pair.MACS.get(random.nextInt(Pair.MACS.size())))
                                        .id(id++)
                                        .size(18 + random.nextInt(1501))
                                        .build()); // room for the id
            }
            p.send(burst);
            p.assertSame();
            p.answer(random.nextInt(8));
            p.assertSame();
        }
        p.answer(Integer.MAX_VALUE);
        p.assertSame();
        MemoryDeviceStats s = p.burst.stats();
        assertEquals(0, s.pendingFrames());
        assertTrue(
                s.framesSent() > 0
                        && s.dropped(DropReason.DROP_ANSWER) > 0
                        && s.dropped(DropReason.DROP_ENTRY) > 0
                        && s.dropped(DropReason.QUEUE_FULL) > 0
                        && s.dropped(DropReason.UNPARSABLE) > 0,
                () -> "every way a frame can go happened: " + s);
    }

    @Test
    void pointAndUnassociatedDevicesTreatBurstFramesOneByOne() throws Exception {
        MemoryDevice point = pointDevice(listener, target(9));
        MemoryDevice unassociated = new MemoryDeviceProvider().open(settings("ovl1", VNETID + 1), listener);
        List<byte[]> frames = List.of(frameTo(mac(2), 1), frameTo(MacAddress.BROADCAST, 2), new byte[5]);

        point.transmitAll(frames);
        unassociated.transmitAll(frames);

        assertEquals(3, point.stats().framesSent());
        assertEquals(
                List.of(target(9), target(9), target(9)),
                point.transmitted().stream().map(Transmission::target).toList());
        assertEquals(3, unassociated.stats().dropped(DropReason.NOT_ASSOCIATED));
        assertEquals(3, unassociated.stats().framesTransmitted());
        assertEquals(0, listener.count());
    }

    @Test
    void anEmptyBurstDoesNothing() throws Exception {
        MemoryDevice d = dynamicDevice(listener);

        d.transmitAll(List.of());

        assertEquals(0, d.stats().framesTransmitted());
        assertTrue(listener.batches().isEmpty());
    }

    @Test
    void aBurstCopiesEachFrameAsItEnters() throws Exception {
        MemoryDevice d = dynamicDevice(listener);
        d.cacheSet(CacheEntry.to(mac(2), target(2)));
        byte[] sent = frameTo(mac(2), 1);
        byte[] queued = frameTo(mac(3), 2);

        d.transmitAll(List.of(sent, queued));
        sent[17] = 99;
        queued[17] = 99;
        listener.only().respond(target(3));

        assertEquals(List.of(new Hit(target(2), 1), new Hit(target(3), 2)), hits(d));
    }

    @Test
    void aNullFrameFailsTheBurstBeforeAnyFrameIsActedOn() throws Exception {
        MemoryDevice d = dynamicDevice(listener);

        assertThrows(NullPointerException.class, () -> d.transmitAll(Arrays.asList(frameTo(mac(2), 1), null)));

        assertEquals(0, d.stats().framesTransmitted());
        assertEquals(0, listener.count());
    }

    // ---- the misses go together ----

    @Test
    void theMissesOfABurstReachTheListenerInOneLookupAll() throws Exception {
        MemoryDevice d = dynamicDevice(listener);
        d.cacheSet(CacheEntry.to(mac(5), target(5)));

        d.transmitAll(List.of(
                frameTo(mac(2), 1), frameTo(mac(3), 2), frameTo(mac(2), 3), frameTo(mac(5), 4), frameTo(mac(4), 5)));

        assertEquals(1, listener.batches().size());
        assertEquals(
                List.of(mac(2), mac(3), mac(4)), destinations(listener.batches().get(0)));
        assertEquals(
                List.of(1, 2, 5), headIds(listener.batches().get(0)), "each miss is about its entry's first frame");
        assertEquals(3, listener.count());
        assertEquals(3, d.stats().missesReported());
        assertEquals(2, d.pendingFrames(mac(2)));
    }

    @Test
    void aBurstWithoutMissesCallsNoListener() throws Exception {
        MemoryDevice d = dynamicDevice(listener);
        d.cacheSet(CacheEntry.to(mac(5), target(5)));

        d.transmitAll(List.of(frameTo(mac(5), 1), new byte[3]));

        assertTrue(listener.batches().isEmpty());
        assertEquals(0, listener.count());
    }

    @Test
    void respondingInsideLookupAllSendsTheQueuedFrames() throws Exception {
        listener.answering(l -> l.respond(target((int) l.request().destination().toLong() & 0xff)));
        MemoryDevice d = dynamicDevice(listener);

        d.transmitAll(List.of(frameTo(mac(2), 1), frameTo(mac(3), 2), frameTo(mac(2), 3)));
        d.transmitAll(List.of(frameTo(mac(2), 4)));

        assertEquals(
                List.of(new Hit(target(2), 1), new Hit(target(2), 3), new Hit(target(3), 2), new Hit(target(2), 4)),
                hits(d));
        assertEquals(1, listener.batches().size(), "the second burst hit the cache");
        assertEquals(0, d.stats().pendingFrames());
    }

    @Test
    void dropAnswersInsideLookupAllAskAgainInALoopNotARecursion() throws Exception {
        List<Integer> depths = new ArrayList<>();
        listener.answering(l -> {
            depths.add(Thread.currentThread().getStackTrace().length);
            l.drop();
        });
        MemoryDevice d = dynamicDevice(listener);
        List<byte[]> frames = new ArrayList<>();
        for (int id = 0; id < 2000; id++) {
            frames.add(frameTo(mac(2 + id % 2), id));
        }

        d.transmitAll(frames);

        assertEquals(2000, listener.count(), "one miss per frame: each drop asks about the next");
        assertEquals(2000, d.stats().dropped(DropReason.DROP_ANSWER));
        assertEquals(0, d.stats().pendingFrames());
        assertEquals(1, listener.batches().size());
        assertEquals(depths.get(0), depths.get(1), "the batch's misses");
        assertEquals(
                1,
                depths.subList(2, depths.size()).stream().distinct().count(),
                "every re-ask is reported at the same stack depth");
    }

    @Test
    void aBurstSentFromInsideAListenerCallIsReportedAfterThatCall() throws Exception {
        MemoryDevice d = dynamicDevice(listener);
        listener.answering(l -> {
            if (l.request().destination().equals(mac(3))) {
                d.transmitAll(List.of(frameTo(mac(4), 2), frameTo(mac(5), 3), frameTo(mac(4), 4)));
                assertEquals(1, listener.count(), "not reported from inside this call");
            }
        });

        d.transmit(frameTo(mac(3), 1));

        assertEquals(List.of(mac(3), mac(4), mac(5)), destinations(listener.lookups()));
        assertEquals(2, d.pendingFrames(mac(4)));
        assertEquals(3, d.stats().missesReported());
    }

    @Test
    void aListenerFailingInLookupAllLeavesNoEntryPending() throws Exception {
        listener.answering(l -> {
            if (!l.request().destination().equals(mac(2))) {
                throw new IllegalStateException("core is broken");
            }
            l.respond(target(2));
        });
        MemoryDevice d = dynamicDevice(listener);

        d.transmitAll(List.of(frameTo(mac(2), 1), frameTo(mac(3), 2), frameTo(mac(3), 3), frameTo(mac(4), 4)));

        MemoryDeviceStats s = d.stats();
        assertEquals(List.of(new Hit(target(2), 1)), hits(d), "the miss answered before the failure stands");
        assertEquals(3, s.dropped(DropReason.DROP_ANSWER), "every other frame of the batch was dropped");
        assertEquals(0, s.pendingFrames());
        assertEquals(0, s.ignoredAnswers(), "the answered miss was not dropped too");
        assertEquals(1, listener.batches().size());

        listener.answering(l -> {});
        d.transmitAll(List.of(frameTo(mac(3), 5), frameTo(mac(4), 6)));
        assertEquals(2, listener.batches().get(1).size(), "the entries ask again: none was left PENDING");
    }

    // ---- helpers ----

    /**
     * Two DYNAMIC devices given the same operations, one transmitting frame by frame, the other in bursts; each
     * listener records its misses and answers only when told.
     */
    private static final class Pair {
        static final List<MacAddress> MACS = List.of(
                mac(0),
                mac(1),
                mac(2),
                mac(3),
                mac(4),
                mac(5),
                mac(6),
                mac(7),
                mac(10),
                mac(11),
                mac(12),
                mac(20),
                mac(21),
                mac(22),
                MacAddress.BROADCAST);
        final RecordingListener oneByOneListener = new RecordingListener();
        final RecordingListener burstListener = new RecordingListener();
        final MemoryDevice oneByOne;
        final MemoryDevice burst;
        /** How many of each listener's misses have been answered (the lists stay alike). */
        int answered;

        Pair() throws VarpdException {
            oneByOne = dynamicDevice(oneByOneListener);
            burst = dynamicDevice(burstListener);
        }

        List<MemoryDevice> devices() {
            return List.of(oneByOne, burst);
        }

        void send(List<byte[]> frames) {
            frames.forEach(oneByOne::transmit);
            burst.transmitAll(frames);
        }

        /**
         * Answers up to {@code n} unanswered misses of each, oldest first, the same way: even MACs get a target, odd
         * ones are dropped. The re-asks of drops join the end of the list.
         */
        void answer(int n) {
            for (int done = 0; done < n && answered < oneByOneListener.count(); done++, answered++) {
                answerLike(oneByOneListener.lookups().get(answered));
                answerLike(burstListener.lookups().get(answered));
            }
        }

        private static void answerLike(DeviceLookup l) {
            int n = (int) l.request().destination().toLong() & 0xff;
            if (n % 2 == 0) {
                l.respond(target(n));
            } else {
                l.drop();
            }
        }

        /** Now and then the same cache operation on both. */
        void editCache(SplittableRandom random) throws VarpdException {
            MacAddress m = MACS.get(random.nextInt(MACS.size()));
            switch (random.nextInt(12)) {
                case 0 -> each(d -> d.cacheSet(CacheEntry.to(m, target(50))));
                case 1 -> each(d -> d.cacheSet(CacheEntry.dropping(m)));
                case 2 -> each(MemoryDevice::cacheFlush);
                case 3 ->
                    each(d -> {
                        if (d.cacheGet(m).isPresent()) {
                            d.cacheRemove(m);
                        }
                    });
                default -> {}
            }
        }

        private void each(OneDevice op) throws VarpdException {
            op.apply(oneByOne);
            op.apply(burst);
        }

        void assertSame() throws VarpdException {
            assertEquals(stateOf(oneByOne, oneByOneListener), stateOf(burst, burstListener));
        }

        private static DeviceState stateOf(MemoryDevice d, RecordingListener l) throws VarpdException {
            List<Integer> pending = MACS.stream().map(d::pendingFrames).toList();
            return new DeviceState(
                    hits(d),
                    d.stats(),
                    l.lookups().stream().map(DeviceLookup::request).toList(),
                    d.cacheEntries(),
                    pending);
        }
    }

    @FunctionalInterface
    private interface OneDevice {
        void apply(MemoryDevice d) throws VarpdException;
    }

    /** What a device did and holds, as far as its users can tell. */
    private record DeviceState(
            List<Hit> sent,
            MemoryDeviceStats stats,
            List<LookupRequest> misses,
            List<CacheEntry> entries,
            List<Integer> pendingByMac) {}

    private static List<MacAddress> destinations(List<DeviceLookup> lookups) {
        return lookups.stream().map(l -> l.request().destination()).toList();
    }

    private static List<Integer> headIds(List<DeviceLookup> lookups) {
        List<Integer> ids = new ArrayList<>();
        for (DeviceLookup l : lookups) {
            try {
                ids.add(idOf(l.frame()));
            } catch (VarpdException e) {
                throw new AssertionError("the miss has no head frame", e);
            }
        }
        return ids;
    }
}
