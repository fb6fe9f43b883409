// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.device;

import static io.varpd.overlay.linux.internal.device.BridgedHosts.MAC_GUEST_A;
import static io.varpd.overlay.linux.internal.device.BridgedHosts.MAC_GUEST_B;
import static io.varpd.overlay.linux.internal.device.LinuxOverlayE2ETest.PORT;
import static io.varpd.overlay.linux.internal.device.LinuxOverlayE2ETest.VNI;
import static io.varpd.overlay.linux.internal.device.LinuxOverlayE2ETest.VX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.IpAddresses;
import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import io.varpd.api.device.CacheEntry;
import io.varpd.core.internal.instance.Instance;
import io.varpd.plugin.files.internal.FilesPlugin;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's restart target through core and the files plugin, as the runtime stops and starts them: host A's daemon (a
 * core {@link Instance}, a files plugin, a linux provider) is released and its provider deactivated, as at a SIGTERM or
 * an update of the core bundle, and a new daemon activates the same overlay from the same mapping file, while a guest
 * behind A's bridge and host A's own overlay address both flood pings to B. No packet of either established flow is
 * lost; the new daemon takes the vxlan over and core answers its checks from the file: a MAC the file no longer has is
 * removed, one it moved to another host is followed. The hosts' vxlan MACs are written into the mapping file before the
 * vxlans exist ({@link StableMac}). Needs root; skipped otherwise; every namespace is ours ({@code vt-...}) and deleted
 * afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LinuxCoreRestartE2ETest {
    /** In the file at the start, removed while A's daemon is down. */
    static final String MAC_LEAVER = "02:42:0a:2a:00:07";
    /** In the file at B, moved to C (192.0.2.3) while A's daemon is down. */
    static final String MAC_MOVER = "02:42:0a:2a:00:09";

    private final TestNamespaces namespaces = new TestNamespaces();
    private final FilesDaemons daemons = new FilesDaemons(namespaces);
    private MappingFile mapping;
    private String a;
    private String b;
    private String guestA;
    private LinuxDeviceProvider providerA;
    private Instance daemonA;

    @BeforeAll
    void twoHostsWithBridgedGuests(@TempDir Path dir) throws Exception {
        TestNamespaces.assumeUsable();
        try {
            BridgedHosts hosts = new BridgedHosts(namespaces, false);
            a = hosts.a;
            b = hosts.b;
            guestA = hosts.guestA;
            mapping = new MappingFile(dir.resolve("vni4242.json"))
                    .put(MAC_GUEST_A, "192.0.2.1", PORT, "10.42.0.1", null)
                    .put(MAC_GUEST_B, "192.0.2.2", PORT, "10.42.0.2", null)
                    .put(vxlanMac(a, "192.0.2.1"), "192.0.2.1", PORT, "10.42.1.1", null)
                    .put(vxlanMac(b, "192.0.2.2"), "192.0.2.2", PORT, "10.42.1.2", null)
                    .put(MAC_LEAVER, "192.0.2.2", PORT, null, null)
                    .put(MAC_MOVER, "192.0.2.2", PORT, null, null);
            mapping.write();
            providerA = new LinuxDeviceProvider();
            daemonA = daemon(providerA, a, "192.0.2.1");
            daemon(new LinuxDeviceProvider(), b, "192.0.2.2");
            // The hosts' own overlay addresses, on the vxlan (host-originated traffic, app probes).
            Shell.must("ip", "-n", a, "addr", "add", "10.42.1.1/24", "dev", VX);
            Shell.must("ip", "-n", b, "addr", "add", "10.42.1.2/24", "dev", VX);
        } catch (Throwable t) {
            cleanUp();
            throw t;
        }
    }

    private static String vxlanMac(String ns, String listen) {
        return StableMac.of(ns, VX, VNI, IpAddresses.parse(listen).orElseThrow())
                .toString();
    }

    /** A daemon's overlay as core builds it from {@code io.varpd.overlay.files} with device=linux, bridged. */
    private Instance daemon(LinuxDeviceProvider provider, String ns, String listen) throws VarpdException {
        return daemons.activate(
                1, ns, provider, new FilesPlugin(), VX, VNI, PORT, listen, mapping, BridgedHosts.SETTINGS);
    }

    @AfterAll
    void cleanUp() {
        daemons.cleanUp();
    }

    @Test
    void aDaemonReleasedAndStartedAgainDuringPingFloodsLosesNoPacket() throws Exception {
        Instance before = daemonA;
        LinuxOverlayE2ETest.pingFirstPacketAnswered(guestA, "-c", "2", "-W", "1", "10.42.0.2");
        LinuxOverlayE2ETest.pingFirstPacketAnswered(a, "-c", "2", "-W", "1", "10.42.1.2");
        // Entries the old daemon holds that the file will change while it is down.
        TargetPoint hostB = TargetPoint.of(IpAddresses.parse("192.0.2.2").orElseThrow(), PORT);
        before.device().cacheSet(CacheEntry.to(MacAddress.parse(MAC_LEAVER), hostB));
        before.device().cacheSet(CacheEntry.to(MacAddress.parse(MAC_MOVER), hostB));
        int index = ((LinuxOverlayDevice) before.device()).ifindex();

        PingFlood guestFlood = PingFlood.start(guestA, "10.42.0.2");
        PingFlood hostFlood = PingFlood.start(a, "10.42.1.2");
        try {
            Thread.sleep(800);
            daemons.release(before);
            providerA.deactivate();
            mapping.remove(MAC_LEAVER).move(MAC_MOVER, "192.0.2.3").write();
            Thread.sleep(1000);
            providerA = new LinuxDeviceProvider();
            daemonA = daemon(providerA, a, "192.0.2.1");
        } finally {
            guestFlood.assertNoLoss("guest A to guest B");
            hostFlood.assertNoLoss("host A to host B");
        }
        Instance after = daemonA;
        LinuxOverlayDevice device = (LinuxOverlayDevice) after.device();
        assertEquals(index, device.ifindex(), "the vxlan was taken over, not made again");
        assertEquals(vxlanMac(a, "192.0.2.1"), TestNamespaces.mac(a, VX));
        long end = System.nanoTime() + 15_000_000_000L;
        String fdb = Shell.must("bridge", "-n", a, "fdb", "show", "dev", VX);
        while ((fdb.contains(MAC_LEAVER) || !fdb.contains(MAC_MOVER + " dst 192.0.2.3"))
                && System.nanoTime() - end < 0) {
            Thread.sleep(100);
            fdb = Shell.must("bridge", "-n", a, "fdb", "show", "dev", VX);
        }
        String seen = device.linuxCounters() + "\n" + fdb;
        assertFalse(fdb.contains(MAC_LEAVER), "a MAC the file no longer has is removed\n" + seen);
        assertTrue(fdb.contains(MAC_MOVER + " dst 192.0.2.3 self permanent"), "a moved MAC is followed\n" + seen);
        assertTrue(fdb.contains(MAC_GUEST_B + " dst 192.0.2.2 self permanent"), "a confirmed entry stays\n" + seen);
        String neighbour = Shell.must("ip", "-n", a, "neigh", "show", "10.42.1.2", "dev", VX);
        assertTrue(neighbour.contains(vxlanMac(b, "192.0.2.2")) && neighbour.contains("PERMANENT"), neighbour);
    }
}
