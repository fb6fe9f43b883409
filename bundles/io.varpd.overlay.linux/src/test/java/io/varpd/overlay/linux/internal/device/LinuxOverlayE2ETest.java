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
 * The provider against the real kernel: two "hosts" (namespaces) joined by a veth underlay, each
 * with a provider of its own (two daemons) and a listener answering from a map. Needs root; skipped
 * otherwise. Every namespace is ours ({@code vt-...}) and is deleted afterwards.
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
        assertTrue(deviceA.counters().entriesInstalled.get() >= 2, deviceA.counters().toString());
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
        Shell.must("ip", "-n", a, "neigh", "replace", "10.42.0.12", "lladdr", macB.toString(), "dev", VX, "nud", "permanent");
        try {
            deviceA.cacheRemove(macB);
        } catch (VarpdException e) {
            assertEquals(Errno.ENOENT, e.errno());
        }
        assertTrue(deviceA.cacheGet(macB).isEmpty());
        // The packet that misses is dropped by the kernel; the next ones find the entry.
        String out = Shell.must("ip", "netns", "exec", a, "ping", "-n", "-c", "3", "-i", "0.3", "-W", "1", "10.42.0.12");
        assertTrue(listenerA.asked.contains("l2 " + macB), listenerA.asked + "\n" + out);
        assertEquals(CacheEntry.to(macB, TargetPoint.of(ip("192.0.2.2"), PORT)), deviceA.cacheGet(macB).orElseThrow());
    }

    @Test
    void cacheOperationsAreTheVxlanFdb() throws Exception {
        MacAddress x = MacAddress.parse("02:00:00:00:42:01");
        deviceA.cacheSet(CacheEntry.to(x, TargetPoint.of(ip("192.0.2.9"), 4790)));
        assertEquals(CacheEntry.to(x, TargetPoint.of(ip("192.0.2.9"), 4790)), deviceA.cacheGet(x).orElseThrow());
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
    void aSecondDeviceForTheSameVniIsRefused() {
        VarpdException e = assertThrows(VarpdException.class,
                () -> providerA.open(settings("vt1", VNI, "192.0.2.1", a, Map.of()), listenerA));
        assertEquals(Errno.EEXIST, e.errno());
    }

    @Test
    void theKernelsRefusalIsReportedWithItsText() {
        // A second provider (another daemon) does not know about vt0: the kernel refuses the VNI itself.
        LinuxDeviceProvider other = new LinuxDeviceProvider();
        VarpdException e = assertThrows(VarpdException.class,
                () -> other.open(settings("vt1", VNI, "192.0.2.1", a, Map.of()), listenerA));
        assertEquals(Errno.EEXIST, e.errno());
        assertTrue(e.getMessage().contains("VNI"), e.getMessage());
    }

    @Test
    void aVxlanLeftByACrashedRunIsTakenOverAndFlushed() throws Exception {
        // The first daemon "crashes": its provider is never closed, so vt5 and its entry stay.
        LinuxOverlayDevice crashed = new LinuxDeviceProvider().open(settings("vt5", 11, "192.0.2.1", a, Map.of()), listenerA);
        crashed.associate(4, PluginMode.DYNAMIC, null);
        MacAddress old = MacAddress.parse("02:00:00:00:42:05");
        crashed.cacheSet(CacheEntry.to(old, TargetPoint.of(ip("192.0.2.2"), PORT)));

        LinuxOverlayDevice restarted = new LinuxDeviceProvider().open(settings("vt5", 11, "192.0.2.1", a, Map.of()),
                listenerA);

        assertFalse(Shell.must("bridge", "-n", a, "fdb", "show", "dev", "vt5").contains(old.toString()),
                "the old run's entries are flushed");
        restarted.close();
        assertFalse(Shell.run("ip", "-n", a, "link", "show", "vt5").ok(), "taken over as ours: deleted on close");
    }

    @Test
    void aForeignVxlanOfTheSameNameIsNotTakenOver() throws Exception {
        Shell.must("ip", "-n", a, "link", "add", "vt6", "type", "vxlan", "id", "12", "dstport", "4789", "local",
                "192.0.2.1");
        try {
            VarpdException e = assertThrows(VarpdException.class,
                    () -> new LinuxDeviceProvider().open(settings("vt6", 12, "192.0.2.1", a, Map.of()), listenerA));
            assertEquals(Errno.EEXIST, e.errno());
        } finally {
            Shell.must("ip", "-n", a, "link", "del", "vt6");
        }
    }

    @Test
    void aMissingNamespaceIsAnInvalidSetting() {
        VarpdException e = assertThrows(VarpdException.class,
                () -> new LinuxDeviceProvider().open(settings("vt1", 1, "192.0.2.1", a + "-missing", Map.of()), listenerA));
        assertEquals(Errno.EINVAL, e.errno());
    }

    @Test
    void closeDeletesTheCreatedVxlanAndAdoptedOnesStay() throws Exception {
        LinuxOverlayDevice d = providerA.open(settings("vt2", 7, "192.0.2.1", a, Map.of()), listenerA);
        assertTrue(Shell.run("ip", "-n", a, "link", "show", "vt2").ok());
        d.close();
        assertFalse(Shell.run("ip", "-n", a, "link", "show", "vt2").ok());

        Shell.must("ip", "-n", a, "link", "add", "vt3", "type", "vxlan", "id", "8", "dstport", "4789", "local", "192.0.2.1",
                "nolearning", "proxy", "l2miss", "l3miss");
        LinuxOverlayDevice adopted = providerA.open(settings("vt3", 8, "192.0.2.1", a,
                Map.of(LinuxSettings.ADOPT, "true")), listenerA);
        adopted.associate(2, PluginMode.DYNAMIC, null);
        MacAddress y = MacAddress.parse("02:00:00:00:42:02");
        adopted.cacheSet(CacheEntry.to(y, TargetPoint.of(ip("192.0.2.2"), PORT)));
        adopted.close();
        assertTrue(Shell.run("ip", "-n", a, "link", "show", "vt3").ok(), "an adopted vxlan stays");
        assertFalse(Shell.must("bridge", "-n", a, "fdb", "show", "dev", "vt3").contains(y.toString()),
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
            assertEquals(Errno.ENOTSUP, assertThrows(VarpdException.class, d::cacheFlush).errno());
            d.disassociate();
            assertFalse(Shell.must("bridge", "-n", a, "fdb", "show", "dev", "vt4").contains("00:00:00:00:00:00"));
        } finally {
            d.close();
        }
    }
}
