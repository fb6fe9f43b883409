// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.device;

import static io.varpd.overlay.linux.internal.device.LinuxOverlayE2ETest.pingFirstPacketAnswered;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.IpAddresses;
import io.varpd.api.VarpdException;
import io.varpd.core.internal.instance.Instance;
import io.varpd.plugin.files.internal.FilesPlugin;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole daemon against the real kernel: every vxlan miss is answered by core and the files plugin from a JSON
 * mapping file, nothing by the test. Three hosts (namespaces A, B, C) on one underlay switch (a bridge in a fourth
 * namespace), each running its own daemon: a linux provider, a files plugin and a core {@link Instance} per VNI, built
 * with {@code new} as core's instance manager would build them. A and B also carry a second VNI with a mapping file of
 * its own.
 *
 * <p>Workloads that move or go away are macvlans on a host's vxlan, owning one MAC and its addresses, so the hosts' own
 * addresses stay put. Files are changed with an atomic rename and the plugin notices within its one-second poll; every
 * wait is a poll against a deadline, never a timed assertion. Needs root and network namespaces; skipped otherwise.
 * Every namespace is ours ({@code vt-...}) and deleted afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LinuxFilesOverlayE2ETest {
    static final int PORT = 4789;
    static final long VNI = 4242;
    static final long OTHER_VNI = 4343;
    static final String VX = "vt0";
    static final String OTHER_VX = "vt1";
    static final long DEADLINE_NANOS = 15_000_000_000L;

    static final String UNDERLAY_A = "192.0.2.1";
    static final String UNDERLAY_B = "192.0.2.2";
    static final String UNDERLAY_C = "192.0.2.3";

    // VNI 4242: the hosts' vxlans and two workloads. MACs are fixed so the file can name them first.
    static final String MAC_A = "02:42:0a:2a:00:01";
    static final String MAC_B = "02:42:0a:2a:00:02";
    static final String MAC_C = "02:42:0a:2a:00:03";
    /** A workload that moves from B to C. */
    static final String MAC_MOVER = "02:42:0a:2a:00:09";
    /** A workload on B whose address is re-created on C with a new MAC. */
    static final String MAC_OLD_OWNER = "02:42:0a:2a:00:08";

    static final String MAC_NEW_OWNER = "02:42:0a:2a:00:18";
    /** A workload on B that keeps its MAC in the file but gives its address to one on C. */
    static final String MAC_ADDRESS_LEAVES = "02:42:0a:2a:00:06";

    static final String MAC_ADDRESS_TAKER = "02:42:0a:2a:00:16";
    /** A workload on B that is removed from the mapping. */
    static final String MAC_LEAVER = "02:42:0a:2a:00:07";
    // VNI 4343.
    static final String MAC_A2 = "02:43:0a:2b:00:01";
    static final String MAC_B2 = "02:43:0a:2b:00:02";
    /** Owns 10.42.0.55 in VNI 4343's file only: VNI 4242 must not know it. */
    static final String MAC_OTHER_VNI_ONLY = "02:43:0a:2b:00:55";

    static final int STORM_L2_KEYS = 2048;
    static final int STORM_L3_KEYS = 256;
    static final long STORM_MISSES = 50_000;
    static final long STORM_MIN_MISSES = 20_000;
    static final long HEAP_GROWTH_LIMIT = 32L << 20;

    private final TestNamespaces namespaces = new TestNamespaces();
    private final FilesDaemons daemons = new FilesDaemons(namespaces);
    private Path dir;
    private MappingFile vni;
    private MappingFile otherVni;
    private String a;
    private String b;
    private String c;
    private Instance a1;
    private Instance a2;

    @BeforeAll
    void threeHostsEachWithItsOwnDaemon(@TempDir Path tmp) throws Exception {
        TestNamespaces.assumeUsable();
        dir = tmp;
        try {
            String sw = namespaces.add("sw");
            a = namespaces.add("a");
            b = namespaces.add("b");
            c = namespaces.add("c");
            Shell.must("ip", "-n", sw, "link", "add", "br0", "type", "bridge");
            Shell.must("ip", "-n", sw, "link", "set", "br0", "up");
            String[][] hosts = {{a, "pa", UNDERLAY_A}, {b, "pb", UNDERLAY_B}, {c, "pc", UNDERLAY_C}};
            for (String[] h : hosts) {
                Shell.must("ip", "-n", sw, "link", "add", h[1], "type", "veth", "peer", "name", "ul0", "netns", h[0]);
                Shell.must("ip", "-n", sw, "link", "set", h[1], "master", "br0", "up");
                Shell.must("ip", "-n", h[0], "addr", "add", h[2] + "/24", "dev", "ul0");
                Shell.must("ip", "-n", h[0], "link", "set", "ul0", "up");
                // Workloads are macvlans answering for addresses the route sends back through the vxlan.
                Shell.must(
                        "ip",
                        "netns",
                        "exec",
                        h[0],
                        "sysctl",
                        "-qw",
                        "net.ipv4.conf.all.rp_filter=0",
                        "net.ipv4.conf.default.rp_filter=0");
            }

            vni = new MappingFile(dir.resolve("vni4242.json"))
                    .put(MAC_A, UNDERLAY_A, PORT, "10.42.0.1", "fd42::1")
                    .put(MAC_B, UNDERLAY_B, PORT, "10.42.0.2", "fd42::2")
                    .put(MAC_C, UNDERLAY_C, PORT, "10.42.0.3", "fd42::3")
                    .put(MAC_MOVER, UNDERLAY_B, PORT, "10.42.0.9", null)
                    .put(MAC_OLD_OWNER, UNDERLAY_B, PORT, "10.42.0.8", null)
                    .put(MAC_LEAVER, UNDERLAY_B, PORT, "10.42.0.7", "fd42::7")
                    .put(MAC_ADDRESS_LEAVES, UNDERLAY_B, PORT, "10.42.0.6", null);
            vni.write();
            otherVni = new MappingFile(dir.resolve("vni4343.json"))
                    .put(MAC_A2, UNDERLAY_A, PORT, "10.43.0.1", null)
                    .put(MAC_B2, UNDERLAY_B, PORT, "10.43.0.2", null)
                    // B's VNI-4242 MAC, mapped in VNI 4343 too: a MAC is only unique within its VNI.
                    .put(MAC_B, UNDERLAY_B, PORT, "10.43.0.99", null)
                    .put(MAC_OTHER_VNI_ONLY, UNDERLAY_B, PORT, "10.42.0.55", null);
            otherVni.write();

            LinuxDeviceProvider providerA = new LinuxDeviceProvider();
            LinuxDeviceProvider providerB = new LinuxDeviceProvider();
            LinuxDeviceProvider providerC = new LinuxDeviceProvider();
            FilesPlugin filesA = new FilesPlugin();
            FilesPlugin filesB = new FilesPlugin();
            FilesPlugin filesC = new FilesPlugin();
            a1 = daemon(1, a, providerA, filesA, VX, VNI, UNDERLAY_A, vni, MAC_A, "10.42.0.1/24", "fd42::1/64");
            daemon(1, b, providerB, filesB, VX, VNI, UNDERLAY_B, vni, MAC_B, "10.42.0.2/24", "fd42::2/64");
            daemon(1, c, providerC, filesC, VX, VNI, UNDERLAY_C, vni, MAC_C, "10.42.0.3/24", "fd42::3/64");
            a2 = daemon(
                    2, a, providerA, filesA, OTHER_VX, OTHER_VNI, UNDERLAY_A, otherVni, MAC_A2, "10.43.0.1/24", null);
            daemon(2, b, providerB, filesB, OTHER_VX, OTHER_VNI, UNDERLAY_B, otherVni, MAC_B2, "10.43.0.2/24", null);
        } catch (Throwable t) {
            cleanUp();
            throw t;
        }
    }

    /** One overlay instance as core builds it from {@code io.varpd.overlay.files} with device=linux. */
    private Instance daemon(
            long id,
            String ns,
            LinuxDeviceProvider provider,
            FilesPlugin files,
            String link,
            long vnetid,
            String underlay,
            MappingFile mapping,
            String mac,
            String ipv4,
            String ipv6)
            throws VarpdException {
        return daemons.start(id, ns, provider, files, link, vnetid, PORT, underlay, mapping, mac, ipv4, ipv6);
    }

    @AfterAll
    void cleanUp() {
        daemons.cleanUp();
    }

    // ---- 1. host-originated traffic ------------------------------------------------------

    @Test
    @Order(1)
    void hostPingsCrossBothWaysFromTheFirstPacketResolvedFromTheFile() {
        long answered = answeredWithADestination(a1.counters().snapshot());
        // from, its targets (v4, v6), their MAC and host; the peer, the addresses it answers from, their MAC.
        String[][] ways = {
            {a, "10.42.0.2", "fd42::2", MAC_B, UNDERLAY_B, b, "10.42.0.1", "fd42::1", MAC_A},
            {b, "10.42.0.1", "fd42::1", MAC_A, UNDERLAY_A, a, "10.42.0.2", "fd42::2", MAC_B}
        };
        for (String[] w : ways) {
            for (int family = 0; family < 2; family++) {
                String target = w[1 + family];
                // Nothing left from before on either side: each side resolves through its own daemon.
                forget(w[0], VX, target, w[3]);
                forget(w[5], VX, w[6 + family], w[8]);
                assertEquals("", neighbour(w[0], VX, target), "stale neighbour for " + target);
                if (family == 0) {
                    pingFirstPacketAnswered(w[0], "-c", "3", "-i", "0.2", "-W", "1", target);
                } else {
                    pingFirstPacketAnswered(w[0], "-6", "-c", "3", "-i", "0.2", "-W", "1", target);
                }
                String n = neighbour(w[0], VX, target);
                assertTrue(n.contains(w[3]) && n.contains("PERMANENT"), "neighbour installed from the file: " + n);
                assertTrue(fdb(w[0], VX).contains(w[3] + " dst " + w[4] + " self permanent"), fdb(w[0], VX));
            }
        }
        Map<String, Long> c = a1.counters().snapshot();
        assertTrue(answeredWithADestination(c) >= answered + 2, c.toString());
        // Host-originated resolutions are neighbour answers: counted as ARP and NDP, not as lookups.
        assertTrue(c.get("arp") > 0 && c.get("ndp") > 0, c.toString());
    }

    /** Lookups answered with a destination: plain ones, and those that answered an ARP or NS. */
    private static long answeredWithADestination(Map<String, Long> c) {
        return c.get("ok") + c.get("arp") + c.get("ndp");
    }

    // ---- 2. a mapping moves to another host ----------------------------------------------

    @Test
    @Order(2)
    void trafficFollowsAMacMovedToAnotherHostInTheFileWithoutARestart() throws Exception {
        workload(b, "mv9", MAC_MOVER, "10.42.0.9/32", null);
        pingFirstPacketAnswered(a, "-c", "3", "-i", "0.2", "-W", "1", "10.42.0.9");
        assertTrue(fdb(a, VX).contains(MAC_MOVER + " dst " + UNDERLAY_B + " self permanent"), fdb(a, VX));

        // The workload migrates: gone from B, up on C, and the file says so.
        Shell.must("ip", "-n", b, "link", "del", "mv9");
        workload(c, "mv9", MAC_MOVER, "10.42.0.9/32", null);
        vni.move(MAC_MOVER, UNDERLAY_C).write();

        String moved = awaitValue(
                "A's FDB to send " + MAC_MOVER + " to C after the reload",
                () -> fdb(a, VX),
                f -> f.contains(MAC_MOVER + " dst " + UNDERLAY_C + " self permanent"));
        assertFalse(moved.contains(MAC_MOVER + " dst " + UNDERLAY_B), "the old entry is replaced:\n" + moved);
        await(
                "a ping from A to reach 10.42.0.9 on C",
                () -> Shell.run("ip", "netns", "exec", a, "ping", "-n", "-c", "1", "-W", "1", "10.42.0.9")
                        .ok());
        String n = neighbour(a, VX, "10.42.0.9");
        assertTrue(n.contains(MAC_MOVER) && n.contains("PERMANENT"), "the address keeps its MAC: " + n);
        String cToA = neighbour(c, VX, "10.42.0.1");
        assertTrue(cToA.contains(MAC_A) && cToA.contains("PERMANENT"), "C's daemon resolved the reply path: " + cToA);
    }

    /**
     * The other way a mapping moves: the address stays, its MAC and host change. Only the old MAC's destination changes
     * in the plugin's eyes (it is removed), so the neighbour entry for the address, which points at the old MAC, must
     * go with it for the kernel to ask again.
     */
    @Test
    @Order(3)
    void anAddressRecreatedOnAnotherHostWithANewMacIsFollowed() throws Exception {
        workload(b, "mv8", MAC_OLD_OWNER, "10.42.0.8/32", null);
        pingFirstPacketAnswered(a, "-c", "2", "-i", "0.2", "-W", "1", "10.42.0.8");

        // The workload is re-created on C with a new MAC; the file drops the old MAC and maps the new one.
        Shell.must("ip", "-n", b, "link", "del", "mv8");
        workload(c, "mv8", MAC_NEW_OWNER, "10.42.0.8/32", null);
        vni.remove(MAC_OLD_OWNER)
                .put(MAC_NEW_OWNER, UNDERLAY_C, PORT, "10.42.0.8", null)
                .write();

        awaitValue(
                "A's FDB to lose " + MAC_OLD_OWNER + " after the reload",
                () -> fdb(a, VX),
                f -> !f.contains(MAC_OLD_OWNER));
        awaitValue(
                "a ping from A to reach 10.42.0.8 on C",
                () -> {
                    Shell.Result r =
                            Shell.run("ip", "netns", "exec", a, "ping", "-n", "-c", "1", "-W", "1", "10.42.0.8");
                    return (r.ok() ? "answered" : "unanswered") + "; ip neigh show 10.42.0.8 dev vt0: "
                            + neighbour(a, VX, "10.42.0.8");
                },
                v -> v.startsWith("answered"));
        String n = neighbour(a, VX, "10.42.0.8");
        assertTrue(n.contains(MAC_NEW_OWNER), "the address follows its new MAC: " + n);
    }

    /**
     * The address moves to another MAC while the old MAC stays in the file, mapped as before: no MAC's destination
     * changes, yet A's daemon installed "10.42.0.6 at the old MAC" as a permanent neighbour. The reload must make A
     * forget it, and the next ping resolves the new owner.
     */
    @Test
    @Order(4)
    void anAddressMovedToAnotherMacWhileTheOldMacStaysIsFollowed() throws Exception {
        workload(b, "mv6", MAC_ADDRESS_LEAVES, "10.42.0.6/32", null);
        pingFirstPacketAnswered(a, "-c", "2", "-i", "0.2", "-W", "1", "10.42.0.6");
        assertTrue(neighbour(a, VX, "10.42.0.6").contains(MAC_ADDRESS_LEAVES), neighbour(a, VX, "10.42.0.6"));

        // B's workload keeps its MAC (and its place in the file) but gives up the address, which
        // a workload with another MAC on C takes.
        Shell.must("ip", "-n", b, "addr", "del", "10.42.0.6/32", "dev", "mv6");
        workload(c, "mv6", MAC_ADDRESS_TAKER, "10.42.0.6/32", null);
        vni.put(MAC_ADDRESS_LEAVES, UNDERLAY_B, PORT, null, null)
                .put(MAC_ADDRESS_TAKER, UNDERLAY_C, PORT, "10.42.0.6", null)
                .write();

        awaitValue(
                "a ping from A to reach 10.42.0.6 on C",
                () -> {
                    Shell.Result r =
                            Shell.run("ip", "netns", "exec", a, "ping", "-n", "-c", "1", "-W", "1", "10.42.0.6");
                    return (r.ok() ? "answered" : "unanswered") + "; ip neigh show 10.42.0.6 dev vt0: "
                            + neighbour(a, VX, "10.42.0.6");
                },
                v -> v.startsWith("answered"));
        String n = neighbour(a, VX, "10.42.0.6");
        assertTrue(n.contains(MAC_ADDRESS_TAKER) && n.contains("PERMANENT"), "the address follows its new MAC: " + n);
        // The old MAC is still mapped, so its entry was put back after the refresh.
        assertTrue(fdb(a, VX).contains(MAC_ADDRESS_LEAVES + " dst " + UNDERLAY_B + " self permanent"), fdb(a, VX));
    }

    // ---- 3. a mapping is removed ---------------------------------------------------------

    @Test
    @Order(5)
    void aMappingRemovedFromTheFileLeavesNoEntryInTheKernel() throws Exception {
        workload(b, "mv7", MAC_LEAVER, "10.42.0.7/32", "fd42::7/128");
        pingFirstPacketAnswered(a, "-c", "2", "-i", "0.2", "-W", "1", "10.42.0.7");
        pingFirstPacketAnswered(a, "-6", "-c", "2", "-i", "0.2", "-W", "1", "fd42::7");
        assertTrue(fdb(a, VX).contains(MAC_LEAVER + " dst " + UNDERLAY_B), fdb(a, VX));
        assertTrue(neighbour(a, VX, "10.42.0.7").contains(MAC_LEAVER), neighbour(a, VX, "10.42.0.7"));
        assertTrue(neighbour(a, VX, "fd42::7").contains(MAC_LEAVER), neighbour(a, VX, "fd42::7"));

        vni.remove(MAC_LEAVER).write();

        awaitValue(
                "A's FDB to lose " + MAC_LEAVER + " after the reload", () -> fdb(a, VX), f -> !f.contains(MAC_LEAVER));
        boolean v4 = Shell.run("ip", "netns", "exec", a, "ping", "-n", "-c", "2", "-i", "0.2", "-W", "1", "10.42.0.7")
                .ok();
        boolean v6 = Shell.run(
                        "ip", "netns", "exec", a, "ping", "-n", "-6", "-c", "2", "-i", "0.2", "-W", "1", "fd42::7")
                .ok();
        String fdbNow = fdb(a, VX);
        String v4Neighbour = neighbour(a, VX, "10.42.0.7");
        String v6Neighbour = neighbour(a, VX, "fd42::7");
        assertAll(
                "after removing " + MAC_LEAVER + " (10.42.0.7, fd42::7) from the file",
                () -> assertFalse(fdbNow.contains(MAC_LEAVER), "bridge fdb show still has it:\n" + fdbNow),
                () -> assertFalse(v4, "10.42.0.7 still answers"),
                () -> assertFalse(v6, "fd42::7 still answers"),
                () -> assertFalse(
                        v4Neighbour.contains(MAC_LEAVER), "ip neigh show 10.42.0.7 dev vt0 still has: " + v4Neighbour),
                () -> assertFalse(
                        v6Neighbour.contains(MAC_LEAVER), "ip neigh show fd42::7 dev vt0 still has: " + v6Neighbour));
    }

    // ---- 4. two VNIs on one host ---------------------------------------------------------

    @Test
    @Order(6)
    void twoVnisOnOneHostStaySeparate() throws Exception {
        pingFirstPacketAnswered(a, "-c", "3", "-i", "0.2", "-W", "1", "10.43.0.2");
        assertTrue(fdb(a, OTHER_VX).contains(MAC_B2 + " dst " + UNDERLAY_B), fdb(a, OTHER_VX));
        assertFalse(fdb(a, VX).contains(MAC_B2), "VNI 4343's entry reached VNI 4242's vxlan:\n" + fdb(a, VX));

        // VNI 4343's file sends 10.43.0.99 to B's VNI-4242 MAC on B: the frames carry VNI 4343, so
        // B's vt1 gets them (and drops them, not its MAC), never B's vt0, which owns that MAC.
        long vt0Before = rxPackets(b, VX);
        long vt1Before = rxPackets(b, OTHER_VX);
        boolean answered = Shell.run(
                        "ip", "netns", "exec", a, "ping", "-n", "-c", "3", "-i", "0.2", "-W", "1", "10.43.0.99")
                .ok();
        assertTrue(neighbour(a, OTHER_VX, "10.43.0.99").contains(MAC_B), neighbour(a, OTHER_VX, "10.43.0.99"));
        await("B's vt1 to receive the 3 frames for " + MAC_B, () -> rxPackets(b, OTHER_VX) >= vt1Before + 3);
        assertFalse(answered, "a VNI-4343 ping was answered by B's VNI-4242 vxlan");
        assertEquals(vt0Before, rxPackets(b, VX), "B's vt0 (VNI 4242) received VNI-4343 traffic");

        // 10.42.0.55 is in VNI 4343's file only: VNI 4242's daemon must not resolve it.
        assertFalse(Shell.run("ip", "netns", "exec", a, "ping", "-n", "-c", "1", "-W", "1", "10.42.0.55")
                .ok());
        assertFalse(neighbour(a, VX, "10.42.0.55").contains(MAC_OTHER_VNI_ONLY), neighbour(a, VX, "10.42.0.55"));
        assertFalse(fdb(a, VX).contains(MAC_OTHER_VNI_ONLY), fdb(a, VX));
    }

    // ---- 5. a miss storm -----------------------------------------------------------------

    @Test
    @Order(7)
    void aMissStormLeavesTheDaemonAnsweringWithBoundedQueuesAndMemory() throws Exception {
        LinuxOverlayDevice device = (LinuxOverlayDevice) a1.device();
        LinuxDeviceCounters k = device.linuxCounters();
        // 10.44.8.0-10.44.15.255 point at MACs no file knows (each packet an L2 miss); 10.44.64.x
        // have no neighbour at all (each address an app probe per second).
        Shell.must("ip", "-n", a, "addr", "add", "10.44.0.1/16", "dev", VX);
        List<String> batch = new ArrayList<>();
        List<InetSocketAddress> l2 = new ArrayList<>();
        List<InetSocketAddress> l3 = new ArrayList<>();
        for (int i = 0; i < STORM_L2_KEYS; i++) {
            String ip = "10.44." + (8 + (i >> 8)) + "." + (i & 0xff);
            batch.add(String.format(
                    "neigh replace %s lladdr 02:ee:00:00:%02x:%02x dev %s nud permanent", ip, i >> 8, i & 0xff, VX));
            l2.add(new InetSocketAddress(ip(ip), 9));
        }
        for (int i = 0; i < STORM_L3_KEYS; i++) {
            l3.add(new InetSocketAddress(ip("10.44.64." + i), 9));
        }
        Path batchFile = dir.resolve("storm-neighbours.batch");
        Files.write(batchFile, batch);
        Shell.must("ip", "-n", a, "-batch", batchFile.toString());

        long heapBefore = usedHeapAfterGc();
        long received0 = k.missesReceived.get();
        long reported0 = k.missesReported.get();
        long suppressed0 = k.missesSuppressed.get();
        long overflows0 = k.queueOverflows.get();
        Map<String, Long> core0 = a1.counters().snapshot();
        MissStorm storm = MissStorm.start(a, l2, l3);
        long elapsed;
        try {
            await("the storm to cause 5000 misses", () -> k.missesReceived.get() - received0 >= 5_000);
            // A real resolution through the stormed daemon: entries gone, the file still maps 10.42.0.2.
            forget(a, VX, "10.42.0.2", MAC_B);
            await(
                    "10.42.0.2 to answer during the storm",
                    () -> Shell.run("ip", "netns", "exec", a, "ping", "-n", "-c", "1", "-W", "1", "10.42.0.2")
                            .ok());
            assertTrue(neighbour(a, VX, "10.42.0.2").contains(MAC_B), neighbour(a, VX, "10.42.0.2"));
            awaitOrGiveUp(() -> k.missesReceived.get() - received0 >= STORM_MISSES);
        } finally {
            storm.close();
        }
        long stormMisses = k.missesReceived.get() - received0;
        System.out.printf(
                "storm: %d datagrams sent, %d refused, %d misses received in %.1f s; %s%n",
                storm.sent.get(), storm.refused.get(), stormMisses, storm.elapsedNanos() / 1e9, k);
        assertTrue(
                stormMisses >= STORM_MIN_MISSES,
                "the storm was too weak to show anything: " + stormMisses + " misses; " + k);

        // Every miss is accounted for once the dispatcher is idle: reported, ignored, suppressed or overflowed.
        await(
                "every miss to be reported, ignored, suppressed or dropped at a full queue",
                () -> k.missesReceived.get()
                        == k.missesReported.get()
                                + k.missesIgnored.get()
                                + k.missesSuppressed.get()
                                + k.queueOverflows.get());
        await("core to have no open query", () -> a1.openQueries() == 0);
        elapsed = storm.elapsedNanos();
        long reported = k.missesReported.get() - reported0;
        Map<String, Long> core = a1.counters().snapshot();
        long lookups = core.get("lookups") - core0.get("lookups");
        long answered = delta(core, core0, "ok")
                + delta(core, core0, "drop")
                + delta(core, core0, "arp")
                + delta(core, core0, "ndp")
                + delta(core, core0, "dhcp");
        // Per key, one miss in flight and a quiet second after an empty answer: at most one report per
        // key per second of storm (and the few for the real resolution above).
        long seconds = elapsed / 1_000_000_000L + 2;
        long bound = (STORM_L2_KEYS + STORM_L3_KEYS + 16) * seconds;
        long heapGrowth = usedHeapAfterGc() - heapBefore;
        String fdbAfter = fdb(a, VX);
        System.out.printf(
                "storm: reported %d (bound %d), suppressed %d, overflows %d, core %s, heap growth %d KiB%n",
                reported,
                bound,
                k.missesSuppressed.get() - suppressed0,
                k.queueOverflows.get() - overflows0,
                core,
                heapGrowth >> 10);
        assertAll(
                "after a storm of " + stormMisses + " misses",
                () -> assertTrue(
                        reported <= bound,
                        "reported " + reported + " misses, more than once per key per second (" + bound + "); " + k),
                () -> assertTrue(k.missesSuppressed.get() - suppressed0 > 0, "nothing was suppressed; " + k),
                () -> assertTrue(lookups <= reported, "core saw " + lookups + " lookups for " + reported + " reports"),
                () -> assertEquals(lookups, answered, "every core lookup answered exactly once: " + core),
                () -> assertEquals(core0.get("errors"), core.get("errors"), "core counted errors: " + core),
                () -> assertFalse(fdbAfter.contains("02:ee:"), "drops were cached in the FDB:\n" + fdbAfter),
                () -> assertTrue(heapGrowth < HEAP_GROWTH_LIMIT, "the heap grew by " + (heapGrowth >> 10) + " KiB"));

        // The namespace's shared dispatcher serves the other VNI as before, from the first packet.
        forget(a, OTHER_VX, "10.43.0.2", MAC_B2);
        forget(b, OTHER_VX, "10.43.0.1", MAC_A2);
        pingFirstPacketAnswered(a, "-c", "3", "-i", "0.2", "-W", "1", "10.43.0.2");
        assertTrue(
                answeredWithADestination(a2.counters().snapshot()) > 0,
                a2.counters().snapshot().toString());
    }

    // ---- helpers -------------------------------------------------------------------------

    static InetAddress ip(String s) {
        return IpAddresses.parse(s).orElseThrow();
    }

    /** A macvlan on {@code ns}'s vxlan owning {@code mac} and the addresses: a workload behind that host. */
    private static void workload(String ns, String name, String mac, String ipv4, String ipv6) {
        Shell.Result added =
                Shell.run("ip", "-n", ns, "link", "add", name, "link", VX, "type", "macvlan", "mode", "bridge");
        Assumptions.assumeFalse(
                added.output().contains("Unknown device type"),
                "workloads are macvlans and this kernel has no macvlan (CONFIG_MACVLAN); skipped");
        if (!added.ok()) {
            throw new AssertionError(
                    "ip link add " + name + " type macvlan -> exit " + added.exit() + ": " + added.output());
        }
        Shell.must("ip", "-n", ns, "link", "set", name, "address", mac);
        Shell.must("ip", "-n", ns, "addr", "add", ipv4, "dev", name);
        if (ipv6 != null) {
            Shell.must("ip", "-n", ns, "addr", "add", ipv6, "dev", name, "nodad");
        }
        Shell.must("ip", "-n", ns, "link", "set", name, "up");
    }

    /** Deletes the neighbour for {@code ip} and the FDB entry for {@code mac} on {@code dev}, if any. */
    private static void forget(String ns, String dev, String ip, String mac) {
        Shell.run("ip", "-n", ns, "neigh", "del", ip, "dev", dev);
        Shell.run("bridge", "-n", ns, "fdb", "del", mac, "dev", dev, "self");
    }

    private static String fdb(String ns, String dev) {
        return Shell.must("bridge", "-n", ns, "fdb", "show", "dev", dev);
    }

    private static String neighbour(String ns, String dev, String ip) {
        return Shell.must("ip", "-n", ns, "neigh", "show", ip, "dev", dev).trim();
    }

    private static long rxPackets(String ns, String dev) {
        return Long.parseLong(
                Shell.must("ip", "netns", "exec", ns, "cat", "/sys/class/net/" + dev + "/statistics/rx_packets")
                        .trim());
    }

    private static long delta(Map<String, Long> now, Map<String, Long> before, String name) {
        return now.get(name) - before.get(name);
    }

    private static long usedHeapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Polls {@code condition} until it holds; fails naming {@code what} at the deadline. */
    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        awaitValue(what, () -> condition.getAsBoolean(), Boolean::booleanValue);
    }

    /** Polls {@code condition} until it holds or the deadline passes; the caller checks what it got. */
    private static void awaitOrGiveUp(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE_NANOS;
        while (!condition.getAsBoolean() && System.nanoTime() - end < 0) {
            Thread.sleep(50);
        }
    }

    /** Polls {@code probe} until {@code done} accepts its value, which is returned; fails with the last one. */
    private static <T> T awaitValue(String what, Supplier<T> probe, java.util.function.Predicate<T> done)
            throws InterruptedException {
        long end = System.nanoTime() + DEADLINE_NANOS;
        T last = probe.get();
        while (!done.test(last)) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError(
                        "waited " + DEADLINE_NANOS / 1_000_000_000L + " s for " + what + "; last seen:\n" + last);
            }
            Thread.sleep(100);
            last = probe.get();
        }
        return last;
    }
}
