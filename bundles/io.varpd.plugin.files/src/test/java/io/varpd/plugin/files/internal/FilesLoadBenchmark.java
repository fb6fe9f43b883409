// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.files.internal;

import io.varpd.api.DestinationType;
import io.varpd.api.LookupRequest;
import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import io.varpd.api.plugin.LookupQuery;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A rough benchmark, run by hand (not a test): generates a mapping file, then prints how long a load takes, how much
 * heap a loaded table retains per entry, and how many lookups per second one thread gets through the plugin's lookup
 * op. A JMH module will replace it.
 *
 * <p>Arguments (all optional): entries (default 1000000), {@code full} to give every entry an {@code ndp} address too
 * (default: ip, port, arp, and a dhcp-proxy on every tenth entry). Run with {@code -Xmx2g}; see the module's report for
 * the exact command line.
 */
public final class FilesLoadBenchmark {
    private static final Set<DestinationType> VXLAN = EnumSet.of(DestinationType.IP, DestinationType.PORT);
    private static final int UNDERLAY_HOSTS = 1000;
    private static final int ROUNDS = 5;

    private FilesLoadBenchmark() {}

    public static void main(String[] args) throws Exception {
        int entries = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        boolean full = args.length > 1 && args[1].equals("full");
        Path dir = Files.createTempDirectory("files-bench");
        Path file = dir.resolve("overlay.json");
        try {
            generate(file, entries, full);
            System.out.printf(
                    "file: %,d entries (%s), %,d bytes%n",
                    entries,
                    full ? "ip, port, arp, ndp; dhcp-proxy on every 10th" : "ip, port, arp; dhcp-proxy on every 10th",
                    Files.size(file));
            load(file, entries);
            lookups(file, entries);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    private static void load(Path file, int entries) throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int round = 1; round <= ROUNDS; round++) {
            long before = settledHeap(memory);
            long start = System.nanoTime();
            MappingTable table = MappingFileReader.read(file, VXLAN);
            long nanos = System.nanoTime() - start;
            long after = settledHeap(memory);
            System.out.printf(
                    "load round %d: %,d ms; retained %,d bytes = %.1f bytes/entry; %,d entries,"
                            + " %,d distinct destinations%n",
                    round,
                    nanos / 1_000_000,
                    after - before,
                    (after - before) / (double) entries,
                    table.size(),
                    table.distinctTargets());
            // Keep the table reachable until after the second measurement.
            if (table.size() != entries) {
                throw new AssertionError("loaded " + table.size() + " entries, expected " + entries);
            }
        }
    }

    private static void lookups(Path file, int entries) throws Exception {
        FilesPlugin plugin = new FilesPlugin(FileWatcher.manual());
        FilesInstance instance = plugin.create(new NullProvider(), VXLAN);
        plugin.setProperty(instance, FilesProperties.CONFIG, file.toString());
        plugin.start(instance);
        SplittableRandom random = new SplittableRandom(42);
        TrivialQuery[] queries = new TrivialQuery[1 << 16];
        for (int i = 0; i < queries.length; i++) {
            MacAddress dst = MacAddress.of(0x02_0000_000000L + random.nextInt(entries));
            queries[i] = new TrivialQuery(new LookupRequest(
                    1, MacAddress.of(0x02_0000_000000L), dst, LookupRequest.ETHERTYPE_IPV4, 0, 14, 100));
        }
        int n = 20_000_000;
        for (int round = 1; round <= ROUNDS; round++) {
            long replies = 0;
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                TrivialQuery q = queries[i & (queries.length - 1)];
                plugin.lookup(instance, q);
                replies += q.replies;
                q.replies = 0;
            }
            long nanos = System.nanoTime() - start;
            System.out.printf(
                    "lookup round %d: %,d lookups in %,d ms = %,.0f lookups/s on one thread (%,d replied)%n",
                    round, n, nanos / 1_000_000, n * 1e9 / nanos, replies);
        }
        plugin.stop(instance);
        plugin.destroy(instance);
        plugin.deactivate();
    }

    private static long settledHeap(MemoryMXBean memory) throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private static void generate(Path file, int entries, boolean full) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("{\n");
            for (int i = 0; i < entries; i++) {
                int host = i % UNDERLAY_HOSTS;
                out.write('"');
                out.write(MacAddress.of(0x02_0000_000000L + i).toString());
                out.write("\": {\"ip\": \"10.1." + (host / 250) + "." + (host % 250 + 1) + "\", \"port\": 4789");
                out.write(", \"arp\": \"100." + (64 + (i >>> 16)) + "." + ((i >>> 8) & 0xff) + "." + (i & 0xff) + "\"");
                if (full) {
                    out.write(", \"ndp\": \"fd00::" + Integer.toHexString(i >>> 16) + ":"
                            + Integer.toHexString(i & 0xffff) + "\"");
                }
                if (i % 10 == 0) {
                    out.write(", \"dhcp-proxy\": \"02:ff:00:00:00:01\"");
                }
                out.write(i + 1 < entries ? "},\n" : "}\n");
            }
            out.write("}\n");
        }
    }

    /** A query that only counts answers, reusable (unlike a real one). */
    private static final class TrivialQuery implements LookupQuery {
        private final LookupRequest request;
        long replies;

        TrivialQuery(LookupRequest request) {
            this.request = request;
        }

        @Override
        public LookupRequest request() {
            return request;
        }

        @Override
        public boolean reply(TargetPoint target) {
            replies++;
            return true;
        }

        @Override
        public boolean drop() {
            return true;
        }

        @Override
        public boolean isAnswered() {
            return false;
        }

        @Override
        public void proxyArp() {}

        @Override
        public void proxyNdp() {}

        @Override
        public void proxyDhcp() {}
    }

    /** A provider that ignores everything. */
    private static final class NullProvider implements io.varpd.api.plugin.ProviderHandle {
        @Override
        public long instanceId() {
            return 1;
        }

        @Override
        public long vnetid() {
            return 1;
        }

        @Override
        public String linkName() {
            return "bench0";
        }

        @Override
        public void injectTarget(MacAddress mac, TargetPoint target) {}

        @Override
        public void injectGratuitousArp(
                int vlan, MacAddress source, java.net.Inet4Address ip, MacAddress destination) {}

        @Override
        public void injectUnsolicitedAdvertisement(int vlan, MacAddress source, java.net.Inet6Address ip) {}

        @Override
        public void degrade(String message) {}

        @Override
        public void restore() {}
    }
}
