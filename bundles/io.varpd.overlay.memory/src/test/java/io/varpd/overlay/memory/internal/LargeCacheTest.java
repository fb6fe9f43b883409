// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.memory.internal;

import static io.varpd.overlay.memory.internal.EthernetFrameBuilder.frameTo;
import static io.varpd.overlay.memory.internal.EthernetFrameBuilder.idOf;
import static io.varpd.overlay.memory.internal.TestNet.dynamicDevice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import io.varpd.api.device.CacheEntry;
import io.varpd.overlay.memory.MemoryDevice;
import io.varpd.overlay.memory.Transmission;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A cache of many entries: the table grows many times over, keys that collide in their low or high bits, destinations
 * repeated and equal but not identical. Every entry must stay findable with its own state and destination.
 */
class LargeCacheTest {
    private static final int MACS = 20_000;
    private static final Map<MacAddress, Integer> NUMBERS = new HashMap<>();
    private final RecordingListener listener = new RecordingListener();

    static {
        for (int n = 0; n < MACS; n++) {
            NUMBERS.put(macNumber(n), n);
        }
    }

    /** MACs that differ only in their top bits, only in their bottom bits, and everything in between. */
    private static MacAddress macNumber(int n) {
        long spread = (long) n * 0x0000_0100_0001L;
        return MacAddress.of(
                switch (n % 3) {
                    case 0 -> n;
                    case 1 -> (long) n << 28;
                    default -> spread;
                });
    }

    /** One of 97 destinations, each time a new but equal object. */
    private static TargetPoint destinationOf(int n) {
        return TestNet.target(1 + n % 97);
    }

    @Test
    void everyEntryKeepsItsOwnDestinationAsTheTableGrows() throws Exception {
        listener.answering(l -> l.respond(destinationOf(indexOf(l.request().destination()))));
        MemoryDevice d = dynamicDevice(listener);
        for (int n = 0; n < MACS; n++) {
            d.transmit(frameTo(macNumber(n), n));
        }

        assertEquals(MACS, NUMBERS.size(), "the test MACs are distinct");
        assertEquals(MACS, listener.count());
        assertEquals(MACS, d.transmitted().size());
        for (int n = 0; n < MACS; n++) {
            assertEquals(Optional.of(CacheEntry.to(macNumber(n), destinationOf(n))), d.cacheGet(macNumber(n)));
        }
        List<CacheEntry> expected = new ArrayList<>();
        for (int n = 0; n < MACS; n++) {
            expected.add(CacheEntry.to(macNumber(n), destinationOf(n)));
        }
        expected.sort(Comparator.comparing(CacheEntry::mac));
        assertEquals(expected, d.cacheEntries());
    }

    @Test
    void aFlushOfAGrownCacheMakesEveryMacAskAgain() throws Exception {
        listener.answering(l -> l.respond(destinationOf(indexOf(l.request().destination()))));
        MemoryDevice d = dynamicDevice(listener);
        for (int n = 0; n < MACS; n++) {
            d.transmit(frameTo(macNumber(n), n));
        }
        d.cacheSet(CacheEntry.dropping(macNumber(5)));

        d.cacheFlush();

        assertTrue(d.cacheEntries().isEmpty());
        for (int n = 0; n < MACS; n++) {
            d.transmit(frameTo(macNumber(n), n));
        }
        assertEquals(2 * MACS, listener.count());
        assertEquals(2 * MACS, d.stats().missesReported());
        assertEquals(2 * MACS, d.stats().framesSent());
        assertEquals(Optional.of(CacheEntry.to(macNumber(5), destinationOf(5))), d.cacheGet(macNumber(5)));
    }

    @Test
    void pendingEntriesAmongManyKeepTheirQueues() throws Exception {
        MemoryDevice d = dynamicDevice(listener); // nobody answers
        for (int n = 0; n < MACS; n++) {
            d.transmit(frameTo(macNumber(n), n));
            if (n % 1000 == 0) {
                d.transmit(frameTo(macNumber(n), -n));
            }
        }

        assertEquals(MACS, listener.count());
        assertEquals(MACS + MACS / 1000, d.stats().pendingFrames());
        assertEquals(2, d.pendingFrames(macNumber(3000)));
        assertEquals(1, d.pendingFrames(macNumber(3001)));
        listener.lookups().get(3000).respond(destinationOf(3000));
        assertEquals(0, d.pendingFrames(macNumber(3000)));
        assertEquals(2, d.transmitted().size());
    }

    @Test
    void burstsOfNewAndKnownMacsStayCorrectWhileTheTableGrowsUnderThem() throws Exception {
        listener.answering(l -> l.respond(destinationOf(indexOf(l.request().destination()))));
        MemoryDevice d = dynamicDevice(listener);
        SplittableRandom random = new SplittableRandom(5);
        List<Integer> expected = new ArrayList<>();
        int fresh = 0;
        while (fresh < MACS) {
            // 32 frames: 12 new MACs twice each (an insert may grow the table between the two,
            // and under the probes of the known MACs) and 8 MACs already VALID.
            List<Integer> burst = new ArrayList<>();
            for (int k = 0; k < 12 && fresh < MACS; k++, fresh++) {
                burst.add(fresh);
                burst.add(fresh);
            }
            int known = fresh - burst.size() / 2;
            for (int k = 0; k < 8 && known > 0; k++) {
                burst.add(random.nextInt(known));
            }
            Collections.shuffle(burst, new Random(random.nextLong()));
            d.transmitAll(burst.stream().map(n -> frameTo(macNumber(n), n)).toList());
            expected.addAll(burst);
        }

        assertEquals(MACS, listener.count(), "one miss per MAC");
        assertEquals(
                listener.count(),
                listener.batches().stream().mapToInt(List::size).sum(),
                "every miss came in a burst's batch");
        List<Transmission> sent = d.transmitted();
        assertEquals(expected.size(), sent.size(), "every frame was sent");
        for (Transmission t : sent) {
            int n = idOf(t.frame());
            assertEquals(macNumber(n), MacAddress.of(MacHeader.destination(t.frame())));
            assertEquals(destinationOf(n), t.target(), () -> "frame to MAC number " + n);
        }
        assertEquals(
                expected.stream().sorted().toList(),
                sent.stream().map(t -> idOf(t.frame())).sorted().toList());
        for (int n = 0; n < MACS; n++) {
            assertEquals(Optional.of(CacheEntry.to(macNumber(n), destinationOf(n))), d.cacheGet(macNumber(n)));
        }
    }

    private static int indexOf(MacAddress mac) {
        Integer n = NUMBERS.get(mac);
        if (n == null) {
            throw new IllegalArgumentException("not a test MAC: " + mac);
        }
        return n;
    }
}
