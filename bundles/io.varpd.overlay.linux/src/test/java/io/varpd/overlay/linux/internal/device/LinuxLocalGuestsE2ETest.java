// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.device;

import static io.varpd.overlay.linux.internal.device.LinuxOverlayE2ETest.PORT;
import static io.varpd.overlay.linux.internal.device.LinuxOverlayE2ETest.VNI;
import static io.varpd.overlay.linux.internal.device.LinuxOverlayE2ETest.VX;
import static io.varpd.overlay.linux.internal.device.LinuxOverlayE2ETest.ip;
import static io.varpd.overlay.linux.internal.device.LinuxOverlayE2ETest.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.MacAddress;
import io.varpd.api.PluginMode;
import io.varpd.api.TargetPoint;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The guests behind a vxlan's bridge, reported from the kernel: in the layout of {@link BridgedHosts} (host A's guest
 * behind {@code br0}, with the vxlan on the same bridge), the device reports the guest's MAC with the addresses its ARP
 * and NDP showed, a second guest whose veth is deleted as gone, and after a restart (the device detached, a new one
 * opened) the guests still there. The guest's frames are real: it pings host B's guest, whose answers are not needed.
 * Needs root; skipped otherwise. Every namespace is ours ({@code vt-...}) and is deleted afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LinuxLocalGuestsE2ETest {
    private static final MacAddress GUEST_A = MacAddress.of(0x02420a2a0001L);
    private static final MacAddress SECOND = MacAddress.of(0x02420a2a0011L);
    private final TestNamespaces namespaces = new TestNamespaces();
    private LinuxDeviceProvider provider = new LinuxDeviceProvider();
    private final LinuxDeviceProvider providerB = new LinuxDeviceProvider();
    private GuestListener listener = new GuestListener();
    private LinuxOverlayDevice device;
    private BridgedHosts hosts;
    private String second;

    @BeforeAll
    void bridgedHosts() throws Exception {
        TestNamespaces.assumeUsable();
        try {
            hosts = new BridgedHosts(namespaces, true);
            device = provider.open(settings(VX, VNI, "192.0.2.1", hosts.a, BridgedHosts.SETTINGS), listener);
            device.associate(1, PluginMode.DYNAMIC, null);
            providerB
                    .open(settings(VX, VNI, "192.0.2.2", hosts.b, BridgedHosts.SETTINGS), new MapListener())
                    .associate(1, PluginMode.DYNAMIC, null);
        } catch (Throwable t) {
            cleanUp();
            throw t;
        }
    }

    @AfterAll
    void cleanUp() {
        try {
            provider.deactivate();
            providerB.deactivate();
        } finally {
            namespaces.deleteAll();
        }
    }

    @Test
    @Order(1)
    void theDevicesLocalPointIsItsListenAddressAndPort() {
        assertEquals(Optional.of(TargetPoint.of(ip("192.0.2.1"), PORT)), device.localPoint());
    }

    @Test
    @Order(2)
    void aGuestBehindTheBridgeIsReportedWithTheAddressesItsArpAndNdpShow() throws Exception {
        // Unanswered (nobody maps host B's guest here), but the guest's ARP and NS go out.
        Shell.run("ip", "netns", "exec", hosts.guestA, "ping", "-c", "1", "-W", "1", "10.42.0.2");
        Shell.run("ip", "netns", "exec", hosts.guestA, "ping", "-6", "-c", "1", "-W", "1", "fd42::2");
        assertTrue(
                listener.await(g -> Set.of(ip("10.42.0.1"), ip("fd42::1")).equals(g.get(GUEST_A))),
                listener.reports.toString());
        // The vxlan's own MAC, the bridge's and the veth's are the host's, never guests.
        assertEquals(Set.of(GUEST_A), listener.guests.keySet(), listener.reports.toString());
    }

    @Test
    @Order(3)
    void aGuestWhoseVethIsDeletedIsReportedGone() throws Exception {
        second = namespaces.add("ag2");
        Shell.must("ip", "-n", hosts.a, "link", "add", "vg1", "type", "veth", "peer", "name", "eth0", "netns", second);
        Shell.must("ip", "-n", hosts.a, "link", "set", "vg1", "master", "br0", "up");
        Shell.must("ip", "-n", second, "link", "set", "eth0", "address", SECOND.toString());
        Shell.must("ip", "-n", second, "addr", "add", "10.42.0.11/24", "dev", "eth0");
        Shell.must("ip", "-n", second, "link", "set", "eth0", "up");
        Shell.run("ip", "netns", "exec", second, "ping", "-c", "1", "-W", "1", "10.42.0.1");
        assertTrue(listener.await(g -> Set.of(ip("10.42.0.11")).equals(g.get(SECOND))), listener.reports.toString());
        Shell.must("ip", "-n", hosts.a, "link", "del", "vg1");
        assertTrue(listener.await(g -> !g.containsKey(SECOND)), listener.reports.toString());
        assertTrue(listener.guests.containsKey(GUEST_A), "the other guest stays: " + listener.reports);
    }

    @Test
    @Order(4)
    void aRestartedDaemonReportsTheGuestsStillThere() throws Exception {
        provider.deactivate(); // the vxlan and the bridge stay, as when the runtime stops
        provider = new LinuxDeviceProvider();
        listener = new GuestListener();
        device = provider.open(settings(VX, VNI, "192.0.2.1", hosts.a, BridgedHosts.SETTINGS), listener);
        assertEquals(java.util.List.of(), listener.reports, "nothing is reported before an instance is associated");
        device.associate(1, PluginMode.DYNAMIC, null);
        assertTrue(listener.await(g -> g.containsKey(GUEST_A)), listener.reports.toString());
        assertFalse(listener.guests.containsKey(SECOND), listener.reports.toString());
        // Its addresses come back with its next ARP or NDP.
        Shell.run("ip", "netns", "exec", hosts.guestA, "ping", "-c", "1", "-W", "1", "10.42.0.2");
        assertTrue(
                listener.await(g -> g.getOrDefault(GUEST_A, Set.of()).contains(ip("10.42.0.1"))),
                listener.reports.toString());
    }
}
