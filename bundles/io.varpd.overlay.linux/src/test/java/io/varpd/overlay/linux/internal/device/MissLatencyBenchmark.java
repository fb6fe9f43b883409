package io.varpd.overlay.linux.internal.device;

import io.varpd.api.IpAddresses;
import io.varpd.api.MacAddress;
import io.varpd.api.PluginMode;
import io.varpd.api.TargetPoint;
import io.varpd.api.device.AddressLookup;
import io.varpd.api.device.DeviceListener;
import io.varpd.api.device.DeviceLookup;
import io.varpd.api.device.DeviceSettings;
import io.varpd.overlay.linux.internal.socket.NetworkNamespace;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Miss-to-installed latency and misses handled per second, against the real kernel in two
 * namespaces of our own (run as root; not a test). The clock starts when a UDP packet is sent from
 * inside host A and stops when the answer's last kernel ACK arrived, so it covers the kernel's
 * miss, the netlink multicast, the monitor thread, the dispatcher, the listener and the installs.
 *
 * <ul>
 * <li>L2: N permanent neighbours without FDB entries; one packet each; one FDB install each.</li>
 * <li>app probe: N/4 addresses nobody resolved; one packet each; FDB + neighbour install each, one
 * at a time and then as a burst.</li>
 * <li>storm: 20,000 packets to one MAC the listener drops: how many misses reach the listener.</li>
 * </ul>
 * Usage, as root from the module directory after {@code mvn test-compile} (default N = 2000 L2
 * misses, N/4 app probes):
 * <pre>
 * mvn -q -o dependency:build-classpath -Dmdep.outputFile=/tmp/linux-cp.txt
 * java -cp target/classes:target/test-classes:$(cat /tmp/linux-cp.txt) \
 *     io.varpd.overlay.linux.internal.device.MissLatencyBenchmark [N]
 * </pre>
 * Report the machine's load ({@code uptime}) with the figures: on two cores a busy neighbour
 * process makes any thread wake-up wait up to a scheduler tick, which is what the p99 shows.
 */
public final class MissLatencyBenchmark {
    private static final int PORT = 4789;

