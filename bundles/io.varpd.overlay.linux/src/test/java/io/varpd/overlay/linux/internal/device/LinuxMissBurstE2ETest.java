// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.device;

import static io.varpd.overlay.linux.internal.device.LinuxOverlayE2ETest.PORT;
import static io.varpd.overlay.linux.internal.device.LinuxOverlayE2ETest.ip;
import static io.varpd.overlay.linux.internal.device.LinuxOverlayE2ETest.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.MacAddress;
import io.varpd.api.PluginMode;
import io.varpd.api.TargetPoint;
import io.varpd.api.device.DeviceListener;
import io.varpd.api.device.DeviceLookup;
import io.varpd.overlay.linux.internal.netlink.RequestPacker;
import io.varpd.overlay.linux.internal.socket.BatchChannel;
import io.varpd.overlay.linux.internal.socket.KernelException;
import io.varpd.overlay.linux.internal.socket.LinuxErrno;
import io.varpd.overlay.linux.internal.socket.NetworkNamespace;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Misses in bursts against the real kernel: they reach core as batches, and the answers go back to the kernel packed
 * many to a datagram, each failure still tied to its own request.
 */
class LinuxMissBurstE2ETest {
    private static final int BURST = 200;
    private static final long MAC_BASE = 0x0242_0000_0000L;

    private final TestNamespaces namespaces = new TestNamespaces();
    private final LinuxDeviceProvider provider = new LinuxDeviceProvider();
    private String ns;

    @BeforeEach
    void host() {
        TestNamespaces.assumeUsable();
        ns = namespaces.add("burst");
        String peer = namespaces.add("peer");
        namespaces.underlay(ns, "192.0.2.1/24", peer, "192.0.2.2/24", "ul0");
    }

    @AfterEach
    void cleanUp() {
        try {
            provider.deactivate();
        } finally {
            namespaces.deleteAll();
        }
    }

    private static InetAddress overlay(int i) {
        return ip("10.42." + (1 + i / 250) + "." + (1 + i % 250));
    }

    /** Permanent neighbours 10.42.x.y -> 02:42:00:00:00:i on {@code link}, none with an FDB entry. */
    private void neighbours(String link, InetAddress[] ips) throws Exception {
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < ips.length; i++) {
            batch.append("neigh replace ")
                    .append(ips[i].getHostAddress())
                    .append(" lladdr ")
                    .append(MacAddress.of(MAC_BASE + i))
                    .append(" dev ")
                    .append(link)
                    .append(" nud permanent\n");
        }
        Path f = Files.createTempFile("neigh", ".batch");
        try {
            Files.writeString(f, batch);
            Shell.must("ip", "-n", ns, "-batch", f.toString());
        } finally {
            Files.delete(f);
        }
    }

    @Test
    void aBurstOfL2MissesReachesCoreInBatchesAndEveryAnswerIsInstalled() throws Exception {
        TargetPoint far = TargetPoint.of(ip("192.0.2.2"), PORT);
        List<Integer> batches = new CopyOnWriteArrayList<>();
        CountDownLatch burstSent = new CountDownLatch(1);
        AtomicInteger answered = new AtomicInteger();
        DeviceListener listener = new DeviceListener() {
            @Override
            public void lookup(DeviceLookup lookup) {
                answered.incrementAndGet();
                lookup.respond(far);
            }

            @Override
            public void lookupAll(List<? extends DeviceLookup> lookups) {
                batches.add(lookups.size());
                try {
                    // Holds the reader until the whole burst waits in the socket, as on a busy machine.
                    burstSent.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                DeviceListener.super.lookupAll(lookups);
            }
        };
        LinuxOverlayDevice d = provider.open(settings("vb0", 4243, "192.0.2.1", ns, Map.of()), listener);
        d.associate(1, PluginMode.DYNAMIC, null);
        Shell.must("ip", "-n", ns, "addr", "add", "10.42.0.1/16", "dev", "vb0");
        InetAddress[] ips = new InetAddress[BURST];
        for (int i = 0; i < BURST; i++) {
            ips[i] = overlay(i);
        }
        neighbours("vb0", ips);
        try (UdpBurst burst = UdpBurst.open(ns, ips, 9)) {
            burst.send(0, BURST);
        }
        burstSent.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (d.linuxCounters().entriesInstalled.get() < BURST && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(
                BURST,
                d.linuxCounters().entriesInstalled.get(),
                d.linuxCounters().toString());
        assertEquals(BURST, answered.get());
        assertTrue(batches.stream().anyMatch(n -> n > 1), "misses reported one by one: " + batches);
        String fdb = Shell.must("bridge", "-n", ns, "fdb", "show", "dev", "vb0");
        for (int i = 0; i < BURST; i++) {
            assertTrue(fdb.contains(MacAddress.of(MAC_BASE + i) + " dst 192.0.2.2"), "no entry for miss " + i);
        }
    }

    @Test
    void aBatchInstallsEveryRequestAndNamesOnlyTheOnesTheKernelRefused() throws Exception {
        Shell.must(
                "ip",
                "-n",
                ns,
                "link",
                "add",
                "vb1",
                "type",
                "vxlan",
                "id",
                "4244",
                "dstport",
                "4789",
                "local",
                "192.0.2.1",
                "dev",
                "ul0",
                "nolearning");
        int ifindex = Integer.parseInt(Shell.must("ip", "-n", ns, "-o", "link", "show", "vb1")
                .split(":")[0]
                .trim());
        RequestPacker packer = new RequestPacker(64);
        packer.fdbReplace(ifindex, MacAddress.of(MAC_BASE + 1), ip("192.0.2.2"), 0);
        packer.fdbReplace(0x7fff_fff0, MacAddress.of(MAC_BASE + 2), ip("192.0.2.2"), 0); // no such device
        packer.fdbReplace(ifindex, MacAddress.of(MAC_BASE + 3), ip("fd00::2"), 0); // the other family
        packer.neighbourReplace(ifindex, ip("10.42.0.4"), MacAddress.of(MAC_BASE + 4));
        Map<Integer, Integer> failed = new ConcurrentHashMap<>();
        try (BatchChannel channel = NetworkNamespace.call(ns, BatchChannel::open)) {
            channel.send(packer.bytes(), packer.size(), packer.count(), new BatchChannel.Verdicts() {
                @Override
                public void failed(int index, KernelException e) {
                    failed.put(index, e.errno());
                }

                @Override
                public void lost(KernelException e) {
                    failed.put(-1, e.errno());
                }
            });
            assertEquals(1, channel.batches());
            assertEquals(4, channel.requests());
        }
        assertEquals(Map.of(1, LinuxErrno.ENODEV, 2, LinuxErrno.EAFNOSUPPORT), failed);
        String fdb = Shell.must("bridge", "-n", ns, "fdb", "show", "dev", "vb1");
        assertTrue(fdb.contains(MacAddress.of(MAC_BASE + 1) + " dst 192.0.2.2"), fdb);
        assertTrue(Shell.must("ip", "-n", ns, "neigh", "show", "dev", "vb1")
                .contains("10.42.0.4 lladdr " + MacAddress.of(MAC_BASE + 4)));
    }
}
