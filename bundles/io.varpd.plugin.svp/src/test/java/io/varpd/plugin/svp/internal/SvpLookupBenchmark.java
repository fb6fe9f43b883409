// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal;

import io.varpd.api.LookupRequest;
import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import io.varpd.api.plugin.LookupQuery;
import io.varpd.plugin.svp.internal.remote.RemoteKey;
import io.varpd.plugin.svp.internal.remote.RemoteRegistry;
import io.varpd.plugin.svp.internal.remote.SvpTiming;
import java.net.BindException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A rough benchmark, run by hand (not a test): VL2 lookups per second through the plugin's lookup op against
 * {@link FakeSvpServer} on loopback, with a window of lookups in flight (pipelining), over one connection and over
 * several (a host name resolving to 127.0.0.1, .2, ...), with the p50/p99/p99.9 latency from lookup to answer. The fake
 * server runs in the same JVM and competes for the same cores, so the figures are a floor for the client.
 *
 * <p>Arguments (all optional): lookups per run (default 2000000), window (default 256), connections for the second run
 * (default 4).
 */
public final class SvpLookupBenchmark {
    private static final long VNET = 4242;
    private static final int MACS = 10_000;

    private SvpLookupBenchmark() {}

    /** A lookup query that records its latency and frees a window slot. */
    private static final class BenchQuery implements LookupQuery {
        private final LookupRequest request;
        private final long[] latencies;
        private final int index;
        private final Semaphore window;
        private final AtomicLong drops;
        private final long start = System.nanoTime();

        BenchQuery(LookupRequest request, long[] latencies, int index, Semaphore window, AtomicLong drops) {
            this.request = request;
            this.latencies = latencies;
            this.index = index;
            this.window = window;
            this.drops = drops;
        }

        @Override
        public LookupRequest request() {
            return request;
        }

        @Override
        public boolean reply(TargetPoint target) {
            latencies[index] = System.nanoTime() - start;
            window.release();
            return true;
        }

        @Override
        public boolean drop() {
            latencies[index] = System.nanoTime() - start;
            drops.incrementAndGet();
            window.release();
            return true;
        }

        @Override
        public boolean isAnswered() {
            return latencies[index] != 0;
        }

        @Override
        public void proxyArp() {
            throw new AssertionError();
        }

        @Override
        public void proxyNdp() {
            throw new AssertionError();
        }

        @Override
        public void proxyDhcp() {
            throw new AssertionError();
        }
    }

