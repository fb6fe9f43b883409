// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.device;

import static io.varpd.overlay.linux.internal.device.BridgedHosts.MAC_GUEST_A;
import static io.varpd.overlay.linux.internal.device.BridgedHosts.MAC_GUEST_B;
import static io.varpd.overlay.linux.internal.device.BridgedHosts.SETTINGS;
import static io.varpd.overlay.linux.internal.device.LinuxOverlayE2ETest.PORT;
import static io.varpd.overlay.linux.internal.device.LinuxOverlayE2ETest.VNI;
import static io.varpd.overlay.linux.internal.device.LinuxOverlayE2ETest.VX;
import static io.varpd.overlay.linux.internal.device.LinuxOverlayE2ETest.ip;
import static io.varpd.overlay.linux.internal.device.LinuxOverlayE2ETest.pingFirstPacketAnswered;
import static io.varpd.overlay.linux.internal.device.LinuxOverlayE2ETest.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.Errno;
import io.varpd.api.MacAddress;
import io.varpd.api.PluginMode;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import io.varpd.api.device.CacheEntry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Day-2 operations of the Linux device against the real kernel, in the bridged-guest layout of {@link BridgedHosts}
 * (two hosts, each a bridge with its vxlan and a guest): a daemon that stops (its provider deactivated, as when the
 * runtime stops or the bundle is updated) leaves the vxlan, its entries and the guests' traffic alone, and the next one
 * takes it over without a flush; the MAC of a created vxlan survives its re-creation; settings change on the live
 * vxlan; a listen address the host does not have is refused; a host whose own overlay address sits on the bridge gets
 * its first reply without waiting for an ARP retransmit. Needs root; skipped otherwise. Every namespace is ours
 * ({@code vt-...}) and is deleted afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LinuxRestartE2ETest {
    private final TestNamespaces namespaces = new TestNamespaces();
    private final List<LinuxDeviceProvider> providers = new java.util.ArrayList<>();
    /** Host A's daemon's answers (a new one after its restart). */
    private MapListener listener = new MapListener();
    /** Host B's daemon's answers; B is never restarted. */
    private final MapListener listenerB = new MapListener();

    private String a;
    private String guestA;
    private LinuxOverlayDevice deviceA;

    @BeforeAll
    void bridgedHosts() throws Exception {
        TestNamespaces.assumeUsable();
        try {
            BridgedHosts hosts = new BridgedHosts(namespaces, false);
            a = hosts.a;
            guestA = hosts.guestA;
            mapGuests(listener);
            mapGuests(listenerB);
            deviceA = open(a, "192.0.2.1", SETTINGS, listener);
            open(hosts.b, "192.0.2.2", SETTINGS, listenerB);
        } catch (Throwable t) {
            cleanUp();
            throw t;
        }
    }

    private static void mapGuests(MapListener l) throws VarpdException {
        l.put(ip("10.42.0.1"), MacAddress.parse(MAC_GUEST_A), TargetPoint.of(ip("192.0.2.1"), PORT));
        l.put(ip("10.42.0.2"), MacAddress.parse(MAC_GUEST_B), TargetPoint.of(ip("192.0.2.2"), PORT));
    }

    /** A daemon (a provider of its own) opening and associating vt0 in {@code ns}. */
    private LinuxOverlayDevice open(String ns, String listen, Map<String, Object> extra, MapListener l)
            throws VarpdException {
        LinuxDeviceProvider p = new LinuxDeviceProvider();
        providers.add(p);
        LinuxOverlayDevice d = p.open(settings(VX, VNI, listen, ns, extra), l);
        d.associate(1, PluginMode.DYNAMIC, null);
        return d;
    }

    @AfterAll
    void cleanUp() {
        try {
            providers.forEach(LinuxDeviceProvider::deactivate);
        } finally {
            namespaces.deleteAll();
        }
    }

    /**
     * The daemon on A stops (its provider deactivates, as at a SIGTERM or a bundle update) and a new one starts, while
     * guest A floods guest B with pings: the established flow loses nothing, the vxlan keeps its ifindex and MAC, and
     * its entries are taken over, not flushed. An entry installed by the old run that the new run's plugin no longer
     * knows is removed afterwards.
     */
    @Test
    @Order(1)
    void aStopAndRestartOfTheDaemonLosesNoPacketOfAnEstablishedFlow() throws Exception {
        pingFirstPacketAnswered(guestA, "-c", "2", "-W", "1", "10.42.0.2");
        int index = deviceA.ifindex();
        String mac = TestNamespaces.mac(a, VX);
        MacAddress stale = MacAddress.parse("02:00:00:00:42:77");
        deviceA.cacheSet(CacheEntry.to(stale, TargetPoint.of(ip("192.0.2.2"), PORT)));

        PingFlood flood = PingFlood.start(guestA, "10.42.0.2");
        try {
            Thread.sleep(800); // the flood is established
            providers.get(0).deactivate();
            assertTrue(Shell.run("ip", "-n", a, "link", "show", VX).ok(), "the vxlan outlives its daemon");
            String fdb = Shell.must("bridge", "-n", a, "fdb", "show", "dev", VX);
            assertTrue(fdb.contains(MAC_GUEST_B + " dst 192.0.2.2 self permanent"), "entries stay:\n" + fdb);
            Thread.sleep(1000); // the daemon is down for a second
            listener = new MapListener();
            mapGuests(listener);
            deviceA = open(a, "192.0.2.1", SETTINGS, listener);
        } finally {
            flood.assertNoLoss("guest A to guest B");
        }
        assertEquals(index, deviceA.ifindex(), "the same vxlan, taken over");
        assertEquals(mac, TestNamespaces.mac(a, VX), "the vxlan keeps its MAC");
        LinuxDeviceCounters k = deviceA.linuxCounters();
        long end = System.nanoTime() + 10_000_000_000L;
        while (Shell.must("bridge", "-n", a, "fdb", "show", "dev", VX).contains(stale.toString())
                && System.nanoTime() - end < 0) {
            Thread.sleep(50);
        }
        String fdb = Shell.must("bridge", "-n", a, "fdb", "show", "dev", VX);
        assertFalse(fdb.contains(stale.toString()), "the entry the plugin no longer knows goes; " + k + "\n" + fdb);
        assertTrue(fdb.contains(MAC_GUEST_B + " dst 192.0.2.2 self permanent"), fdb);
        assertTrue(k.reconcileKept.get() >= 1 && k.reconcileRemoved.get() >= 1, k.toString());
    }

    /** A vxlan varpd creates gets the same MAC when it is deleted and created again. */
    @Test
    @Order(2)
    void aCreatedVxlanKeepsItsMacAcrossCloseAndOpen() throws Exception {
        LinuxDeviceProvider p = new LinuxDeviceProvider();
        providers.add(p);
        LinuxOverlayDevice d = p.open(settings("vt2", 77, "192.0.2.1", a, Map.of()), listener);
        String first = TestNamespaces.mac(a, "vt2");
        d.close();
        assertFalse(Shell.run("ip", "-n", a, "link", "show", "vt2").ok(), "close deletes the created vxlan");
        d = p.open(settings("vt2", 77, "192.0.2.1", a, Map.of()), listener);
        try {
            assertEquals(first, TestNamespaces.mac(a, "vt2"));
            assertEquals(StableMac.of(a, "vt2", 77, ip("192.0.2.1")).toString(), first);
        } finally {
            d.close();
        }
    }

    /**
     * MTU and announcements change on the live vxlan (same ifindex); a bad bridge name is refused and changes nothing;
     * a new underlay device needs a new vxlan (false).
     */
    @Test
    @Order(3)
    void mtuAndAnnounceChangeOnTheLiveVxlan() throws Exception {
        int index = deviceA.ifindex();
        Map<String, Object> quiet = new HashMap<>(Map.of(LinuxSettings.BRIDGE, "br0", LinuxSettings.MTU, 1300L));
        assertTrue(deviceA.reconfigure(settings(VX, VNI, "192.0.2.1", a, quiet)));
        assertTrue(Shell.must("ip", "-n", a, "link", "show", VX).contains("mtu 1300 "));
        long announced = deviceA.linuxCounters().announcements.get();
        forgetGuestB();
        pingFirstPacketAnswered(guestA, "-c", "2", "-W", "1", "10.42.0.2");
        assertEquals(announced, deviceA.linuxCounters().announcements.get(), "announce was unset");

        Map<String, Object> bad = new HashMap<>(SETTINGS);
        bad.put(LinuxSettings.MTU, 1200L);
        bad.put(LinuxSettings.ANNOUNCE, "nosuch0");
        VarpdException e =
                assertThrows(VarpdException.class, () -> deviceA.reconfigure(settings(VX, VNI, "192.0.2.1", a, bad)));
        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(
                e.getMessage().contains(LinuxSettings.ANNOUNCE)
                        && e.getMessage().contains("nosuch0"),
                e.getMessage());
        assertTrue(Shell.must("ip", "-n", a, "link", "show", VX).contains("mtu 1300 "), "nothing changed");

        Map<String, Object> loud = new HashMap<>(SETTINGS);
        loud.put(LinuxSettings.MTU, 1400L);
        assertTrue(deviceA.reconfigure(settings(VX, VNI, "192.0.2.1", a, loud)));
        assertTrue(Shell.must("ip", "-n", a, "link", "show", VX).contains("mtu 1400 "));
        forgetGuestB();
        pingFirstPacketAnswered(guestA, "-c", "2", "-W", "1", "10.42.0.2");
        assertTrue(
                deviceA.linuxCounters().announcements.get() > announced,
                deviceA.linuxCounters().toString());
        assertEquals(index, deviceA.ifindex(), "changed live, not re-created");

        Map<String, Object> otherUnderlay = new HashMap<>(loud);
        otherUnderlay.put(LinuxSettings.UNDERLAY, "lo");
        assertFalse(
                deviceA.reconfigure(new io.varpd.api.device.DeviceSettings(
                        VX, VNI, ip("192.0.2.1"), PORT, withNetns(otherUnderlay))),
                "another underlay device needs a new vxlan");
    }

    /** Guest A and host A's vxlan forget guest B's address, so guest A's next ping asks again. */
    private void forgetGuestB() {
        Shell.run("ip", "-n", guestA, "neigh", "flush", "dev", "eth0");
        Shell.run("ip", "-n", a, "neigh", "del", "10.42.0.2", "dev", VX); // permanent: flush would skip it
    }

    private Map<String, Object> withNetns(Map<String, Object> extra) {
        Map<String, Object> m = new HashMap<>(extra);
        m.put(LinuxSettings.NETNS, a);
        return m;
    }

    @Test
    @Order(4)
    void aListenAddressTheHostDoesNotHaveIsRefused() {
        VarpdException e = assertThrows(
                VarpdException.class,
                () -> new LinuxDeviceProvider().open(settings("vt3", 78, "192.0.2.99", a, Map.of()), listener));
        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().contains("vxlan/listen_ip 192.0.2.99"), e.getMessage());
        assertFalse(Shell.run("ip", "-n", a, "link", "show", "vt3").ok(), "nothing was created");
    }

    /**
     * Host A's own overlay address sits on the bridge. Its ARP for guest B floods the bridge's ports and reaches the
     * vxlan's proxy, and the answer completes the bridge's own neighbour: the first ping does not wait for the ARP
     * retransmit (1 s).
     */
    @Test
    @Order(5)
    void aHostWhoseAddressIsOnTheBridgeGetsItsFirstReplyWithoutARetransmit() throws Exception {
        Shell.must("ip", "-n", a, "addr", "add", "10.42.0.100/24", "dev", "br0");
        MacAddress br = MacAddress.parse(TestNamespaces.mac(a, "br0"));
        listener.put(ip("10.42.0.100"), br, TargetPoint.of(ip("192.0.2.1"), PORT));
        listenerB.put(ip("10.42.0.100"), br, TargetPoint.of(ip("192.0.2.1"), PORT));
        // Nothing A's vxlan could answer from at once: its proxy must ask, and the answer go up to the bridge.
        Shell.run("ip", "-n", a, "neigh", "del", "10.42.0.2", "dev", VX);
        String out = Shell.must("ip", "netns", "exec", a, "ping", "-n", "-c", "1", "-W", "3", "10.42.0.2");
        System.out.println(out);
        Matcher m = Pattern.compile("icmp_seq=1 .*time=([0-9.]+) ms").matcher(out);
        assertTrue(m.find(), out);
        assertTrue(Double.parseDouble(m.group(1)) < 500, "the first reply waited for an ARP retransmit:\n" + out);
    }
}
