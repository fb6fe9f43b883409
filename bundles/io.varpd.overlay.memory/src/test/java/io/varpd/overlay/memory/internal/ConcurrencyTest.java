// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.memory.internal;

import static io.varpd.overlay.memory.internal.EthernetFrameBuilder.frame;
import static io.varpd.overlay.memory.internal.EthernetFrameBuilder.idOf;
import static io.varpd.overlay.memory.internal.TestNet.VNETID;
import static io.varpd.overlay.memory.internal.TestNet.mac;
import static io.varpd.overlay.memory.internal.TestNet.settings;
import static io.varpd.overlay.memory.internal.TestNet.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.Errno;
import io.varpd.api.PluginMode;
import io.varpd.api.VarpdException;
import io.varpd.api.device.CacheEntry;
import io.varpd.api.device.DeviceLookup;
import io.varpd.overlay.memory.DropReason;
import io.varpd.overlay.memory.MemoryDevice;
import io.varpd.overlay.memory.MemoryDeviceStats;
import io.varpd.overlay.memory.Transmission;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Many guests transmit while several threads answer misses and another edits the cache. Whatever the interleaving,
 * every frame must end up sent exactly once or counted dropped.
 */
class ConcurrencyTest {
    private static final int TRANSMITTERS = 8;
    private static final int FRAMES_EACH = 3000;
    private static final int ANSWERERS = 4;
    private static final int DESTINATIONS = 24;
    /** Frames per transmitAll in the burst variant. */
    private static final int BURST = 16;

    private final LinkedBlockingQueue<DeviceLookup> misses = new LinkedBlockingQueue<>();
    private final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    private final CountDownLatch start = new CountDownLatch(1);
    private volatile boolean transmitting = true;

    @Test
    void everyFrameIsSentOnceOrCountedDroppedUnderConcurrentTransmitAndAnswer() throws Exception {
        everyFrameIsSentOnceOrCountedDropped(1);
    }

    @Test
    void everyFrameIsSentOnceOrCountedDroppedWhenGuestsTransmitInBursts() throws Exception {
        everyFrameIsSentOnceOrCountedDropped(BURST);
    }

    /** @param burst frames per transmit call: 1 uses transmit, more use transmitAll */
    private void everyFrameIsSentOnceOrCountedDropped(int burst) throws Exception {
        MemoryDevice d = new MemoryDeviceProvider().open(settings("ovl0", VNETID), misses::add);
        d.associate(1, PluginMode.DYNAMIC, null);

        List<Thread> transmitters = new ArrayList<>();
        for (int t = 0; t < TRANSMITTERS; t++) {
            int first = t * FRAMES_EACH;
            transmitters.add(run("transmitter-" + t, () -> transmit(d, first, burst)));
        }
        List<Thread> helpers = new ArrayList<>();
        for (int a = 0; a < ANSWERERS; a++) {
            helpers.add(run("answerer-" + a, this::answer));
        }
        helpers.add(run("cache-editor", () -> editCache(d)));
        start.countDown();
        joinAll(transmitters);
        transmitting = false;
        joinAll(helpers);
        for (DeviceLookup left = misses.poll(); left != null; left = misses.poll()) {
            left.drop(); // none expected: answerers leave only when no miss is waiting
        }

        assertTrue(failures.isEmpty(), () -> "threads failed: " + failures);
        int total = TRANSMITTERS * FRAMES_EACH;
        MemoryDeviceStats s = d.stats();
        List<Transmission> sent = d.transmitted();
        Set<Integer> sentIds = new HashSet<>();
        sent.forEach(t -> sentIds.add(idOf(t.frame())));
        assertEquals(total, s.framesTransmitted());
        assertEquals(0, s.pendingFrames(), "every miss was answered, so nothing is queued");
        assertEquals(0, s.pendingBytes());
        assertEquals(total, s.framesSent() + s.framesDropped(), "sent or dropped: " + s);
        assertEquals(s.framesSent(), sent.size());
        assertEquals(sent.size(), sentIds.size(), "no frame was sent twice");
        assertTrue(sentIds.stream().allMatch(id -> id >= 0 && id < total));
        assertEquals(0, s.dropped(DropReason.UNPARSABLE) + s.dropped(DropReason.RELEASED));
        assertTrue(s.framesSent() > 0 && s.dropped(DropReason.DROP_ANSWER) > 0, "both answers happened: " + s);
    }

    private void transmit(MemoryDevice d, int firstId, int burst) {
        SplittableRandom random = new SplittableRandom(firstId);
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < FRAMES_EACH; i++) {
            int dst = random.nextInt(DESTINATIONS);
            byte[] f = frame().to(mac(dst))
                    .id(firstId + i)
                    .payload(46 + random.nextInt(1454))
                    .build();
            if (burst == 1) {
                d.transmit(f);
                continue;
            }
            frames.add(f);
            if (frames.size() == burst || i == FRAMES_EACH - 1) {
                d.transmitAll(frames);
                frames.clear();
            }
        }
    }

    /** Odd destinations are answered drop, even ones with a target; sometimes the frame is read first. */
    private void answer() throws InterruptedException {
        SplittableRandom random =
                new SplittableRandom(Thread.currentThread().getName().hashCode());
        while (true) {
            DeviceLookup l = misses.poll(5, TimeUnit.MILLISECONDS);
            if (l == null) {
                if (!transmitting) {
                    return;
                }
                continue;
            }
            if (random.nextInt(4) == 0) {
                readFrame(l);
            }
            int dst = (int) l.request().destination().toLong() & 0xffff;
            if (dst % 2 == 0) {
                l.respond(target(dst + 1));
            } else {
                l.drop();
            }
            if (random.nextInt(50) == 0) {
                l.drop(); // a confused second answer must be harmless
            }
        }
    }

    private static void readFrame(DeviceLookup l) {
        try {
            l.frame();
        } catch (VarpdException e) {
            // A concurrent cache set may have sent the queue already.
            assertEquals(Errno.EINVAL, e.errno());
        }
    }

    private void editCache(MemoryDevice d) throws VarpdException {
        SplittableRandom random = new SplittableRandom(7);
        while (transmitting) {
            int dst = random.nextInt(DESTINATIONS);
            switch (random.nextInt(5)) {
                case 0 -> d.cacheSet(CacheEntry.to(mac(dst), target(100)));
                case 1 -> d.cacheSet(CacheEntry.dropping(mac(dst)));
                case 2 -> d.cacheFlush();
                default -> {
                    try {
                        d.cacheRemove(mac(dst));
                    } catch (VarpdException e) {
                        assertEquals(Errno.ENOENT, e.errno()); // no frame went there yet
                    }
                }
            }
            d.cacheEntries();
        }
    }

    @FunctionalInterface
    private interface Work {
        void run() throws Exception;
    }

    private Thread run(String name, Work work) {
        Thread t = new Thread(
                () -> {
                    try {
                        start.await();
                        work.run();
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                },
                name);
        t.start();
        return t;
    }

    /** Joins without a deadline on speed; the bound only turns a deadlock into a failure. */
    private static void joinAll(List<Thread> threads) throws InterruptedException {
        for (Thread t : threads) {
            t.join(TimeUnit.MINUTES.toMillis(5));
            assertTrue(!t.isAlive(), t.getName() + " is stuck: a deadlock?");
        }
    }
}
