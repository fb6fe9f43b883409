// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.etcd.internal;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.varpd.api.DestinationType;
import io.varpd.api.MacAddress;
import io.varpd.bench.EtcdFleet;
import io.varpd.bench.MappingFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * How long a change written to etcd takes to reach every host of a fleet: {@code hosts} etcd plugin instances in this
 * JVM, each with its own client, watch and sync thread, as that many varpd hosts would have, all serving one network of
 * {@value #KEYS} MACs.
 *
 * <p>Each round moves one MAC to another underlay host with one put, and each instance's clock stops when it tells its
 * device to forget that MAC (the last step of applying the change). The latency of a host is that moment minus the
 * moment just before the put was sent, so it includes etcd's commit. Rounds are {@code gap} ms apart; p50, p99 and the
 * worst over every host of every round are printed, and the same for the put alone (until etcd answered it).
 *
 * <p>Arguments: endpoint, hosts (default 200), rounds (default 100), gap in ms (default 100).
 */
public final class EtcdFanoutBenchmark {
    static final long VNET = 77;
    static final int KEYS = 100;

    private EtcdFanoutBenchmark() {}

    public static void main(String[] args) throws Exception {
        String endpoint = args[0];
        int hosts = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        int gap = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        long[][] seen = new long[rounds][hosts];
        int[] round = {-1};

        try (Client writer = Client.builder().endpoints(endpoint).build()) {
            for (int i = 0; i < KEYS; i++) {
                // Hosts 500 and up at first; the rounds use hosts 0-499, so each put is a move.
                put(writer, i, 500 + i);
            }
            EtcdPlugin plugin = new EtcdPlugin();
            List<EtcdInstance> instances = new ArrayList<>();
            long startBegin = System.nanoTime();
            for (int h = 0; h < hosts; h++) {
                int host = h;
                BenchProvider provider = new BenchProvider("host" + h, VNET, mac -> {
                    int r;
                    synchronized (round) {
                        r = round[0];
                    }
                    if (r >= 0 && mac == macOf(r) && seen[r][host] == 0) {
                        seen[r][host] = System.nanoTime();
                    }
                });
                EtcdInstance state = plugin.create(provider, EnumSet.of(DestinationType.IP, DestinationType.PORT));
                plugin.setProperty(state, EtcdProperties.ENDPOINTS, endpoint);
                plugin.start(state);
                if (state.copy().size() != KEYS) {
                    throw new IllegalStateException(
                            "host " + h + " started with " + state.copy().size() + " MACs");
                }
                instances.add(state);
            }
            System.out.printf(
                    Locale.ROOT,
                    "%d instances started in %,d ms, %d threads in this JVM%n",
                    hosts,
                    (System.nanoTime() - startBegin) / 1_000_000,
                    Thread.activeCount());
            Thread.sleep(2000);

            long[] latencies = new long[rounds * hosts];
            long[] commits = new long[rounds];
            int n = 0;
            int missed = 0;
            for (int r = 0; r < rounds; r++) {
                synchronized (round) {
                    round[0] = r;
                }
                long t0 = System.nanoTime();
                put(writer, r % KEYS, r % 500);
                commits[r] = System.nanoTime() - t0;
                long deadline = t0 + TimeUnit.SECONDS.toNanos(5);
                while (System.nanoTime() < deadline && !all(seen[r])) {
                    Thread.sleep(1);
                }
                for (int h = 0; h < hosts; h++) {
                    if (seen[r][h] == 0) {
                        missed++;
                    } else {
                        latencies[n++] = seen[r][h] - t0;
                    }
                }
                Thread.sleep(gap);
            }
            long[] sorted = Arrays.copyOf(latencies, n);
            Arrays.sort(sorted);
            System.out.printf(
                    Locale.ROOT,
                    "%d hosts x %d changes: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, worst %.1f ms;"
                            + " %d deliveries missing after 5 s%n",
                    hosts,
                    rounds,
                    ms(sorted, 0.50),
                    ms(sorted, 0.90),
                    ms(sorted, 0.99),
                    sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6,
                    missed);
            Arrays.sort(commits);
            System.out.printf(
                    Locale.ROOT,
                    "the put itself (until etcd answered it): p50 %.1f ms, p99 %.1f ms, worst" + " %.1f ms%n",
                    ms(commits, 0.50),
                    ms(commits, 0.99),
                    commits[commits.length - 1] / 1e6);
            for (EtcdInstance state : instances) {
                plugin.stop(state);
            }
        }
    }

    private static double ms(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    private static boolean all(long[] times) {
        for (long t : times) {
            if (t == 0) {
                return false;
            }
        }
        return true;
    }

    static long macOf(int round) {
        return MappingFile.mac(round % KEYS);
    }

    private static void put(Client writer, int i, int host) throws Exception {
        writer.getKVClient()
                .put(
                        ByteSequence.from(
                                EtcdFleet.prefix(VNET) + "mac/" + MacAddress.of(MappingFile.mac(i)),
                                StandardCharsets.UTF_8),
                        ByteSequence.from(EtcdFleet.value(host), StandardCharsets.UTF_8))
                .get(10, TimeUnit.SECONDS);
    }
}
