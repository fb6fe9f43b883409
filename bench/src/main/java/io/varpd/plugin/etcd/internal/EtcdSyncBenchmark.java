// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.etcd.internal;

import io.etcd.jetcd.Client;
import io.varpd.api.DestinationType;
import io.varpd.bench.EtcdFleet;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/**
 * The etcd plugin's initial sync of a large network: how long from {@code start} until the copy holds every MAC, and
 * how many bytes of heap the copy retains per MAC. In this package (on the benchmark's class path only) to see the
 * copy's size; it uses the plugin as core would.
 *
 * <p>Heap, per round, from "used after full collections" (the smallest of five {@code System.gc()} readings; run with
 * {@code -XX:+UseSerialGC}, whose collections compact): {@code h0} with nothing started; {@code h1} with one instance
 * started on an empty network (its client, threads and buffers); {@code h2} with a second instance started on the big
 * network. {@code (h2 - h1) / entries} is the whole second instance per MAC, client included (an upper bound);
 * {@code (h2 - h1 - (h1 - h0)) / entries} takes one client's cost out: the copy alone.
 *
 * <p>Arguments: endpoint, entries (default 1000000), rounds (default 3), etcd's pid (optional: its CPU time during the
 * sync is printed too). The network is {@link io.varpd.bench.BenchOverlay#VNETID}; {@link EtcdFleet} writes it when it
 * is not there.
 */
public final class EtcdSyncBenchmark {
    private static final long EMPTY_VNET = 1;

    private EtcdSyncBenchmark() {}

    public static void main(String[] args) throws Exception {
        String endpoint = args[0];
        int entries = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        String etcdPid = args.length > 3 ? args[3] : null;
        long vnet = io.varpd.bench.BenchOverlay.VNETID;
        List<String> collectors = new ArrayList<>();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            collectors.add(gc.getName());
        }
        System.out.printf(
                Locale.ROOT,
                "java %s, collectors %s, max heap %,d MB, %d CPUs%n",
                System.getProperty("java.version"),
                collectors,
                Runtime.getRuntime().maxMemory() >> 20,
                Runtime.getRuntime().availableProcessors());
        try (Client client = Client.builder().endpoints(endpoint).build()) {
            EtcdFleet.fill(client, vnet, entries);
            if (EtcdFleet.count(client, EMPTY_VNET) != 0) {
                throw new IllegalStateException("network " + EMPTY_VNET + " is meant to be empty");
            }
        }
        EtcdPlugin plugin = new EtcdPlugin();
        for (int round = 1; round <= rounds; round++) {
            long h0 = settledHeap();
            EtcdInstance empty = started(plugin, endpoint, EMPTY_VNET);
            long h1 = settledHeap();

            long cpu0 = processCpu();
            long etcd0 = etcdCpu(etcdPid);
            long begin = System.nanoTime();
            EtcdInstance big = started(plugin, endpoint, vnet);
            long started = System.nanoTime();
            while (big.copy().size() < entries) {
                Thread.sleep(1);
            }
            long full = System.nanoTime();
            long cpu = (processCpu() - cpu0) / 1_000_000;
            long etcdMs = etcdCpu(etcdPid) - etcd0;
            if (big.copy().size() != entries || big.copy().badCount() != 0) {
                throw new IllegalStateException("copy of " + big.copy().size() + " MACs and "
                        + big.copy().badCount() + " bad keys, expected " + entries + " MACs");
            }
            long h2 = settledHeap();
            System.out.printf(
                    Locale.ROOT,
                    "round %d: start returned after %,d ms, %,d MACs in the copy after %,d ms;"
                            + " one client %,d bytes; second instance %,d bytes = %.1f bytes/MAC, without one client's"
                            + " %.1f bytes/MAC; CPU meanwhile: this JVM %,d ms, etcd %s%n",
                    round,
                    (started - begin) / 1_000_000,
                    entries,
                    (full - begin) / 1_000_000,
                    h1 - h0,
                    h2 - h1,
                    (h2 - h1) / (double) entries,
                    (h2 - h1 - (h1 - h0)) / (double) entries,
                    cpu,
                    etcdPid == null ? "(pid not given)" : String.format(Locale.ROOT, "%,d ms", etcdMs));
            plugin.stop(big);
            plugin.stop(empty);
        }
    }

    private static EtcdInstance started(EtcdPlugin plugin, String endpoint, long vnet) throws Exception {
        EtcdInstance state = plugin.create(
                new BenchProvider("sync" + vnet, vnet, mac -> {}),
                EnumSet.of(DestinationType.IP, DestinationType.PORT));
        plugin.setProperty(state, EtcdProperties.ENDPOINTS, endpoint);
        plugin.start(state);
        return state;
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** The CPU time etcd's process used so far, in ms (from /proc; clock ticks of 10 ms), or 0. */
    private static long etcdCpu(String pid) throws java.io.IOException {
        if (pid == null) {
            return 0;
        }
        String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", pid, "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // utime and stime are fields 14 and 15 of stat, 12 and 13 after the name.
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
    }

    static long settledHeap() throws InterruptedException {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
            least = Math.min(
                    least,
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return least;
    }
}