    public static void main(String[] args) throws Exception {
        int lookups = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        int window = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        int connections = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        System.out.printf(
                "java %s, %d cores; %,d lookups per run, %d in flight, %,d known MACs%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), lookups, window, MACS);
        run("1 connection, window " + window, 1, lookups, window);
        run("1 connection, window 1 (no pipelining)", 1, Math.min(lookups, 100_000), 1);
        run(connections + " connections, window " + window, connections, lookups, window);
    }

    private static SvpTiming timing() {
        SvpTiming d = SvpTiming.DEFAULT;
        // The original's timeouts, but connect at once and no shootdown rounds during the run.
        return new SvpTiming(
                Duration.ofMillis(1),
                d.connectBackoff(),
                d.connectTimeout(),
                d.queryTimeout(),
                d.queryCheckPeriod(),
                d.dnsRefresh(),
                d.dnsRetryMin(),
                d.dnsRetryMax(),
                d.dnsTemporaryFailuresBeforeDegrade(),
                Duration.ofHours(1),
                Duration.ofHours(1),
                d.logContinue());
    }

    private static void run(String name, int connections, int lookups, int window) throws Exception {
        List<FakeSvpServer> servers = startServers(connections);
        MacAddress[] macs = new MacAddress[MACS];
        for (int i = 0; i < MACS; i++) {
            macs[i] = MacAddress.of(0x02_00_00_00_00_00L + i);
            for (FakeSvpServer s : servers) {
                s.putVl2(macs[i], VNET, SvpTestKit.ip("10.88." + (i >> 8 & 0xff) + "." + (i & 0xff)), 4789);
            }
        }
        FakeResolver resolver = new FakeResolver();
        resolver.answer(servers.stream().map(FakeSvpServer::address).toArray(InetAddress[]::new));
        RemoteRegistry registry = RemoteRegistry.start(timing(), resolver, 1);
        SvpPlugin plugin = new SvpPlugin(registry);
        try {
            SvpInstance instance = plugin.create(new FakeProvider(VNET), SvpTestKit.VXLAN);
            plugin.setProperty(instance, SvpProperties.HOST, "portolan.bench");
            plugin.setProperty(
                    instance, SvpProperties.PORT, (long) servers.get(0).port());
            plugin.setProperty(instance, SvpProperties.UNDERLAY_IP, SvpTestKit.UNDERLAY);
            plugin.start(instance);
            SvpTestKit.awaitActive(
                    registry, new RemoteKey("portolan.bench", servers.get(0).port(), SvpTestKit.UNDERLAY), connections);
            LookupRequest[] requests = new LookupRequest[MACS];
            for (int i = 0; i < MACS; i++) {
                requests[i] = new LookupRequest(
                        VNET, MacAddress.of(0x02_ff_00_00_00_01L), macs[i], LookupRequest.ETHERTYPE_IPV4, 0, 14, 86);
            }
            // Warm-up, then the measured run.
            measure(plugin, instance, requests, Math.min(lookups, 200_000), window);
            long[] latencies = new long[lookups];
            AtomicLong drops = new AtomicLong();
            Semaphore slots = new Semaphore(window);
            long start = System.nanoTime();
            for (int i = 0; i < lookups; i++) {
                slots.acquireUninterruptibly();
                plugin.lookup(instance, new BenchQuery(requests[i % MACS], latencies, i, slots, drops));
            }
            slots.acquireUninterruptibly(window);
            long elapsed = System.nanoTime() - start;
            Arrays.sort(latencies);
            System.out.printf(
                    "%-45s %,10.0f lookups/s  p50 %7.1f us  p99 %7.1f us  p99.9 %7.1f us  max %8.1f us"
                            + "  drops %d%n",
                    name,
                    lookups / (elapsed / 1e9),
                    pct(latencies, 50),
                    pct(latencies, 99),
                    pct(latencies, 99.9),
                    latencies[latencies.length - 1] / 1e3,
                    drops.get());
            plugin.stop(instance);
        } finally {
            plugin.deactivate();
            for (FakeSvpServer s : servers) {
                s.close();
            }
        }
    }

    private static void measure(SvpPlugin plugin, SvpInstance instance, LookupRequest[] requests, int n, int window) {
        long[] latencies = new long[n];
        Semaphore slots = new Semaphore(window);
        AtomicLong drops = new AtomicLong();
        for (int i = 0; i < n; i++) {
            slots.acquireUninterruptibly();
            plugin.lookup(instance, new BenchQuery(requests[i % requests.length], latencies, i, slots, drops));
        }
        slots.acquireUninterruptibly(window);
    }

    private static double pct(long[] sorted, double p) {
        int i = (int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1e3;
    }

    /** {@code n} quiet servers on 127.0.0.1 .. 127.0.0.n, one port. */
    private static List<FakeSvpServer> startServers(int n) throws Exception {
        for (int attempt = 0; ; attempt++) {
            List<FakeSvpServer> servers = new ArrayList<>();
            servers.add(FakeSvpServer.start(SvpTestKit.ip("127.0.0.1"), 0, true));
            try {
                for (int i = 2; i <= n; i++) {
                    servers.add(FakeSvpServer.start(
                            SvpTestKit.ip("127.0.0." + i), servers.get(0).port(), true));
                }
                return servers;
            } catch (BindException e) {
                for (FakeSvpServer s : servers) {
                    s.close();
                }
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }
}
