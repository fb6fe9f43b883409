// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.memory.internal;

import static io.varpd.overlay.memory.internal.EthernetFrameBuilder.frame;
import static io.varpd.overlay.memory.internal.EthernetFrameBuilder.frameTo;
import static io.varpd.overlay.memory.internal.EthernetFrameBuilder.idOf;
import static io.varpd.overlay.memory.internal.TestNet.assertErrno;
import static io.varpd.overlay.memory.internal.TestNet.dynamicDevice;
import static io.varpd.overlay.memory.internal.TestNet.hits;
import static io.varpd.overlay.memory.internal.TestNet.mac;
import static io.varpd.overlay.memory.internal.TestNet.target;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.Errno;
import io.varpd.api.MacAddress;
import io.varpd.api.VarpdException;
import io.varpd.api.device.CacheEntry;
import io.varpd.api.device.DeviceLookup;
import io.varpd.overlay.memory.DropReason;
import io.varpd.overlay.memory.MemoryDevice;
import io.varpd.overlay.memory.internal.TestNet.Hit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Answers to misses (RESPOND, DROP) and the frame operations of a lookup (PKT, INJECT, RESEND). */
class LookupAnswerTest {
    private final RecordingListener listener = new RecordingListener();

    @Test
    void respondDrainsQueuedFramesToTarget() throws Exception {
        MemoryDevice d = dynamicDevice(listener);
        for (int id = 1; id <= 3; id++) {
            d.transmit(frameTo(mac(2), id));
        }

        listener.only().respond(target(7));

        assertEquals(
                List.of(1, 2, 3),
                d.transmitted().stream().map(t -> idOf(t.frame())).toList());
        assertTrue(d.transmitted().stream().allMatch(t -> t.target().equals(target(7))));
        assertEquals(0, d.pendingFrames(mac(2)));
        assertEquals(Optional.of(CacheEntry.to(mac(2), target(7))), d.cacheGet(mac(2)));
    }

    @Test
    void respondMakesLaterFramesGoStraightToTheTarget() throws Exception {
        MemoryDevice d = dynamicDevice(listener);
        d.transmit(frameTo(mac(2), 1));
        listener.only().respond(target(7));

        d.transmit(frameTo(mac(2), 2));

        assertEquals(2, d.transmitted().size());
        assertEquals(1, listener.count());
    }

    @Test
    void respondLeavesADropFlagSetAsTheKernelDoes() throws Exception {
        MemoryDevice d = dynamicDevice(listener);
        d.transmit(frameTo(mac(2), 1));
        d.cacheSet(CacheEntry.dropping(mac(2)));

        listener.only().respond(target(7));
        d.transmit(frameTo(mac(2), 2));

        assertEquals(Optional.of(CacheEntry.dropping(mac(2))), d.cacheGet(mac(2)));
        assertEquals(
                List.of(1),
                d.transmitted().stream().map(t -> idOf(t.frame())).toList(),
                "the queued frame is sent, the later one dropped");
        assertEquals(1, d.stats().dropped(DropReason.DROP_ENTRY));
    }

    @Test
    void dropAnswerFreesOnlyHeadFrameAndAsksAgain() throws Exception {
        MemoryDevice d = dynamicDevice(listener);
        for (int id = 1; id <= 3; id++) {
            d.transmit(frameTo(mac(2), id));
        }

        listener.only().drop();

        assertEquals(2, listener.count(), "one lookup per queued frame");
        assertEquals(2, idOf(listener.last().frame()));
        assertEquals(2, d.pendingFrames(mac(2)));
        assertEquals(1, d.stats().dropped(DropReason.DROP_ANSWER));
    }

    @Test
    void dropAnswerForTheLastFrameClearsPendingSoTheNextFrameAsksAgain() throws Exception {
        MemoryDevice d = dynamicDevice(listener);
        d.transmit(frameTo(mac(2), 1));
        listener.only().drop();
        assertEquals(1, listener.count(), "drop is not cached");

        d.transmit(frameTo(mac(2), 2));

        assertEquals(2, listener.count());
        assertEquals(2, idOf(listener.last().frame()));
    }

    @Test
    void dropAnswerOnAnEntryMadeValidOnlyClearsPending() throws Exception {
        MemoryDevice d = dynamicDevice(listener);
        d.transmit(frameTo(mac(2), 1));
        d.cacheSet(CacheEntry.to(mac(2), target(7)));

        listener.only().drop();

        assertEquals(1, listener.count());
        assertEquals(0, d.stats().framesDropped());
        assertEquals(Optional.of(CacheEntry.to(mac(2), target(7))), d.cacheGet(mac(2)));
    }

    @Test
    void frameIsACopyOfTheHeadFrame() throws Exception {
        MemoryDevice d = dynamicDevice(listener);
        byte[] sent = frameTo(mac(2), 1);
        d.transmit(sent);
        DeviceLookup lookup = listener.only();

        byte[] copy = lookup.frame();
        copy[14] = 99;

        assertArrayEquals(sent, lookup.frame());
    }

