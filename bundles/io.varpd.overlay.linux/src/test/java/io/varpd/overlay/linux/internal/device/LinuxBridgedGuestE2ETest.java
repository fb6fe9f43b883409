// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.device;

import static io.varpd.overlay.linux.internal.device.LinuxOverlayE2ETest.PORT;
import static io.varpd.overlay.linux.internal.device.LinuxOverlayE2ETest.VNI;
import static io.varpd.overlay.linux.internal.device.LinuxOverlayE2ETest.VX;
import static io.varpd.overlay.linux.internal.device.LinuxOverlayE2ETest.ip;
import static io.varpd.overlay.linux.internal.device.LinuxOverlayE2ETest.pingFirstPacketAnswered;
import static io.varpd.overlay.linux.internal.device.LinuxOverlayE2ETest.settings;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.MacAddress;
import io.varpd.api.PluginMode;
import io.varpd.api.TargetPoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Guests behind a bridge (the Docker layout): each host namespace has a bridge with the vxlan and a veth to a guest
 * namespace that owns the overlay address. The guest's ARP/NS reaches the vxlan's proxy and becomes an L3 miss; the
 * answer is installed and announced into the bridge, so the guest's first packet goes out at once instead of after its
 * next retransmit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LinuxBridgedGuestE2ETest {
    private final TestNamespaces namespaces = new TestNamespaces();
    private final LinuxDeviceProvider providerA = new LinuxDeviceProvider();
    private final LinuxDeviceProvider providerB = new LinuxDeviceProvider();
    private final MapListener listener = new MapListener();
    private LinuxOverlayDevice deviceA;
    private String guestA;

    @BeforeAll
    void bridgedHosts() throws Exception {
        TestNamespaces.assumeUsable();
        try {
            BridgedHosts hosts = new BridgedHosts(namespaces, true);
            guestA = hosts.guestA;
            deviceA = providerA.open(settings(VX, VNI, "192.0.2.1", hosts.a, BridgedHosts.SETTINGS), listener);
            LinuxOverlayDevice deviceB =
                    providerB.open(settings(VX, VNI, "192.0.2.2", hosts.b, BridgedHosts.SETTINGS), listener);
            deviceA.associate(1, PluginMode.DYNAMIC, null);
            deviceB.associate(1, PluginMode.DYNAMIC, null);
            MacAddress macA = MacAddress.parse(BridgedHosts.MAC_GUEST_A);
            MacAddress macB = MacAddress.parse(BridgedHosts.MAC_GUEST_B);
            listener.put(ip("10.42.0.1"), macA, TargetPoint.of(ip("192.0.2.1"), PORT));
            listener.put(ip("fd42::1"), macA, TargetPoint.of(ip("192.0.2.1"), PORT));
            listener.put(ip("10.42.0.2"), macB, TargetPoint.of(ip("192.0.2.2"), PORT));
            listener.put(ip("fd42::2"), macB, TargetPoint.of(ip("192.0.2.2"), PORT));
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

    @Test
    @Order(1)
    void guestIpv4PingIsAnsweredFromTheFirstPacketThroughL3MissesAndAnnouncements() {
        pingFirstPacketAnswered(guestA, "-c", "3", "-W", "1", "10.42.0.2");
        assertTrue(
                listener.asked.contains("l3 10.42.0.2") && listener.asked.contains("l3 10.42.0.1"),
                listener.asked.toString());
        assertTrue(
                deviceA.linuxCounters().announcements.get() > 0,
                deviceA.linuxCounters().toString());
    }

    @Test
    @Order(2)
    void guestIpv6PingIsAnsweredFromTheFirstPacketThroughL3MissesAndAnnouncements() {
        pingFirstPacketAnswered(guestA, "-6", "-c", "3", "-W", "1", "fd42::2");
        assertTrue(
                listener.asked.contains("l3 fd42::2") && listener.asked.contains("l3 fd42::1"),
                listener.asked.toString());
    }

    /**
     * An address moved (a plugin's reload or shootdown): the announcement the plugin injects reaches the guest through
     * the bridge and replaces the MAC it cached, with no retransmit or stale-entry probe first. Runs after the pings,
     * which leave the guest an entry to replace.
     */
    @Test
    @Order(3)
    void injectedAnnouncementsMoveTheGuestsNeighbourEntries() throws Exception {
        MacAddress elsewhere = MacAddress.parse("02:42:0a:2a:00:99");
        MacAddress macB = MacAddress.parse(BridgedHosts.MAC_GUEST_B);
        java.net.Inet4Address v4 = (java.net.Inet4Address) ip("10.42.0.2");
        java.net.Inet6Address v6 = (java.net.Inet6Address) ip("fd42::2");
        try {
            announceUntilTheGuestHas(
                    v4,
                    elsewhere,
                    () -> deviceA.inject(io.varpd.frame.GratuitousArp.build(0, elsewhere, v4, MacAddress.BROADCAST)));
            announceUntilTheGuestHas(
                    v6, elsewhere, () -> deviceA.inject(LinuxOverlayE2ETest.advertisement(elsewhere, v6)));
        } finally {
            // Put the guest's entries back for whatever runs later.
            deviceA.inject(io.varpd.frame.GratuitousArp.build(0, macB, v4, MacAddress.BROADCAST));
            deviceA.inject(LinuxOverlayE2ETest.advertisement(macB, v6));
        }
    }

    private interface Announcement {
        void send() throws Exception;
    }

    /**
     * Sends the announcement until the guest's neighbour entry for {@code ip} names {@code mac}: Linux ignores an ARP
     * that would change an entry updated less than {@code locktime} (1 s) ago, so the first may land inside the window
     * the ping just opened. Fails after 10 s.
     */
    private void announceUntilTheGuestHas(java.net.InetAddress ip, MacAddress mac, Announcement announcement)
            throws Exception {
        String family = ip instanceof java.net.Inet4Address ? "-4" : "-6";
        String ipText = io.varpd.api.IpAddresses.format(ip);
        long end = System.nanoTime() + 10_000_000_000L;
        String entry;
        do {
            announcement.send();
            Thread.sleep(200);
            entry = Shell.must("ip", "-n", guestA, family, "neigh", "show", ipText, "dev", "eth0")
                    .trim();
        } while (!entry.contains(mac.toString()) && System.nanoTime() - end < 0);
        assertTrue(entry.contains(mac.toString()), "the guest's entry for " + ipText + " names " + mac + ": " + entry);
    }
}
