// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Heap retained per mapping entry, measured from heap usage after full collections (JMH has no memory mode). Run it on
 * its own JVM, ideally with {@code -XX:+UseSerialGC}: the serial collector compacts, so "used after GC" is the live
 * bytes; with G1, large arrays fill whole regions and the figure is slightly higher.
 *
 * <p>Method, per round: collect until settled (five {@code System.gc()} calls, the smallest {@code used} of the heap
 * taken), activate an overlay on a generated file (the plugin loads it), collect until settled again; the difference
 * divided by the entries is the retained memory per entry of the loaded mapping (plugin table and indexes, plus the
 * instance's and device's fixed few kilobytes, which are nothing per entry). The overlay stays reachable until after
 * the second reading. In the last round, the guest then sends one frame to every MAC (all answered), and the growth of
 * the heap per MAC is printed too: the memory device's target cache, which is not part of the target (the kernel holds
 * that cache in a real deployment), shown for information.
 *
 * <p>Arguments: entries (default 1000000), rounds (default 3).
 */
public final class RetainedMemory {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private RetainedMemory() {}

    public static void main(String[] args) throws Exception {
        int entries = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<String> collectors = new ArrayList<>();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            collectors.add(gc.getName());
        }
        System.out.printf(
                Locale.ROOT,
                "java %s, collectors %s, max heap %,d MB%n",
                System.getProperty("java.version"),
                collectors,
                Runtime.getRuntime().maxMemory() >> 20);
        try (MappingFile file = MappingFile.create(entries)) {
            System.out.printf(Locale.ROOT, "file: %,d entries, %,d bytes%n", entries, Files.size(file.path()));
            for (int round = 1; round <= rounds; round++) {
                long before = settledHeap();
                BenchOverlay overlay = BenchOverlay.activate(file.path());
                long loaded = settledHeap();
                System.out.printf(
                        Locale.ROOT,
                        "round %d: loaded mapping retains %,d bytes = %.1f bytes/entry%n",
                        round,
                        loaded - before,
                        (loaded - before) / (double) entries);
                if (round == rounds) {
                    long cached = fillDeviceCache(overlay, entries);
                    System.out.printf(
                            Locale.ROOT,
                            "round %d: memory device target cache with %,d VALID entries"
                                    + " retains %,d bytes = %.1f bytes/entry (informational)%n",
                            round,
                            entries,
                            cached - loaded,
                            (cached - loaded) / (double) entries);
                }
                overlay.close();
            }
        }
    }

    /** Sends one frame to every MAC of the file; returns the settled heap afterwards. */
    private static long fillDeviceCache(BenchOverlay overlay, int entries) {
        byte[] frame = Frames.ipv4(LookupBenchmark.GUEST);
        int sent = 0;
        for (int i : KeyOrder.shuffled(entries)) {
            Frames.setDestination(frame, MappingFile.mac(i));
            overlay.device().transmit(frame);
            if ((++sent & (LookupBenchmark.DRAIN_EVERY - 1)) == 0) {
                overlay.device().takeTransmitted();
            }
        }
        overlay.device().takeTransmitted();
        long ok = overlay.counters().get("ok");
        if (ok != entries) {
            throw new IllegalStateException(ok + " of " + entries + " lookups answered OK");
        }
        return settledHeap();
    }

    private static long settledHeap() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, MEMORY.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