    @Test
    void frameCopiesAtMost1518Bytes() throws Exception {
        MemoryDevice d = dynamicDevice(listener);
        d.transmit(frame().to(mac(2)).size(9000).build());

        assertEquals(DeviceLookup.MAX_FRAME, listener.only().frame().length);
    }

    @Test
    void frameAfterTheAnswerIsInvalid() throws Exception {
        MemoryDevice d = dynamicDevice(listener);
        d.transmit(frameTo(mac(2), 1));
        DeviceLookup lookup = listener.only();
        lookup.respond(target(7));

        assertErrno(Errno.EINVAL, lookup::frame);
    }

    @Test
    void frameAfterACacheSetSentTheQueueIsInvalid() throws Exception {
        MemoryDevice d = dynamicDevice(listener);
        d.transmit(frameTo(mac(2), 1));
        d.cacheSet(CacheEntry.to(mac(2), target(7)));

        assertErrno(Errno.EINVAL, listener.only()::frame);
    }

    @Test
    void injectDeliversUpToLocalGuests() throws Exception {
        MemoryDevice d = dynamicDevice(listener);
        d.transmit(frameTo(mac(2), 1));
        byte[] reply = frame().from(mac(2)).to(mac(1)).id(77).build();

        listener.only().inject(reply);

        assertEquals(
                List.of(77),
                d.delivered().stream().map(EthernetFrameBuilder::idOf).toList());
        assertEquals(1, d.pendingFrames(mac(2)), "an injection is not an answer");
    }

    @Test
    void resendLooksUpItsDestinationAfresh() throws Exception {
        MemoryDevice d = dynamicDevice(listener);
        d.cacheSet(CacheEntry.to(mac(9), target(9)));
        d.transmit(frameTo(mac(2), 1));
        DeviceLookup lookup = listener.only();

        lookup.resend(frameTo(mac(9), 2));
        lookup.resend(frameTo(mac(3), 3));

        assertEquals(List.of(new Hit(target(9), 2)), hits(d));
        assertEquals(mac(3), listener.last().request().destination());
        assertEquals(2, d.stats().framesTransmitted() - 1, "resent frames enter the transmit path");
    }

    @Test
    void framesOver1518BytesCannotBeInjectedOrResent() throws Exception {
        MemoryDevice d = dynamicDevice(listener);
        d.transmit(frameTo(mac(2), 1));
        DeviceLookup lookup = listener.only();
        byte[] big = frame().size(DeviceLookup.MAX_FRAME + 1).build();

        assertErrno(Errno.EINVAL, () -> lookup.inject(big));
        assertErrno(Errno.EINVAL, () -> lookup.resend(big));
        assertErrno(Errno.EINVAL, () -> d.inject(big));
        lookup.inject(frame().size(DeviceLookup.MAX_FRAME).build());
    }

    @Test
    void injectAndResendAfterTheAnswerAreRefused() throws Exception {
        MemoryDevice d = dynamicDevice(listener);
        d.transmit(frameTo(mac(2), 1));
        DeviceLookup lookup = listener.only();
        lookup.drop();

        assertErrno(Errno.ENOENT, () -> lookup.inject(frameTo(mac(1), 2)));
        assertErrno(Errno.ENOENT, () -> lookup.resend(frameTo(mac(1), 2)));
    }

    @Test
    void answeringTwiceIsIgnoredAndCounted() throws Exception {
        MemoryDevice d = dynamicDevice(listener);
        d.transmit(frameTo(mac(2), 1));
        d.transmit(frameTo(mac(2), 2));
        DeviceLookup lookup = listener.only();
        lookup.drop();

        lookup.drop();
        lookup.respond(target(7));

        assertEquals(2, d.stats().ignoredAnswers());
        assertEquals(1, d.pendingFrames(mac(2)), "the second frame waits for its own lookup");
        assertEquals(1, d.stats().dropped(DropReason.DROP_ANSWER));
        assertTrue(d.transmitted().isEmpty());
    }

    @Test
    void answersFromInsideTheListenerWork() throws Exception {
        listener.answering(l -> l.respond(target(7)));
        MemoryDevice d = dynamicDevice(listener);

        d.transmit(frameTo(mac(2), 1));

        assertEquals(List.of(new Hit(target(7), 1)), hits(d));
    }