    private final Map<MacAddress, Long> sentAt = new ConcurrentHashMap<>();
    private final Map<InetAddress, Long> sentAtIp = new ConcurrentHashMap<>();
    private final Map<InetAddress, MacAddress> macOf = new ConcurrentHashMap<>();
    private long[] latencies;
    private int done;
    private CountDownLatch all;
    private long lastInstalled;
    private final java.util.concurrent.Semaphore installed = new java.util.concurrent.Semaphore(0);

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        try (TestNamespaces ns = new TestNamespaces()) {
            TestNamespaces.assumeUsable();
            String a = ns.add("ba");
            String b = ns.add("bb");
            ns.underlay(a, "192.0.2.1/24", b, "192.0.2.2/24", "ul0");
            new MissLatencyBenchmark().l2(a, n, true); // warm-up, discarded below by running again
            new MissLatencyBenchmark().l2(a, n, true);
            new MissLatencyBenchmark().l2(a, n, false);
            new MissLatencyBenchmark().appProbes(a, Math.max(1, n / 4), true);
            new MissLatencyBenchmark().appProbes(a, Math.max(1, n / 4), false);
            new MissLatencyBenchmark().storm(a, 20_000);
        }
    }

    private static InetAddress overlay(int i) throws Exception {
        return InetAddress.getByAddress(new byte[] {10, 42, (byte) (1 + i / 250), (byte) (1 + i % 250)});
    }

    private static MacAddress mac(int i) {
        return MacAddress.of(0x0242_0000_0000L + i);
    }

    private LinuxOverlayDevice open(LinuxDeviceProvider p, String ns, String link, long vni, DeviceListener l)
            throws Exception {
        Map<String, Object> extra = new HashMap<>();
        extra.put(LinuxSettings.NETNS, ns);
        extra.put(LinuxSettings.UNDERLAY, "ul0");
        LinuxOverlayDevice d = p.open(new DeviceSettings(link, vni, IpAddresses.parse("192.0.2.1").orElseThrow(), PORT,
                extra), l);
        d.associate(1, PluginMode.DYNAMIC, null);
        Shell.must("ip", "-n", ns, "addr", "add", "10.42.0.1/16", "dev", link);
        return d;
    }

    private static void blast(String ns, InetAddress[] targets, int repeat) throws Exception {
        NetworkNamespace.call(ns, () -> {
            try (DatagramSocket s = new DatagramSocket()) {
                byte[] payload = new byte[32];
                for (int r = 0; r < repeat; r++) {
                    for (InetAddress t : targets) {
                        s.send(new DatagramPacket(payload, payload.length, t, 9));
                    }
                }
            }
            return null;
        });
    }

    private void record(long t0) {
        long now = System.nanoTime();
        synchronized (this) {
            latencies[done++] = now - t0;
            lastInstalled = now;
        }
        all.countDown();
        installed.release();
    }

    private void l2(String ns, int n, boolean oneByOne) throws Exception {
        latencies = new long[n];
        all = new CountDownLatch(n);
        TargetPoint far = TargetPoint.of(IpAddresses.parse("192.0.2.2").orElseThrow(), PORT);
        DeviceListener l = new DeviceListener() {
            @Override
            public void lookup(DeviceLookup lookup) {
                MacAddress m = lookup.request().destination();
                lookup.respond(far);
                Long t0 = sentAt.remove(m);
                if (t0 != null) {
                    record(t0);
                }
            }
        };
        LinuxDeviceProvider p = new LinuxDeviceProvider();
        LinuxOverlayDevice d = open(p, ns, "bx0", 100, l);
        try {
            InetAddress[] ips = new InetAddress[n];
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < n; i++) {
                ips[i] = overlay(i);
                batch.append("neigh replace ").append(ips[i].getHostAddress()).append(" lladdr ").append(mac(i))
                        .append(" dev bx0 nud permanent\n");
            }
            java.nio.file.Path f = java.nio.file.Files.createTempFile("neigh", ".batch");
            java.nio.file.Files.writeString(f, batch);
            Shell.must("ip", "-n", ns, "-batch", f.toString());
            java.nio.file.Files.delete(f);
            long start = System.nanoTime();
            NetworkNamespace.call(ns, () -> {
                try (DatagramSocket s = new DatagramSocket()) {
                    byte[] payload = new byte[32];
                    for (int i = 0; i < n; i++) {
                        sentAt.put(mac(i), System.nanoTime());
                        s.send(new DatagramPacket(payload, payload.length, ips[i], 9));
                        if (oneByOne) {
                            // The next miss only once this one is installed: latency without queueing.
                            // Blocking, not spinning: a spinning sender would take one of the two cores.
                            installed.acquire();
                        }
                    }
                }
                return null;
            });
            boolean complete = all.await(60, TimeUnit.SECONDS);
            report(oneByOne ? "L2 miss -> FDB installed, one at a time" : "L2 miss -> FDB installed, burst of " + n,
                    start, complete, d);
        } finally {
            d.close();
        }
    }

    private void appProbes(String ns, int n, boolean oneByOne) throws Exception {
        latencies = new long[n];
        all = new CountDownLatch(n);
        TargetPoint far = TargetPoint.of(IpAddresses.parse("192.0.2.2").orElseThrow(), PORT);
        InetAddress[] ips = new InetAddress[n];
        for (int i = 0; i < n; i++) {
            ips[i] = overlay(i);
            macOf.put(ips[i], mac(i));
        }
        DeviceListener l = new DeviceListener() {
            @Override
            public void lookup(DeviceLookup lookup) {
                lookup.respond(far);
            }

            @Override
            public void resolve(AddressLookup lookup) {
                MacAddress m = macOf.get(lookup.address());
                if (m == null) {
                    lookup.unresolved("unknown");
                    return;
                }
                lookup.resolved(m, far);
                Long t0 = sentAtIp.remove(lookup.address());
                if (t0 != null) {
                    record(t0);
                }
            }
        };
        LinuxDeviceProvider p = new LinuxDeviceProvider();
        LinuxOverlayDevice d = open(p, ns, oneByOne ? "bx1" : "bx3", oneByOne ? 101 : 103, l);
        try {
            long start = System.nanoTime();
            NetworkNamespace.call(ns, () -> {
                try (DatagramSocket s = new DatagramSocket()) {
                    byte[] payload = new byte[32];
                    for (int i = 0; i < n; i++) {
                        sentAtIp.put(ips[i], System.nanoTime());
                        s.send(new DatagramPacket(payload, payload.length, ips[i], 9));
                        if (oneByOne) {
                            installed.acquire();
                        }
                    }
                }
                return null;
            });
            boolean complete = all.await(60, TimeUnit.SECONDS);
            report(oneByOne ? "app probe -> FDB + neighbour installed, one at a time"
                    : "app probe -> FDB + neighbour installed, burst of " + n, start, complete, d);
        } finally {
            d.close();
        }
    }

    private void storm(String ns, int packets) throws Exception {
        DeviceListener dropAll = new DeviceListener() {
            @Override
            public void lookup(DeviceLookup lookup) {
                lookup.drop();
            }
        };
        LinuxDeviceProvider p = new LinuxDeviceProvider();
        LinuxOverlayDevice d = open(p, ns, "bx2", 102, dropAll);
        try {
            Shell.must("ip", "-n", ns, "neigh", "replace", "10.42.9.9", "lladdr", "02:42:00:00:99:99", "dev", "bx2", "nud",
                    "permanent");
            long start = System.nanoTime();
            blast(ns, new InetAddress[] {IpAddresses.parse("10.42.9.9").orElseThrow()}, packets);
            long sent = System.nanoTime() - start;
            // Give the monitor time to drain what the kernel queued (no assertion rides on this).
            Thread.sleep(1000);
            LinuxDeviceCounters c = d.linuxCounters();
            System.out.printf("storm: %d packets to one unknown MAC in %.1f ms: %d misses received, %d reported to the"
                    + " listener, %d suppressed (in flight / negative cache), %d ENOBUFS so far in the namespace%n",
                    packets, sent / 1e6, c.missesReceived.get(), c.missesReported.get(), c.missesSuppressed.get(),
                    d.notificationsLost());
        } finally {
            d.close();
        }
    }

    private void report(String what, long start, boolean complete, LinuxOverlayDevice d) {
        long[] l;
        long end;
        synchronized (this) {
            l = Arrays.copyOf(latencies, done);
            end = lastInstalled;
        }
        Arrays.sort(l);
        if (l.length == 0) {
            System.out.println(what + ": nothing installed; " + d.linuxCounters());
            return;
        }
        double seconds = (end - start) / 1e9;
        System.out.printf("%s: %d of %d%s; latency p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms;"
                + " %.0f misses handled/s; counters %s; ENOBUFS %d%n", what, l.length, latencies.length,
                complete ? "" : " (timed out)", l[l.length / 2] / 1e6, l[(int) (l.length * 0.9)] / 1e6,
                l[Math.min(l.length - 1, (int) (l.length * 0.99))] / 1e6, l[l.length - 1] / 1e6, l.length / seconds,
                d.linuxCounters(), d.notificationsLost());
    }
}
