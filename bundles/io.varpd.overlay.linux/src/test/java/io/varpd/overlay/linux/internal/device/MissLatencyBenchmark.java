// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.device;

import io.varpd.api.IpAddresses;
import io.varpd.api.MacAddress;
import io.varpd.api.PluginMode;
import io.varpd.api.TargetPoint;
import io.varpd.api.device.AddressLookup;
import io.varpd.api.device.DeviceListener;
import io.varpd.api.device.DeviceLookup;
import io.varpd.api.device.DeviceSettings;
import io.varpd.overlay.linux.internal.netlink.MessageSplitter;
import io.varpd.overlay.linux.internal.netlink.NeighbourMiss;
import io.varpd.overlay.linux.internal.netlink.Netlink;
import io.varpd.overlay.linux.internal.netlink.RequestPacker;
import io.varpd.overlay.linux.internal.netlink.Rtnetlink;
import io.varpd.overlay.linux.internal.netlink.TypeFilter;
import io.varpd.overlay.linux.internal.socket.BatchChannel;
import io.varpd.overlay.linux.internal.socket.KernelException;
import io.varpd.overlay.linux.internal.socket.NetlinkSocket;
import io.varpd.overlay.linux.internal.socket.NetworkNamespace;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Miss-to-installed latency and misses handled per second, against the real kernel in two namespaces of our own (run as
 * root; not a test), for varpd's Linux device and, side by side, for a minimal loop with no varpd logic in it: what the
 * kernel allows.
 *
 * <p>The guest side sends UDP datagrams from inside host A with {@code sendmmsg} ({@link UdpBurst}) in chunks of
 * {@value #CHUNK}; a miss's clock starts just before its chunk is sent and stops when the kernel has accepted its
 * answer (the device's install observer, called after the datagram of installs returned). So it covers the kernel's
 * miss, the netlink multicast, the monitor thread, core's stand-in (a listener that answers at once), the plugin-less
 * answer and the installs.
 *
 * <ul>
 *   <li>L2: N permanent neighbours without FDB entries; one datagram each; one FDB install each, one at a time (the
 *       next is sent once the last is installed) and as a burst of N.
 *   <li>minimal loop: the same misses on a vxlan varpd does not know, answered by one thread that reads the monitor
 *       socket in bursts ({@code recvmmsg}, as varpd), decodes each miss (the same one-pass decode) and packs one FDB
 *       request per miss into one datagram ({@code BatchChannel}): no tracker, no question objects, no listener.
 *   <li>app probe: N/4 addresses nobody resolved; FDB + neighbour install each, one at a time and then as a burst.
 *   <li>storm: 20,000 packets to one MAC the listener drops: how many misses reach the listener.
 * </ul>
 *
 * Each burst also reports the answering threads' CPU time and allocation per miss (varpd's monitor readers and
 * dispatcher, or the minimal loop's thread; {@code ThreadMXBean}): user and kernel time of the reads and installs,
 * which a busy neighbour process moves far less than the wall clock. Usage, as root from the module directory after
 * {@code mvn test-compile} (default N = 2000 L2 misses, N/4 app probes, 3 rounds; {@code bursts}: only the L2 bursts
 * and the kernel's halves):
 *
 * <pre>
 * mvn -q -o dependency:build-classpath -Dmdep.outputFile=/tmp/linux-cp.txt
 * java -cp target/classes:target/test-classes:$(cat /tmp/linux-cp.txt) \
 *     io.varpd.overlay.linux.internal.device.MissLatencyBenchmark [N] [rounds] [bursts]
 * </pre>
 *
 * Report the machine's load ({@code uptime}) with the figures: on two cores a busy neighbour process makes any thread
 * wake-up wait up to a scheduler tick, which is what the p99 shows.
 */
public final class MissLatencyBenchmark {
    private static final int PORT = 4789;
    private static final int CHUNK = 32;
    private static final long MAC_BASE = 0x0242_0000_0000L;

    /** Whether the device reports its installs (this build); else they are done when the answer returns. */
    private volatile boolean observed;

    private volatile boolean oneByOne;
    private long[] sentAt;
    private long[] doneAt;
    private final AtomicInteger done = new AtomicInteger();
    private final Semaphore installed = new Semaphore(0);
    /** CPU time of the answering threads ({@link #threadCpu}) when the burst started and when it was done. */
    private long cpuBefore;

    private long cpuAfter;
    /** Bytes the same threads allocated, when the burst started and when it was done. */
    private long allocatedBefore;

    private long allocatedAfter;

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        boolean burstsOnly = args.length > 2 && args[2].equals("bursts");
        boolean minimal = minimalLoopAvailable();
        if (!minimal) {
            System.out.println("minimal loop and kernel halves: this build has no batch socket; skipped");
        }
        try (TestNamespaces ns = new TestNamespaces()) {
            TestNamespaces.assumeUsable();
            String a = ns.add("ba");
            String b = ns.add("bb");
            ns.underlay(a, "192.0.2.1/24", b, "192.0.2.2/24", "ul0");
            for (int w = 0; w < 3; w++) { // warm-up, not reported: the JIT compiles both paths first
                new MissLatencyBenchmark().l2(a, n, false, true);
                if (minimal) {
                    new MissLatencyBenchmark().minimal(a, n, false, true);
                }
            }
            for (int r = 1; r <= rounds; r++) {
                System.out.println("-- round " + r + ", load "
                        + Files.readString(Path.of("/proc/loadavg")).trim());
                if (!burstsOnly) {
                    new MissLatencyBenchmark().l2(a, n, true, false);
                }
                new MissLatencyBenchmark().l2(a, n, false, false);
                if (minimal) {
                    if (!burstsOnly) {
                        new MissLatencyBenchmark().minimal(a, n, true, false);
                    }
                    new MissLatencyBenchmark().minimal(a, n, false, false);
                    kernelAlone(a, n);
                }
            }
            if (burstsOnly) {
                return;
            }
            new MissLatencyBenchmark().appProbes(a, Math.max(1, n / 4), true);
            new MissLatencyBenchmark().appProbes(a, Math.max(1, n / 4), false);
            new MissLatencyBenchmark().storm(a, 20_000);
        }
    }

    private static InetAddress overlay(int i) throws Exception {
        return InetAddress.getByAddress(new byte[] {10, 42, (byte) (1 + i / 250), (byte) (1 + i % 250)});
    }

    /** The index of {@link #overlay}'s address {@code a}. */
    private static int indexOf(InetAddress a) {
        int bits = a.hashCode();
        return (((bits >>> 8) & 0xff) - 1) * 250 + (bits & 0xff) - 1;
    }

    private static MacAddress mac(int i) {
        return MacAddress.of(MAC_BASE + i);
    }

    private LinuxOverlayDevice open(LinuxDeviceProvider p, String ns, String link, long vni, DeviceListener l)
            throws Exception {
        Map<String, Object> extra = new HashMap<>();
        extra.put(LinuxSettings.NETNS, ns);
        extra.put(LinuxSettings.UNDERLAY, "ul0");
        LinuxOverlayDevice d = p.open(
                new DeviceSettings(link, vni, IpAddresses.parse("192.0.2.1").orElseThrow(), PORT, extra), l);
        d.associate(1, PluginMode.DYNAMIC, null);
        Shell.must("ip", "-n", ns, "addr", "add", "10.42.0.1/16", "dev", link);
        return d;
    }

    /**
     * Asks {@code d} to report each install to {@code o}; false on a build without the hook, whose answers install
     * before they return (the benchmark then runs on that build's classes too).
     */
    @SuppressWarnings("ReturnValueIgnored") // the method is looked up only to see whether it exists
    private static boolean observe(LinuxOverlayDevice d, Consumer<Object> o) {
        try {
            Class<?> hook = Class.forName(LinuxOverlayDevice.class.getName() + "$InstallObserver");
            LinuxOverlayDevice.class.getDeclaredMethod("observeInstalls", hook);
        } catch (ReflectiveOperationException e) {
            return false; // (the baseline's device class, even if a later class path entry has the hook)
        }
        InstallHook.attach(d, o); // a class of its own: loaded only where the hook exists
        return true;
    }

    /** Attaches an install observer; only loaded on a build that has the hook. */
    private static final class InstallHook {
        static void attach(LinuxOverlayDevice d, Consumer<Object> o) {
            d.observeInstalls(o::accept);
        }
    }

    /** Whether this build has what the minimal loop is made of (the batch socket, a read without waiting). */
    private static boolean minimalLoopAvailable() {
        try {
            NetlinkSocket.class.getMethod("receiveMany", boolean.class);
            Class.forName("io.varpd.overlay.linux.internal.socket.BatchChannel");
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    /**
     * The miss of index {@code i} was answered and installed. Wakes the sender only when it waits for this one (one at
     * a time) or for the last: a wake-up per miss of a burst would put the sender's thread on a core beside the
     * daemon's for every miss.
     */
    private void installed(int i) {
        if (i >= 0 && i < doneAt.length && doneAt[i] == 0) {
            doneAt[i] = System.nanoTime();
            int n = done.incrementAndGet();
            if (oneByOne || n == doneAt.length) {
                installed.release();
            }
        }
    }

    private static InetAddress[] addresses(int n) throws Exception {
        InetAddress[] ips = new InetAddress[n];
        for (int i = 0; i < n; i++) {
            ips[i] = overlay(i);
        }
        return ips;
    }

    private static void neighbours(String ns, String link, InetAddress[] ips) throws Exception {
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < ips.length; i++) {
            batch.append("neigh replace ")
                    .append(ips[i].getHostAddress())
                    .append(" lladdr ")
                    .append(mac(i))
                    .append(" dev ")
                    .append(link)
                    .append(" nud permanent\n");
        }
        Path f = Files.createTempFile("neigh", ".batch");
        Files.writeString(f, batch);
        Shell.must("ip", "-n", ns, "-batch", f.toString());
        Files.delete(f);
    }

    /** Sends one datagram per address: one at a time, each once the last is installed, or in chunks. */
    private long send(String ns, InetAddress[] ips, boolean oneByOne) throws Exception {
        this.oneByOne = oneByOne;
        int n = ips.length;
        sentAt = new long[n];
        doneAt = new long[n];
        try (UdpBurst burst = UdpBurst.open(ns, ips, 9)) {
            cpuBefore = threadCpu();
            allocatedBefore = threadAllocated();
            long start = System.nanoTime();
            for (int i = 0; i < n; i += oneByOne ? 1 : CHUNK) {
                int k = oneByOne ? 1 : Math.min(CHUNK, n - i);
                long t = System.nanoTime();
                Arrays.fill(sentAt, i, i + k, t);
                burst.send(i, k);
                if (oneByOne && !installed.tryAcquire(5, TimeUnit.SECONDS)) {
                    break;
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (done.get() < n && System.nanoTime() < deadline) {
                installed.tryAcquire(100, TimeUnit.MILLISECONDS);
            }
            cpuAfter = threadCpu();
            allocatedAfter = threadAllocated();
            return start;
        }
    }

    private void l2(String ns, int n, boolean oneByOne, boolean quiet) throws Exception {
        TargetPoint far = TargetPoint.of(IpAddresses.parse("192.0.2.2").orElseThrow(), PORT);
        DeviceListener l = new DeviceListener() {
            @Override
            public void lookup(DeviceLookup lookup) {
                lookup.respond(far);
                if (!observed) { // an older build installs before respond returns
                    installed((int) (lookup.request().destination().toLong() - MAC_BASE));
                }
            }
        };
        LinuxDeviceProvider p = new LinuxDeviceProvider();
        LinuxOverlayDevice d = open(p, ns, "bx0", 100, l);
        observed = observe(d, key -> installed((int) (((MacAddress) key).toLong() - MAC_BASE)));
        try {
            InetAddress[] ips = addresses(n);
            neighbours(ns, "bx0", ips);
            long start = send(ns, ips, oneByOne);
            if (!quiet) {
                report(
                        oneByOne
                                ? "varpd   L2 miss -> FDB installed, one at a time"
                                : "varpd   L2 miss -> FDB installed, burst of " + n,
                        start,
                        d.linuxCounters().toString());
            }
        } finally {
            d.close();
        }
    }

    /**
     * The same L2 misses answered by the least a daemon must do: read the monitor socket in bursts, take the MAC out of
     * each miss, pack one FDB request per miss into one datagram.
     */
    private void minimal(String ns, int n, boolean oneByOne, boolean quiet) throws Exception {
        String link = "bm0";
        Shell.must(
                "ip",
                "-n",
                ns,
                "link",
                "add",
                link,
                "type",
                "vxlan",
                "id",
                "104",
                "dstport",
                String.valueOf(PORT),
                "local",
                "192.0.2.1",
                "dev",
                "ul0",
                "nolearning",
                "proxy",
                "l2miss",
                "l3miss");
        try {
            Shell.must("ip", "-n", ns, "link", "set", link, "up");
            Shell.must("ip", "-n", ns, "addr", "add", "10.42.0.1/16", "dev", link);
            int ifindex = Integer.parseInt(Shell.must("ip", "-n", ns, "-o", "link", "show", link)
                    .split(":")[0]
                    .trim());
            InetAddress[] ips = addresses(n);
            neighbours(ns, link, ips);
            InetAddress far = IpAddresses.parse("192.0.2.2").orElseThrow();
            NetlinkSocket monitor = NetworkNamespace.call(
                    ns, () -> NetlinkSocket.open(Rtnetlink.groupMask(Rtnetlink.RTNLGRP_NEIGH), 256 * 1024));
            monitor.prepareBursts(64, 64 * 1024);
            BatchChannel requests = NetworkNamespace.call(ns, BatchChannel::open);
            monitor.setReceiveBuffer(8 << 20);
            monitor.attachFilter(TypeFilter.dropping(Rtnetlink.RTM_NEWNEIGH)); // as varpd: not the installs' echo
            monitor.setReceiveTimeout(100);
            Thread answering = new Thread(() -> answer(monitor, requests, ifindex, far), "minimal-loop");
            answering.setDaemon(true);
            answering.start();
            try {
                long start = send(ns, ips, oneByOne);
                if (!quiet) {
                    report(
                            oneByOne
                                    ? "minimal L2 miss -> FDB installed, one at a time"
                                    : "minimal L2 miss -> FDB installed, burst of " + n,
                            start,
                            "");
                }
            } finally {
                answering.interrupt();
                answering.join(2000);
                monitor.close();
                requests.close();
            }
        } finally {
            Shell.run("ip", "-n", ns, "link", "del", link);
        }
    }

    private void answer(NetlinkSocket monitor, BatchChannel requests, int ifindex, InetAddress far) {
        byte[] buf = new byte[256 * 1024];
        ByteBuffer view = ByteBuffer.wrap(buf).order(ByteOrder.nativeOrder());
        NeighbourMiss.Reader reader = new NeighbourMiss.Reader();
        RequestPacker packer = new RequestPacker(32 * 1024);
        int[] index = new int[256];
        BatchChannel.Verdicts verdicts = new BatchChannel.Verdicts() {
            @Override
            public void failed(int i, KernelException e) {
                System.out.println("minimal loop: install " + i + " failed: " + e.getMessage());
            }

            @Override
            public void lost(KernelException e) {
                System.out.println("minimal loop: verdicts lost: " + e.getMessage());
            }
        };
        try {
            while (!Thread.currentThread().isInterrupted()) {
                int got;
                try {
                    got = monitor.receiveMany(true);
                } catch (KernelException e) {
                    continue; // the receive timeout: look at the interrupt flag
                }
                while (got > 0) {
                    for (int d = 0; d < got; d++) {
                        int len = monitor.datagram(d, buf);
                        int offset = 0;
                        for (int m = 0; offset < len; m++) { // in place, as varpd's monitor reads misses
                            int length = MessageSplitter.messageLength(view, offset, len, m, r -> {});
                            if (length < 0) {
                                break;
                            }
                            if (view.getShort(offset + 4) == Rtnetlink.RTM_GETNEIGH
                                    && view.getInt(offset + Netlink.HEADER_LENGTH + 4) == ifindex
                                    && reader.read(
                                                    view,
                                                    offset + Netlink.HEADER_LENGTH,
                                                    offset + length,
                                                    view.getShort(offset + 6))
                                            == NeighbourMiss.Kind.L2_MISS) {
                                index[packer.count()] = (int) (reader.macBits() - MAC_BASE);
                                packer.fdbReplace(ifindex, reader.mac(), far, 0);
                            } // an L3 miss or app probe: not asked here
                            offset += Netlink.align(length);
                        }
                    }
                    if (got < 64 || packer.count() > index.length - 64 - 8) {
                        break; // the socket was empty, or the datagram of installs is full
                    }
                    got = monitor.receiveMany(false);
                }
                int k = packer.count();
                requests.send(packer.bytes(), packer.size(), k, verdicts);
                packer.clear();
                for (int i = 0; i < k; i++) {
                    installed(index[i]);
                }
            }
        } catch (Exception e) {
            if (!Thread.currentThread().isInterrupted()) {
                System.out.println("minimal loop stopped: " + e);
            }
        }
    }

    /**
     * The two halves of a miss's kernel work, each alone on one thread: sending the datagrams that miss (nobody
     * answers), and installing as many FDB entries in datagrams of 256 requests (no miss). On two cores the halves
     * overlap, so the slower one bounds the rate of any daemon.
     */
    private static void kernelAlone(String ns, int n) throws Exception {
        String link = "bk0";
        Shell.must(
                "ip",
                "-n",
                ns,
                "link",
                "add",
                link,
                "type",
                "vxlan",
                "id",
                "105",
                "dstport",
                String.valueOf(PORT),
                "local",
                "192.0.2.1",
                "dev",
                "ul0",
                "nolearning",
                "proxy",
                "l2miss",
                "l3miss");
        try {
            Shell.must("ip", "-n", ns, "link", "set", link, "up");
            Shell.must("ip", "-n", ns, "addr", "add", "10.42.0.1/16", "dev", link);
            int ifindex = Integer.parseInt(Shell.must("ip", "-n", ns, "-o", "link", "show", link)
                    .split(":")[0]
                    .trim());
            InetAddress[] ips = addresses(n);
            neighbours(ns, link, ips);
            long sent;
            try (UdpBurst burst = UdpBurst.open(ns, ips, 9)) {
                long t = System.nanoTime();
                burst.send(0, n);
                sent = System.nanoTime() - t;
            }
            InetAddress far = IpAddresses.parse("192.0.2.2").orElseThrow();
            RequestPacker packer = new RequestPacker(32 * 1024);
            BatchChannel.Verdicts ignore = new BatchChannel.Verdicts() {
                @Override
                public void failed(int index, KernelException e) {
                    System.out.println("kernel alone: install failed: " + e.getMessage());
                }

                @Override
                public void lost(KernelException e) {}
            };
            long installing;
            try (BatchChannel requests = NetworkNamespace.call(ns, BatchChannel::open)) {
                long t = System.nanoTime();
                for (int i = 0; i < n; i += 256) {
                    for (int j = i; j < Math.min(n, i + 256); j++) {
                        packer.fdbReplace(ifindex, mac(j), far, 0);
                    }
                    requests.send(packer.bytes(), packer.size(), packer.count(), ignore);
                    packer.clear();
                }
                installing = System.nanoTime() - t;
            }
            System.out.printf(
                    "kernel  alone: %d datagrams that miss sent in %.2f ms (%.0f/s); %d FDB entries installed"
                            + " in %.2f ms (%.0f/s)%n",
                    n, sent / 1e6, n / (sent / 1e9), n, installing / 1e6, n / (installing / 1e9));
        } finally {
            Shell.run("ip", "-n", ns, "link", "del", link);
        }
    }

    private void appProbes(String ns, int n, boolean oneByOne) throws Exception {
        TargetPoint far = TargetPoint.of(IpAddresses.parse("192.0.2.2").orElseThrow(), PORT);
        InetAddress[] ips = addresses(n);
        DeviceListener l = new DeviceListener() {
            @Override
            public void lookup(DeviceLookup lookup) {
                lookup.respond(far);
            }

            @Override
            public void resolve(AddressLookup lookup) {
                int i = indexOf(lookup.address());
                if (i < 0 || i >= n) {
                    lookup.unresolved("unknown");
                    return;
                }
                lookup.resolved(mac(i), far);
                if (!observed) {
                    installed(i);
                }
            }
        };
        LinuxDeviceProvider p = new LinuxDeviceProvider();
        LinuxOverlayDevice d = open(p, ns, oneByOne ? "bx1" : "bx3", oneByOne ? 101 : 103, l);
        observed = observe(d, key -> installed(indexOf((InetAddress) key)));
        try {
            long start = send(ns, ips, oneByOne);
            report(
                    oneByOne
                            ? "varpd   app probe -> FDB + neighbour installed, one at a time"
                            : "varpd   app probe -> FDB + neighbour installed, burst of " + n,
                    start,
                    d.linuxCounters().toString());
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
            Shell.must(
                    "ip",
                    "-n",
                    ns,
                    "neigh",
                    "replace",
                    "10.42.9.9",
                    "lladdr",
                    "02:42:00:00:99:99",
                    "dev",
                    "bx2",
                    "nud",
                    "permanent");
            InetAddress[] same = new InetAddress[packets];
            Arrays.fill(same, IpAddresses.parse("10.42.9.9").orElseThrow());
            long start = System.nanoTime();
            try (UdpBurst burst = UdpBurst.open(ns, same, 9)) {
                burst.send(0, packets);
            }
            long sent = System.nanoTime() - start;
            // Give the monitor time to drain what the kernel queued (no assertion rides on this).
            Thread.sleep(1000);
            LinuxDeviceCounters c = d.linuxCounters();
            System.out.printf(
                    "storm: %d packets to one unknown MAC in %.1f ms: %d misses received, %d reported to the"
                            + " listener, %d suppressed (in flight / negative cache), %d ENOBUFS so far in the namespace%n",
                    packets,
                    sent / 1e6,
                    c.missesReceived.get(),
                    c.missesReported.get(),
                    c.missesSuppressed.get(),
                    d.notificationsLost());
        } finally {
            d.close();
        }
    }

    /**
     * The CPU time used so far by the threads that answer misses: varpd's monitor readers and dispatcher, or the
     * minimal loop's thread. Divided by the misses of a burst it is the daemon's own cost per miss, user and kernel
     * (the reads and the installs' system calls), which a busy neighbour process changes far less than it changes the
     * wall-clock figures.
     */
    private static long threadCpu() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("varpd-linux-") || t.getName().equals("minimal-loop")) {
                long ns = mx.getThreadCpuTime(t.getId());
                sum += Math.max(ns, 0);
            }
        }
        return sum;
    }

    /** The bytes allocated so far by the threads {@link #threadCpu} counts. */
    private static long threadAllocated() {
        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("varpd-linux-") || t.getName().equals("minimal-loop")) {
                sum += Math.max(mx.getThreadAllocatedBytes(t.getId()), 0);
            }
        }
        return sum;
    }

    private void report(String what, long start, String counters) {
        int n = doneAt.length;
        long[] l = new long[n];
        int k = 0;
        long end = start;
        for (int i = 0; i < n; i++) {
            if (doneAt[i] != 0) {
                l[k++] = doneAt[i] - sentAt[i];
                end = Math.max(end, doneAt[i]);
            }
        }
        l = Arrays.copyOf(l, k);
        Arrays.sort(l);
        if (k == 0) {
            System.out.println(what + ": nothing installed " + counters);
            return;
        }
        double seconds = (end - start) / 1e9;
        System.out.printf(
                "%s: %d of %d; latency p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms;"
                        + " %.0f misses handled/s; answering threads' CPU %.2f us/miss, allocated %.0f B/miss; %s%n",
                what,
                k,
                n,
                l[k / 2] / 1e6,
                l[(int) (k * 0.9)] / 1e6,
                l[Math.min(k - 1, (int) (k * 0.99))] / 1e6,
                l[k - 1] / 1e6,
                k / seconds,
                (cpuAfter - cpuBefore) / 1e3 / k,
                (allocatedAfter - allocatedBefore) / (double) k,
                counters);
    }
}