    @Test
    void reAsksFromInsideTheListenerAreALoopNotARecursion() throws Exception {
        MemoryDevice d = dynamicDevice(listener);
        int frames = 2000;
        for (int id = 1; id <= frames; id++) {
            d.transmit(frame().to(mac(2)).id(id).payload(46).build());
        }
        DeviceLookup first = listener.only();
        int[] depth = {Integer.MAX_VALUE, 0};
        listener.answering(l -> {
            int here = Thread.currentThread().getStackTrace().length;
            depth[0] = Math.min(depth[0], here);
            depth[1] = Math.max(depth[1], here);
            l.drop();
        });

        first.drop();

        assertEquals(frames, listener.count());
        assertEquals(frames, d.stats().dropped(DropReason.DROP_ANSWER));
        assertEquals(0, d.pendingFrames(mac(2)));
        assertEquals(depth[0], depth[1], "every re-ask is reported at the same stack depth");
    }

    @Test
    void reAsksOnASecondThreadReportingAtTheSameTimeAreALoopToo() throws Exception {
        MemoryDevice d = dynamicDevice(listener);
        int frames = 2000;
        for (int id = 1; id <= frames; id++) {
            d.transmit(frame().to(mac(2)).id(id).payload(46).build());
        }
        DeviceLookup first = listener.only();
        CountDownLatch otherIsReporting = new CountDownLatch(1);
        CountDownLatch letOtherGo = new CountDownLatch(1);
        int[] depth = {Integer.MAX_VALUE, 0};
        listener.answering(l -> {
            if (l.request().destination().equals(mac(3))) {
                otherIsReporting.countDown(); // this thread now reports for the device ...
                awaitUninterruptibly(letOtherGo); // ... until the test thread is done
                l.respond(target(3));
                return;
            }
            int here = Thread.currentThread().getStackTrace().length;
            depth[0] = Math.min(depth[0], here);
            depth[1] = Math.max(depth[1], here);
            l.drop();
        });
        Thread other = new Thread(() -> d.transmit(frameTo(mac(3), 9999)), "other-reporter");
        other.start();
        otherIsReporting.await();

        first.drop();
        letOtherGo.countDown();
        other.join();

        assertEquals(frames + 1, listener.count());
        assertEquals(frames, d.stats().dropped(DropReason.DROP_ANSWER));
        assertEquals(0, d.pendingFrames(mac(2)));
        assertEquals(depth[0], depth[1], "every re-ask is reported at the same stack depth");
        assertEquals(List.of(new Hit(target(3), 9999)), hits(d));
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        while (true) {
            try {
                latch.await();
                return;
            } catch (InterruptedException e) {
                // keep waiting: the test thread always counts down
            }
        }
    }

    @Test
    void missesReportedCountsOnlyTheLookupsHandedToTheListener() throws Exception {
        MemoryDevice d = dynamicDevice(listener);
        d.transmit(frameTo(mac(2), 1));
        d.transmit(frameTo(mac(2), 2));
        DeviceLookup first = listener.only();
        listener.answering(l -> {
            if (l.request().destination().equals(mac(3))) {
                first.drop(); // raises the re-ask for frame 2, reported when this call returns ...
                setUnchecked(d, CacheEntry.to(mac(2), target(7))); // ... which then skips it
            }
        });

        d.transmit(frameTo(mac(3), 3));

        assertEquals(2, listener.count());
        assertEquals(2, d.stats().missesReported());
    }

    @Test
    void aFailingListenerDropsTheFrameItWasAskedAbout() throws Exception {
        listener.answering(l -> {
            throw new IllegalStateException("core is broken");
        });
        MemoryDevice d = dynamicDevice(listener);

        d.transmit(frameTo(mac(2), 1));

        assertEquals(1, d.stats().dropped(DropReason.DROP_ANSWER));
        assertEquals(0, d.pendingFrames(mac(2)));
    }

    @Test
    void aMissSettledByACacheSetBeforeItIsReportedIsSkippedAndNotLeftPending() throws Exception {
        MemoryDevice d = dynamicDevice(listener);
        d.transmit(frameTo(mac(2), 1));
        d.transmit(frameTo(mac(2), 2));
        DeviceLookup first = listener.only();
        listener.answering(l -> {
            if (l.request().destination().equals(mac(3))) {
                first.drop(); // asks about frame 2, to be reported when this call returns ...
                setUnchecked(d, CacheEntry.to(mac(2), target(7))); // ... but this sends frame 2
            }
        });

        d.transmit(frameTo(mac(3), 3));
        assertEquals(List.of(mac(2), mac(3)), destinations(listener.lookups()), "the re-ask was skipped");

        d.cacheRemove(mac(2));
        d.transmit(frameTo(mac(2), 4));

        assertEquals(
                List.of(mac(2), mac(3), mac(2)), destinations(listener.lookups()), "the entry was not left PENDING");
        assertEquals(List.of(new Hit(target(7), 2)), hits(d));
    }

    private static List<MacAddress> destinations(List<DeviceLookup> lookups) {
        return lookups.stream().map(l -> l.request().destination()).toList();
    }

    private static void setUnchecked(MemoryDevice d, CacheEntry entry) {
        try {
            d.cacheSet(entry);
        } catch (VarpdException e) {
            throw new IllegalStateException(e);
        }
    }
}
