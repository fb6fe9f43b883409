// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.bench;

import io.varpd.api.LookupRequest;
import io.varpd.api.MacAddress;
import io.varpd.api.PluginMode;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import io.varpd.core.internal.instance.Instance;
import io.varpd.overlay.memory.MemoryDevice;
import io.varpd.overlay.memory.MemoryDeviceStats;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Unicast lookups with a 1,000,000-entry mapping, four ways, all visiting the entries in the same {@link KeyOrder}:
 *
 * <ul>
 *   <li>{@link #baselineHashMap}: one {@code HashMap<Long, TargetPoint>.get} of the MAC, the map holding the same
 *       1,000,000 MAC to destination pairs as the file. The key objects are boxed in setup (distinct from the map's own
 *       keys, as a key made from a frame would be), so the operation is the probe alone: hash, bucket, node,
 *       {@code equals}.
 *   <li>{@link #endToEnd}, one frame per call: a guest transmits one 60-byte IPv4 frame to the MAC into the memory
 *       device. The device finds the MAC's entry not VALID, queues the frame and reports a miss; core makes a query
 *       handle and calls the files plugin, which finds the destination and replies; core hands the answer to the
 *       device, which marks the entry VALID and sends the queued frame to the underlay (recorded; no peer listens). One
 *       operation is all of that, plus 1/4096 of taking the device's record of sent frames and 1/1,000,000 of the cache
 *       flush that makes the next pass over the MACs miss again. The device's target cache holds an entry for every one
 *       of the 1,000,000 MACs: {@link FilledOverlay} sends one frame to each before the warmup and flushes, so measured
 *       operations find an existing, invalidated entry (the one-time insertion of a new MAC is not what is measured).
 *   <li>{@link #endToEndBurst}: the same operation, {@value #BURST} frames at a time, as a NIC's receive burst hands
 *       them over: the guest's frames to the next {@value #BURST} MACs enter with one {@code MemoryDevice.transmitAll};
 *       the device probes its cache for all of them before acting on any, reports the burst's misses to core together,
 *       core hands them to the plugin together ({@code PluginOps.lookupAll}), which probes its index for all before
 *       answering any. Each frame is still missed, looked up, answered and sent one by one; one operation is one frame
 *       ({@code @OperationsPerInvocation}). It measures what overlapping the table probes of different frames is worth.
 *       The figure of record for the targets since the fourth session (bench/README.md, runs G-I); {@link #endToEnd}
 *       stays as the one-frame figure.
 *   <li>{@link #endToEndSmallCache}: the same operation as {@link #endToEnd}, but the device's target cache is thrown
 *       away every {@value #SMALL_CACHE} operations (the device is disassociated and associated again, which frees the
 *       cache; this is inside the measured operation, amortized), so it never holds more than {@value #SMALL_CACHE}
 *       entries and each operation inserts a new one. It shows how much of {@link #endToEnd} is the device's
 *       million-entry cache rather than core and the plugin.
 *   <li>{@link #lookupOnly}: the same question handed straight to {@code Instance.lookup} as a {@link MinimalLookup} (a
 *       new {@code LookupRequest} per operation, as a device makes one per miss): core and the plugin, without the
 *       device.
 *   <li>{@link #lookupOnlyBatch}: {@value #BURST} such questions at a time through {@code Instance.lookupAll}: core and
 *       the plugin's batch path, without the device; one operation is one question.
 * </ul>
 *
 * Every operation must be answered OK; the overlay state checks it when the trial ends.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@Threads(1)
public class LookupBenchmark {
    /** The local guest sending the frames (not in the file; only destinations are looked up). */
    static final MacAddress GUEST = MacAddress.of(0x02_10_00_00_00_01L);
    /** Take the device's records this often (a power of two), so they stay small. */
    static final int DRAIN_EVERY = 4096;
    /** Frames per {@link #endToEndBurst} call: DPDK's customary receive burst; divides {@link #DRAIN_EVERY}. */
    static final int BURST = 32;
    /** The most entries {@link #endToEndSmallCache} lets the device's cache hold (a power of two). */
    static final int SMALL_CACHE = 65_536;

    /** The baseline: the file's pairs in a {@code HashMap}, and the keys in visiting order. */
    @State(Scope.Thread)
    public static class PlainMap {
        @Param("1000000")
        public int entries;

        HashMap<Long, TargetPoint> map;
        Long[] keys;
        int next;
        long missing;

        @Setup(Level.Trial)
        public void build() {
            map = new HashMap<>(entries * 4 / 3 + 1);
            for (int i = 0; i < entries; i++) {
                map.put(MappingFile.mac(i), MappingFile.target(i));
            }
            int[] order = KeyOrder.shuffled(entries);
            keys = new Long[entries];
            for (int j = 0; j < entries; j++) {
                keys[j] = Long.valueOf(MappingFile.mac(order[j]));
            }
        }

        @TearDown(Level.Trial)
        public void check() {
            if (missing != 0) {
                throw new IllegalStateException(missing + " baseline probes found nothing; every key is in the map");
            }
        }
    }

    /** The whole stack: a mapping file, an activated instance on a memory device, the visiting order. */
    @State(Scope.Thread)
    public static class Overlay {
        @Param("1000000")
        public int entries;

        /**
         * Which plugin answers: {@code files} (the mapping file), or {@code etcd} (the same mappings as keys in the
         * etcd at {@code -Dvarpd.bench.etcd=<endpoint>}, written there once by {@link EtcdFleet}; the MAC lookups
         * measured here are the same).
         */
        @Param("files")
        public String plugin;

        MappingFile file;
        BenchOverlay overlay;
        Instance instance;
        MemoryDevice device;
        int[] order;
        int next;
        byte[] frame;
        final MinimalLookup miss = new MinimalLookup();
        /** The questions of one {@link LookupBenchmark#lookupOnlyBatch} call, reused. */
        final List<MinimalLookup> misses = new ArrayList<>();

        long transmitted;
        long asked;

        @Setup(Level.Trial)
        public void start() throws IOException, VarpdException {
            file = MappingFile.create(entries);
            if (plugin.equals("etcd")) {
                String endpoint = System.getProperty("varpd.bench.etcd");
                if (endpoint == null) {
                    throw new IllegalStateException("plugin=etcd needs -jvmArgsAppend -Dvarpd.bench.etcd=<endpoint>");
                }
                try (io.etcd.jetcd.Client client =
                        io.etcd.jetcd.Client.builder().endpoints(endpoint).build()) {
                    EtcdFleet.fill(client, BenchOverlay.VNETID, entries);
                } catch (Exception e) {
                    throw new IllegalStateException("cannot write the mappings into etcd at " + endpoint, e);
                }
                overlay = BenchOverlay.activateEtcd(endpoint, entries);
            } else {
                overlay = BenchOverlay.activate(file.path());
            }
            instance = overlay.instance();
            device = overlay.device();
            order = KeyOrder.shuffled(entries);
            frame = Frames.ipv4(GUEST);
            prepare();
        }

        /** What a kind of overlay state does after the stack is up; nothing here. */
        void prepare() throws VarpdException {}

        /**
         * One frame to the next MAC, and the device's record of sent frames taken every
         * {@value LookupBenchmark#DRAIN_EVERY}; returns true when that was the last MAC and the walk starts over.
         */
        boolean endToEndOnce() {
            Frames.setDestination(frame, MappingFile.mac(order[next]));
            device.transmit(frame);
            if ((++transmitted & (DRAIN_EVERY - 1)) == 0) {
                device.takeTransmitted();
            }
            return advance();
        }

        /** The frame buffers of one burst, rewritten per burst; made on first use. */
        List<byte[]> burst;

        /**
         * {@value LookupBenchmark#BURST} frames to the next MACs in one {@code transmitAll}; returns true when the walk
         * started over with the last of them.
         */
        boolean endToEndBurstOnce() {
            if (burst == null) {
                if (order.length % BURST != 0) {
                    throw new IllegalStateException("endToEndBurst needs a multiple of " + BURST
                            + " entries, so a burst never spans the flush; got " + order.length);
                }
                burst = new ArrayList<>(BURST);
                for (int k = 0; k < BURST; k++) {
                    burst.add(Frames.ipv4(GUEST));
                }
            }
            boolean wrapped = false;
            for (int k = 0; k < BURST; k++) {
                Frames.setDestination(burst.get(k), MappingFile.mac(order[next]));
                wrapped |= advance();
            }
            device.transmitAll(burst);
            transmitted += BURST;
            if ((transmitted & (DRAIN_EVERY - 1)) == 0) {
                device.takeTransmitted();
            }
            return wrapped;
        }

        /** The entry the current operation visits. */
        int nextEntry() {
            return order[next];
        }

        /** Moves on; returns true when the walk starts over. */
        boolean advance() {
            if (++next == order.length) {
                next = 0;
                return true;
            }
            return false;
        }

        @TearDown(Level.Trial)
        public void check() {
            try {
                Map<String, Long> c = overlay.counters();
                MemoryDeviceStats d = device.stats();
                long lookups = transmitted + asked;
                StringBuilder wrong = new StringBuilder();
                expect(wrong, "core lookups", c.get("lookups"), lookups);
                expect(wrong, "core ok", c.get("ok"), lookups);
                expect(wrong, "core drop", c.get("drop"), 0);
                expect(wrong, "core errors", c.get("errors"), 0);
                expect(wrong, "device misses reported", d.missesReported(), transmitted);
                expect(wrong, "device frames sent", d.framesSent(), transmitted);
                expect(wrong, "device frames dropped", d.framesDropped(), 0);
                long answered = miss.answered();
                for (MinimalLookup m : misses) {
                    answered += m.answered();
                }
                expect(wrong, "minimal lookups answered", answered, asked);
                if (wrong.length() > 0) {
                    throw new IllegalStateException("the benchmark did not do what it claims:" + wrong);
                }
                System.out.printf(
                        "%nchecked: %,d end-to-end and %,d lookup-only operations, each answered OK%n",
                        transmitted, asked);
            } finally {
                overlay.close();
                file.close();
            }
        }
    }

    /**
     * The overlay with a device cache holding an invalidated entry for every MAC of the file (for {@link #endToEnd}).
     */
    @State(Scope.Thread)
    public static class FilledOverlay extends Overlay {
        @Override
        void prepare() throws VarpdException {
            for (int j = 0; j < order.length; j++) {
                endToEndOnce();
            }
            device.cacheFlush();
            System.out.printf("%nfilled: the device cache holds %,d entries, all flushed%n", order.length);
        }
    }

    static void expect(StringBuilder wrong, String what, long actual, long expected) {
        if (actual != expected) {
            wrong.append("\n  ")
                    .append(what)
                    .append(": ")
                    .append(actual)
                    .append(", expected ")
                    .append(expected);
        }
    }

    @Benchmark
    public TargetPoint baselineHashMap(PlainMap s) {
        Long key = s.keys[s.next];
        if (++s.next == s.keys.length) {
            s.next = 0;
        }
        TargetPoint t = s.map.get(key);
        if (t == null) {
            s.missing++;
        }
        return t;
    }

    @Benchmark
    public void endToEnd(FilledOverlay s) throws VarpdException {
        if (s.endToEndOnce()) {
            s.device.cacheFlush();
        }
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    public void endToEndBurst(FilledOverlay s) throws VarpdException {
        if (s.endToEndBurstOnce()) {
            s.device.cacheFlush();
        }
    }

    @Benchmark
    public void endToEndSmallCache(Overlay s) throws VarpdException {
        s.endToEndOnce();
        if ((s.transmitted & (SMALL_CACHE - 1)) == 0) {
            // Frees the cache: every entry is answered by now (the files plugin answers at once).
            s.device.disassociate();
            s.device.associate(s.instance.id(), PluginMode.DYNAMIC, null);
        }
    }

    @Benchmark
    public TargetPoint lookupOnly(Overlay s) {
        MacAddress destination = MacAddress.of(MappingFile.mac(s.nextEntry()));
        s.instance.lookup(s.miss.ask(new LookupRequest(
                BenchOverlay.VNETID, GUEST, destination, LookupRequest.ETHERTYPE_IPV4, 0, 14, Frames.MIN_FRAME - 14)));
        s.asked++;
        s.advance();
        return s.miss.answer();
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    public List<MinimalLookup> lookupOnlyBatch(Overlay s) {
        if (s.misses.isEmpty()) {
            for (int k = 0; k < BURST; k++) {
                s.misses.add(new MinimalLookup());
            }
        }
        for (MinimalLookup m : s.misses) {
            MacAddress destination = MacAddress.of(MappingFile.mac(s.nextEntry()));
            m.ask(new LookupRequest(
                    BenchOverlay.VNETID,
                    GUEST,
                    destination,
                    LookupRequest.ETHERTYPE_IPV4,
                    0,
                    14,
                    Frames.MIN_FRAME - 14));
            s.advance();
        }
        s.instance.lookupAll(s.misses);
        s.asked += BURST;
        return s.misses;
    }
}
