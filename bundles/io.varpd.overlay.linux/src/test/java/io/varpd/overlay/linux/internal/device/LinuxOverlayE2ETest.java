// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.Errno;
import io.varpd.api.IpAddresses;
import io.varpd.api.MacAddress;
import io.varpd.api.PluginMode;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import io.varpd.api.device.CacheEntry;
import io.varpd.api.device.DeviceSettings;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The provider against the real kernel: two "hosts" (namespaces) joined by a veth underlay, each with a provider of its
 * own (two daemons) and a listener answering from a map. Needs root; skipped otherwise. Every namespace is ours
 * ({@code vt-...}) and is deleted afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LinuxOverlayE2ETest {
    static final int VNI = 4242;
    static final int PORT = 4789;
    static final String VX = "vt0";

    private final TestNamespaces namespaces = new TestNamespaces();
    private final LinuxDeviceProvider providerA = new LinuxDeviceProvider();
    private final LinuxDeviceProvider providerB = new LinuxDeviceProvider();
    private final MapListener listenerA = new MapListener();
    private final MapListener listenerB = new MapListener();
    private String a;
    private String b;
    private LinuxOverlayDevice deviceA;
    private LinuxOverlayDevice deviceB;
    private MacAddress macA;
    private MacAddress macB;

    static InetAddress ip(String s) {
        return IpAddresses.parse(s).orElseThrow();
    }

    static DeviceSettings settings(String link, long vni, String local, String netns, Map<String, Object> more) {
        Map<String, Object> extra = new HashMap<>(more);
        extra.put(LinuxSettings.NETNS, netns);
        extra.put(LinuxSettings.UNDERLAY, "ul0");
        return new DeviceSettings(link, vni, ip(local), PORT, extra);
    }

    @BeforeAll
    void twoHosts() throws Exception {
        TestNamespaces.assumeUsable();
        try {
            a = namespaces.add("a");
            b = namespaces.add("b");
            namespaces.underlay(a, "192.0.2.1/24", b, "192.0.2.2/24", "ul0");
            deviceA = providerA.open(settings(VX, VNI, "192.0.2.1", a, Map.of()), listenerA);
            deviceB = providerB.open(settings(VX, VNI, "192.0.2.2", b, Map.of()), listenerB);
            deviceA.associate(1, PluginMode.DYNAMIC, null);
            deviceB.associate(1, PluginMode.DYNAMIC, null);
            for (String[] h : new String[][] {{a, "10.42.0.1/24", "fd42::1/64"}, {b, "10.42.0.2/24", "fd42::2/64"}}) {
                Shell.must("ip", "-n", h[0], "addr", "add", h[1], "dev", VX);
                Shell.must("ip", "-n", h[0], "addr", "add", h[2], "dev", VX, "nodad");
            }
            macA = MacAddress.parse(TestNamespaces.mac(a, VX));
            macB = MacAddress.parse(TestNamespaces.mac(b, VX));
            TargetPoint hostA = TargetPoint.of(ip("192.0.2.1"), PORT);
            TargetPoint hostB = TargetPoint.of(ip("192.0.2.2"), PORT);
            for (MapListener l : new MapListener[] {listenerA, listenerB}) {
                l.put(ip("10.42.0.1"), macA, hostA);
                l.put(ip("fd42::1"), macA, hostA);
                l.put(ip("10.42.0.2"), macB, hostB);
                l.put(ip("fd42::2"), macB, hostB);
            }
        } catch (Throwable t) {
            cleanUp();
            throw t;
        }
    }

    @AfterAll
    void cleanUp() {
        try {
            providerA.deactivate();
            providerB.deactivate();
        } finally {
            namespaces.deleteAll();
        }
    }

    /** ping -c 3 -W 1 from {@code ns}; the output must show a reply to the first packet. */
    static void pingFirstPacketAnswered(String ns, String... args) {
        String[] cmd = new String[6 + args.length];
        System.arraycopy(new String[] {"ip", "netns", "exec", ns, "ping", "-n"}, 0, cmd, 0, 6);
        System.arraycopy(args, 0, cmd, 6, args.length);
        String out = Shell.must(cmd);
        System.out.println(String.join(" ", cmd) + "\n" + out);
        assertTrue(out.contains("icmp_seq=1 "), "the first packet got no reply:\n" + out);
    }

    @Test
    void hostOriginatedIpv4PingGetsItsFirstReplyThroughAppProbes() {
        pingFirstPacketAnswered(a, "-c", "3", "-W", "1", "10.42.0.2");
        assertTrue(listenerA.asked.contains("l3 10.42.0.2"), listenerA.asked.toString());
        assertTrue(listenerB.asked.contains("l3 10.42.0.1"), listenerB.asked.toString());
        assertTrue(
                deviceA.linuxCounters().entriesInstalled.get() >= 2,
                deviceA.linuxCounters().toString());
    }

    @Test
    void hostOriginatedIpv6PingGetsItsFirstReplyThroughAppProbes() {
        pingFirstPacketAnswered(a, "-6", "-c", "3", "-W", "1", "fd42::2");
        assertTrue(listenerA.asked.contains("l3 fd42::2"), listenerA.asked.toString());
        String neigh = Shell.must("ip", "-n", a, "-6", "neigh", "show", "fd42::2", "dev", VX);
        assertTrue(neigh.contains(macB.toString()) && neigh.contains("PERMANENT"), neigh);
    }

    @Test
    void linkLocalMissesNeverReachTheListener() {
        pingFirstPacketAnswered(a, "-6", "-c", "1", "-W", "1", "fd42::2");
        assertFalse(listenerA.asked.stream().anyMatch(s -> s.startsWith("l3 fe80")), listenerA.asked.toString());
        assertFalse(listenerB.asked.stream().anyMatch(s -> s.startsWith("l3 fe80")), listenerB.asked.toString());
    }

    @Test
    void removedFdbEntryComesBackThroughAnL2Miss() throws Exception {
        // An address of its own, so the app-probe tests still find 10.42.0.2 unresolved whatever the order.
        Shell.must("ip", "-n", b, "addr", "replace", "10.42.0.12/24", "dev", VX);
        Shell.must(
                "ip",
                "-n",
                a,
                "neigh",
                "replace",
                "10.42.0.12",
                "lladdr",
                macB.toString(),
                "dev",
                VX,
                "nud",
                "permanent");
        try {
            deviceA.cacheRemove(macB);
        } catch (VarpdException e) {
            assertEquals(Errno.ENOENT, e.errno());
        }
        assertTrue(deviceA.cacheGet(macB).isEmpty());
        // The packet that misses is dropped by the kernel; the next ones find the entry.
        String out =
                Shell.must("ip", "netns", "exec", a, "ping", "-n", "-c", "3", "-i", "0.3", "-W", "1", "10.42.0.12");
        assertTrue(listenerA.asked.contains("l2 " + macB), listenerA.asked + "\n" + out);
        assertEquals(
                CacheEntry.to(macB, TargetPoint.of(ip("192.0.2.2"), PORT)),
                deviceA.cacheGet(macB).orElseThrow());
    }

    @Test
    void cacheOperationsAreTheVxlanFdb() throws Exception {
        MacAddress x = MacAddress.parse("02:00:00:00:42:01");
        deviceA.cacheSet(CacheEntry.to(x, TargetPoint.of(ip("192.0.2.9"), 4790)));
        assertEquals(
                CacheEntry.to(x, TargetPoint.of(ip("192.0.2.9"), 4790)),
                deviceA.cacheGet(x).orElseThrow());
        String fdb = Shell.must("bridge", "-n", a, "fdb", "show", "dev", VX);
        assertTrue(fdb.contains(x + " dst 192.0.2.9 port 4790 self permanent"), fdb);

        deviceA.cacheSet(CacheEntry.dropping(x));
        assertEquals(CacheEntry.dropping(x), deviceA.cacheGet(x).orElseThrow());
        assertTrue(deviceA.cacheEntries().contains(CacheEntry.dropping(x)));

        deviceA.cacheRemove(x);
        assertTrue(deviceA.cacheGet(x).isEmpty());
        VarpdException e = assertThrows(VarpdException.class, () -> deviceA.cacheRemove(x));
        assertEquals(Errno.ENOENT, e.errno());
    }

    @Test
    void cacheGetReadsOneEntryAsBridgeFdbGetAndShowSeeIt() throws Exception {
        MacAddress viaVarpd = MacAddress.parse("02:00:00:00:42:11");
        MacAddress dropped = MacAddress.parse("02:00:00:00:42:12");
        MacAddress viaBridge = MacAddress.parse("02:00:00:00:42:13");
        MacAddress absent = MacAddress.parse("02:00:00:00:42:14");
        deviceA.cacheSet(CacheEntry.to(viaVarpd, TargetPoint.of(ip("192.0.2.9"), 4790)));
        deviceA.cacheSet(CacheEntry.dropping(dropped));
        // Made outside varpd, on the device's own port (the kernel then reports no NDA_PORT).
        Shell.must(
                "bridge",
                "-n",
                a,
                "fdb",
                "replace",
                viaBridge.toString(),
                "dev",
                VX,
                "dst",
                "192.0.2.7",
                "self",
                "permanent");
        try {
            String[][] expected = {
                {viaVarpd.toString(), "dst 192.0.2.9 port 4790 self permanent"},
                {dropped.toString(), "dst 0.0.0.0 self permanent"},
                {viaBridge.toString(), "dst 192.0.2.7 self permanent"}
            };
            for (String[] e : expected) {
                String get = Shell.must("bridge", "-n", a, "fdb", "get", e[0], "dev", VX, "self");
                String show = Shell.must("bridge", "-n", a, "fdb", "show", "dev", VX);
                assertTrue(get.contains(e[0] + " dev " + VX + " " + e[1]), get);
                assertTrue(show.contains(e[0] + " " + e[1]), show);
            }
            assertEquals(
                    CacheEntry.to(viaVarpd, TargetPoint.of(ip("192.0.2.9"), 4790)),
                    deviceA.cacheGet(viaVarpd).orElseThrow());
            assertEquals(CacheEntry.dropping(dropped), deviceA.cacheGet(dropped).orElseThrow());
            assertEquals(
                    CacheEntry.to(viaBridge, TargetPoint.of(ip("192.0.2.7"), PORT)),
                    deviceA.cacheGet(viaBridge).orElseThrow());

            assertFalse(Shell.run("bridge", "-n", a, "fdb", "get", absent.toString(), "dev", VX, "self")
                    .ok());
            assertTrue(deviceA.cacheGet(absent).isEmpty());
            // The all-zeros and multicast keys are not target-cache entries.
            assertTrue(deviceA.cacheGet(MacAddress.ZERO).isEmpty());
            assertTrue(
                    deviceA.readsSingleFdbEntries(),
                    "the kernel refused a single-entry get (EOPNOTSUPP): dumps were used");
        } finally {
            for (MacAddress m : new MacAddress[] {viaVarpd, dropped, viaBridge}) {
                Shell.run("bridge", "-n", a, "fdb", "del", m.toString(), "dev", VX, "self");
            }
        }
    }

    @Test
    void aLeftoverVarpdVxlanIsUnclaimedAndOpenOrForeignOnesAreNot() throws Exception {
        // vt7: varpd's signature, no device open for it (a run went while its instance was deleted).
        Shell.must(
                "ip",
                "-n",
                a,
                "link",
                "add",
                "vt7",
                "type",
                "vxlan",
                "id",
                "21",
                "dstport",
                "4789",
                "local",
                "192.0.2.1",
                "nolearning",
                "proxy",
                "l2miss",
                "l3miss");
        // vt8: somebody else's vxlan, without the miss flags.
        Shell.must(
                "ip",
                "-n",
                a,
                "link",
                "add",
                "vt8",
                "type",
                "vxlan",
                "id",
                "22",
                "dstport",
                "4789",
                "local",
                "192.0.2.1");
        // A provider whose device in A was closed again: no session there any more, A is still looked at.
        LinuxDeviceProvider earlier = new LinuxDeviceProvider();
        earlier.open(settings("vt9", 23, "192.0.2.1", a, Map.of()), listenerA).close();
        try {
            for (LinuxDeviceProvider p : new LinuxDeviceProvider[] {providerA, earlier}) {
                java.util.List<io.varpd.api.device.UnclaimedDevice> found = p.unclaimedDevices().stream()
                        .filter(u -> u.location().equals(a))
                        .toList();
                assertTrue(found.contains(new io.varpd.api.device.UnclaimedDevice("vt7", 21, a)), found.toString());
                assertFalse(found.stream().anyMatch(u -> u.linkName().equals("vt8")), "no miss flags: " + found);
                assertFalse(found.stream().anyMatch(u -> u.linkName().equals("vt9")), "closed and deleted: " + found);
                if (p == providerA) {
                    assertFalse(found.stream().anyMatch(u -> u.linkName().equals(VX)), "vt0 is open: " + found);
                }
            }
            // Namespace B has no leftovers, and provider A never opened anything there.
            assertTrue(
                    providerB.unclaimedDevices().stream()
                            .noneMatch(u -> u.location().equals(b)),
                    providerB.unclaimedDevices().toString());
            assertTrue(providerA.unclaimedDevices().stream()
                    .noneMatch(u -> u.location().equals(b)));
        } finally {
            Shell.run("ip", "-n", a, "link", "del", "vt7");
            Shell.run("ip", "-n", a, "link", "del", "vt8");
        }
    }

    @Test
    void providerCountersSumTheNamespacesMonitors() {
        Map<String, Long> c = providerA.counters();
        assertEquals(
                java.util.List.of("notifications_lost", "resyncs", "malformed_messages"),
                java.util.List.copyOf(c.keySet()));
        assertTrue(c.values().stream().allMatch(v -> v >= 0), c.toString());
        assertEquals(deviceA.notificationsLost(), c.get("notifications_lost"));
    }

    @Test
    void anInjectedGratuitousArpMovesTheNeighbourVarpdInstalled() throws Exception {
        // An address of its own on B, resolved by A's daemon to B's MAC.
        Shell.must("ip", "-n", b, "addr", "replace", "10.42.0.22/24", "dev", VX);
        listenerA.put(ip("10.42.0.22"), macB, TargetPoint.of(ip("192.0.2.2"), PORT));
        pingFirstPacketAnswered(a, "-c", "1", "-W", "1", "10.42.0.22");
        assertTrue(neighbour(a, "10.42.0.22").contains(macB.toString()), neighbour(a, "10.42.0.22"));

        // The address moves to a MAC varpd has an FDB entry for: the neighbour follows at once.
        MacAddress moved = MacAddress.parse("02:00:00:00:42:22");
        deviceA.cacheSet(CacheEntry.to(moved, TargetPoint.of(ip("192.0.2.2"), PORT)));
        java.net.Inet4Address v4 = (java.net.Inet4Address) ip("10.42.0.22");
        deviceA.inject(io.varpd.frame.GratuitousArp.build(0, moved, v4, MacAddress.BROADCAST));
        String n = neighbour(a, "10.42.0.22");
        assertTrue(n.contains(moved.toString()) && n.contains("PERMANENT"), n);

        // To a MAC without an FDB entry: the neighbour goes, so the next packet asks (FDB first).
        MacAddress unknown = MacAddress.parse("02:00:00:00:42:23");
        deviceA.inject(io.varpd.frame.GratuitousArp.build(0, unknown, v4, MacAddress.BROADCAST));
        assertEquals("", neighbour(a, "10.42.0.22"));
        pingFirstPacketAnswered(a, "-c", "1", "-W", "1", "10.42.0.22");
        assertTrue(neighbour(a, "10.42.0.22").contains(macB.toString()), neighbour(a, "10.42.0.22"));
        deviceA.cacheRemove(moved);

        // A device without a bridge refuses frames it cannot deliver.
        byte[] notArp = io.varpd.frame.GratuitousArp.build(0, moved, v4, MacAddress.BROADCAST);
        notArp[12] = 0x08;
        notArp[13] = 0x00;
        assertEquals(
                Errno.ENOTSUP,
                assertThrows(VarpdException.class, () -> deviceA.inject(notArp)).errno());
    }

    @Test
    void anInjectedUnsolicitedAdvertisementMovesTheIpv6NeighbourVarpdInstalled() throws Exception {
        Shell.must("ip", "-n", b, "addr", "replace", "fd42::22/64", "dev", VX, "nodad");
        listenerA.put(ip("fd42::22"), macB, TargetPoint.of(ip("192.0.2.2"), PORT));
        pingFirstPacketAnswered(a, "-6", "-c", "1", "-W", "1", "fd42::22");
        assertTrue(neighbour(a, "fd42::22").contains(macB.toString()), neighbour(a, "fd42::22"));

        MacAddress moved = MacAddress.parse("02:00:00:00:62:22");
        deviceA.cacheSet(CacheEntry.to(moved, TargetPoint.of(ip("192.0.2.2"), PORT)));
        java.net.Inet6Address v6 = (java.net.Inet6Address) ip("fd42::22");
        deviceA.inject(advertisement(moved, v6));
        String n = neighbour(a, "fd42::22");
        assertTrue(n.contains(moved.toString()) && n.contains("PERMANENT"), n);

        // To a MAC without an FDB entry: the neighbour goes, and the next packet asks again.
        deviceA.inject(advertisement(MacAddress.parse("02:00:00:00:62:23"), v6));
        assertEquals("", neighbour(a, "fd42::22"));
        pingFirstPacketAnswered(a, "-6", "-c", "1", "-W", "1", "fd42::22");
        assertTrue(neighbour(a, "fd42::22").contains(macB.toString()), neighbour(a, "fd42::22"));
        deviceA.cacheRemove(moved);
    }

    static byte[] advertisement(MacAddress mac, java.net.Inet6Address ip) {
        return io.varpd.frame.NeighborAdvertisement.unsolicited(
                0,
                mac,
                ip,
                io.varpd.frame.NeighborAdvertisement.ALL_NODES_MAC,
                io.varpd.frame.NeighborAdvertisement.ALL_NODES);
    }

    private static String neighbour(String ns, String address) {
        return Shell.must("ip", "-n", ns, "neigh", "show", address, "dev", VX).trim();
    }

    @Test
    void aSecondDeviceForTheSameVniIsRefused() {
        VarpdException e = assertThrows(
                VarpdException.class, () -> providerA.open(settings("vt1", VNI, "192.0.2.1", a, Map.of()), listenerA));
        assertEquals(Errno.EEXIST, e.errno());
    }

    @Test
    void theKernelsRefusalIsReportedWithItsText() {
        // A second provider (another daemon) does not know about vt0: the kernel refuses the VNI itself.
        LinuxDeviceProvider other = new LinuxDeviceProvider();
        VarpdException e = assertThrows(
                VarpdException.class, () -> other.open(settings("vt1", VNI, "192.0.2.1", a, Map.of()), listenerA));
        assertEquals(Errno.EEXIST, e.errno());
        assertTrue(e.getMessage().contains("VNI"), e.getMessage());
    }

    /**
     * A vxlan left by a run that crashed (its provider never closed) is taken over with its entries in place; once the
     * instance is associated each is asked about again: the one the listener confirms stays, the one it maps elsewhere
     * is replaced, the ones it no longer knows go.
     */
    @Test
    void aVxlanLeftByACrashedRunIsTakenOverAndItsEntriesCheckedAgain() throws Exception {
        LinuxOverlayDevice crashed =
                new LinuxDeviceProvider().open(settings("vt5", 11, "192.0.2.1", a, Map.of()), listenerA);
        crashed.associate(4, PluginMode.DYNAMIC, null);
        MacAddress kept = MacAddress.parse("02:00:00:00:42:05");
        MacAddress moved = MacAddress.parse("02:00:00:00:42:06");
        MacAddress gone = MacAddress.parse("02:00:00:00:42:07");
        TargetPoint hostB = TargetPoint.of(ip("192.0.2.2"), PORT);
        for (MacAddress m : new MacAddress[] {kept, moved, gone}) {
            crashed.cacheSet(CacheEntry.to(m, hostB));
        }
        Shell.must(
                "ip",
                "-n",
                a,
                "neigh",
                "replace",
                "10.45.0.5",
                "lladdr",
                kept.toString(),
                "dev",
                "vt5",
                "nud",
                "permanent");
        Shell.must(
                "ip",
                "-n",
                a,
                "neigh",
                "replace",
                "10.45.0.6",
                "lladdr",
                kept.toString(),
                "dev",
                "vt5",
                "nud",
                "permanent");
        Shell.must(
                "ip",
                "-n",
                a,
                "-6",
                "neigh",
                "replace",
                "fd45::7",
                "lladdr",
                gone.toString(),
                "dev",
                "vt5",
                "nud",
                "permanent");
        MapListener now = new MapListener();
        now.put(ip("10.45.0.5"), kept, hostB);
        now.put(ip("10.45.0.6"), moved, TargetPoint.of(ip("192.0.2.3"), PORT)); // the address and its MAC moved
        LinuxOverlayDevice restarted =
                new LinuxDeviceProvider().open(settings("vt5", 11, "192.0.2.1", a, Map.of()), now);
        try {
            String fdb = Shell.must("bridge", "-n", a, "fdb", "show", "dev", "vt5");
            assertTrue(
                    fdb.contains(kept + " dst 192.0.2.2") && fdb.contains(gone + " dst 192.0.2.2"),
                    "taken over, nothing flushed before the instance can answer:\n" + fdb);
            restarted.associate(5, PluginMode.DYNAMIC, null);
            LinuxDeviceCounters k = restarted.linuxCounters();
            long end = System.nanoTime() + 10_000_000_000L;
            while (k.reconcileKept.get() + k.reconcileReplaced.get() + k.reconcileRemoved.get() < 6
                    && System.nanoTime() - end < 0) {
                Thread.sleep(20);
            }
            fdb = Shell.must("bridge", "-n", a, "fdb", "show", "dev", "vt5");
            String v4 = Shell.must("ip", "-n", a, "neigh", "show", "dev", "vt5");
            String v6 = Shell.must("ip", "-n", a, "-6", "neigh", "show", "dev", "vt5");
            String seen = k + "\n" + fdb + v4 + v6;
            assertTrue(fdb.contains(kept + " dst 192.0.2.2 self permanent"), "confirmed: stays\n" + seen);
            assertTrue(fdb.contains(moved + " dst 192.0.2.3 self permanent"), "mapped elsewhere: replaced\n" + seen);
            assertFalse(fdb.contains(gone.toString()), "unknown: removed\n" + seen);
            assertTrue(
                    v4.contains("10.45.0.5 lladdr " + kept) && v4.contains("10.45.0.6 lladdr " + moved),
                    "neighbours confirmed and moved\n" + seen);
            assertFalse(v6.contains("fd45::7"), "a neighbour that no longer resolves goes\n" + seen);
            assertTrue(now.asked.contains("l2 " + gone) && now.asked.contains("l3 10.45.0.6"), now.asked.toString());
        } finally {
            restarted.close();
        }
        assertFalse(Shell.run("ip", "-n", a, "link", "show", "vt5").ok(), "taken over as ours: deleted on close");
    }

    @Test
    void aForeignVxlanOfTheSameNameIsNotTakenOver() throws Exception {
        Shell.must(
                "ip",
                "-n",
                a,
                "link",
                "add",
                "vt6",
                "type",
                "vxlan",
                "id",
                "12",
                "dstport",
                "4789",
                "local",
                "192.0.2.1");
        try {
            VarpdException e = assertThrows(
                    VarpdException.class,
                    () -> new LinuxDeviceProvider().open(settings("vt6", 12, "192.0.2.1", a, Map.of()), listenerA));
            assertEquals(Errno.EEXIST, e.errno());
        } finally {
            Shell.must("ip", "-n", a, "link", "del", "vt6");
        }
    }

    @Test
    void aMissingNamespaceIsAnInvalidSetting() {
        VarpdException e = assertThrows(
                VarpdException.class,
                () -> new LinuxDeviceProvider()
                        .open(settings("vt1", 1, "192.0.2.1", a + "-missing", Map.of()), listenerA));
        assertEquals(Errno.EINVAL, e.errno());
    }

    @Test
    void closeDeletesTheCreatedVxlanAndAdoptedOnesStay() throws Exception {
        LinuxOverlayDevice d = providerA.open(settings("vt2", 7, "192.0.2.1", a, Map.of()), listenerA);
        assertTrue(Shell.run("ip", "-n", a, "link", "show", "vt2").ok());
        d.close();
        assertFalse(Shell.run("ip", "-n", a, "link", "show", "vt2").ok());

        Shell.must(
                "ip",
                "-n",
                a,
                "link",
                "add",
                "vt3",
                "type",
                "vxlan",
                "id",
                "8",
                "dstport",
                "4789",
                "local",
                "192.0.2.1",
                "nolearning",
                "proxy",
                "l2miss",
                "l3miss");
        LinuxOverlayDevice adopted =
                providerA.open(settings("vt3", 8, "192.0.2.1", a, Map.of(LinuxSettings.ADOPT, "true")), listenerA);
        adopted.associate(2, PluginMode.DYNAMIC, null);
        MacAddress y = MacAddress.parse("02:00:00:00:42:02");
        adopted.cacheSet(CacheEntry.to(y, TargetPoint.of(ip("192.0.2.2"), PORT)));
        adopted.close();
        assertTrue(Shell.run("ip", "-n", a, "link", "show", "vt3").ok(), "an adopted vxlan stays");
        assertFalse(
                Shell.must("bridge", "-n", a, "fdb", "show", "dev", "vt3").contains(y.toString()),
                "the entries varpd installed go");
    }

    @Test
    void pointModeSendsEveryFrameToThePoint() throws Exception {
        LinuxOverlayDevice d = providerA.open(settings("vt4", 9, "192.0.2.1", a, Map.of()), listenerA);
        try {
            TargetPoint point = TargetPoint.of(ip("192.0.2.2"), PORT);
            d.associate(3, PluginMode.POINT, point);
            String fdb = Shell.must("bridge", "-n", a, "fdb", "show", "dev", "vt4");
            assertTrue(fdb.contains("00:00:00:00:00:00 dst 192.0.2.2 self permanent"), fdb);
            assertEquals(java.util.List.of(CacheEntry.to(MacAddress.ZERO, point)), d.cacheEntries());
            assertEquals(
                    Errno.ENOTSUP,
                    assertThrows(VarpdException.class, d::cacheFlush).errno());
            d.disassociate();
            assertFalse(
                    Shell.must("bridge", "-n", a, "fdb", "show", "dev", "vt4").contains("00:00:00:00:00:00"));
        } finally {
            d.close();
        }
    }
}
