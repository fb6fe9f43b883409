package io.varpd.overlay.linux.internal.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.IpAddresses;
import io.varpd.api.MacAddress;
import io.varpd.api.PluginMode;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import io.varpd.api.device.CacheEntry;
import io.varpd.core.internal.instance.Instance;
import io.varpd.core.internal.instance.PluginBinding;
import io.varpd.core.internal.lookup.FrameProxies;
import io.varpd.core.internal.property.OverlaySettings;
import io.varpd.plugin.files.internal.FilesPlugin;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's restart target through core and the files plugin, as the runtime stops and starts
 * them: host A's daemon (a core {@link Instance}, a files plugin, a linux provider) is released
 * and its provider deactivated, as at a SIGTERM or an update of the core bundle, and a new daemon
 * activates the same overlay from the same mapping file, while a guest behind A's bridge and host
 * A's own overlay address both flood pings to B. No packet of either established flow is lost;
 * the new daemon takes the vxlan over and core answers its checks from the file: a MAC the file
 * no longer has is removed, one it moved to another host is followed. The hosts' vxlan MACs are
 * written into the mapping file before the vxlans exist ({@link StableMac}). Needs root; skipped
 * otherwise; every namespace is ours ({@code vt-...}) and deleted afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LinuxCoreRestartE2ETest {
    static final int PORT = 4789;
    static final long VNI = 4242;
    static final String VX = "vt0";
    static final String MAC_GUEST_A = "02:42:0a:2a:00:01";
    static final String MAC_GUEST_B = "02:42:0a:2a:00:02";
    /** In the file at the start, removed while A's daemon is down. */
    static final String MAC_LEAVER = "02:42:0a:2a:00:07";
    /** In the file at B, moved to C (192.0.2.3) while A's daemon is down. */
    static final String MAC_MOVER = "02:42:0a:2a:00:09";

    private final TestNamespaces namespaces = new TestNamespaces();
    private final List<LinuxDeviceProvider> providers = new ArrayList<>();
    private final List<Instance> instances = new ArrayList<>();
    private MappingFile mapping;
    private String a;
    private String b;
    private String guestA;

    @BeforeAll
    void twoHostsWithBridgedGuests(@TempDir Path dir) throws Exception {
        TestNamespaces.assumeUsable();
        try {
            a = namespaces.add("a");
            b = namespaces.add("b");
            guestA = namespaces.add("ag");
            String guestB = namespaces.add("bg");
            namespaces.underlay(a, "192.0.2.1/24", b, "192.0.2.2/24", "ul0");
            String[][] hosts = {{a, guestA, MAC_GUEST_A, "10.42.0.1/24"}, {b, guestB, MAC_GUEST_B, "10.42.0.2/24"}};
            for (String[] h : hosts) {
                Shell.must("ip", "-n", h[0], "link", "add", "br0", "type", "bridge");
                Shell.must("ip", "-n", h[0], "link", "set", "br0", "up");
                Shell.must("ip", "-n", h[0], "link", "add", "vg0", "type", "veth", "peer", "name", "eth0", "netns", h[1]);
                Shell.must("ip", "-n", h[0], "link", "set", "vg0", "master", "br0", "up");
                Shell.must("ip", "-n", h[1], "link", "set", "eth0", "address", h[2]);
                Shell.must("ip", "-n", h[1], "addr", "add", h[3], "dev", "eth0");
                Shell.must("ip", "-n", h[1], "link", "set", "eth0", "up");
            }
            mapping = new MappingFile(dir.resolve("vni4242.json"))
                    .put(MAC_GUEST_A, "192.0.2.1", PORT, "10.42.0.1", null)
                    .put(MAC_GUEST_B, "192.0.2.2", PORT, "10.42.0.2", null)
                    .put(vxlanMac(a, "192.0.2.1"), "192.0.2.1", PORT, "10.42.1.1", null)
                    .put(vxlanMac(b, "192.0.2.2"), "192.0.2.2", PORT, "10.42.1.2", null)
                    .put(MAC_LEAVER, "192.0.2.2", PORT, null, null)
                    .put(MAC_MOVER, "192.0.2.2", PORT, null, null);
            mapping.write();
            daemon(a, "192.0.2.1");
            daemon(b, "192.0.2.2");
            // The hosts' own overlay addresses, on the vxlan (host-originated traffic, app probes).
            Shell.must("ip", "-n", a, "addr", "add", "10.42.1.1/24", "dev", VX);
            Shell.must("ip", "-n", b, "addr", "add", "10.42.1.2/24", "dev", VX);
        } catch (Throwable t) {
            cleanUp();
            throw t;
        }
    }

    private static String vxlanMac(String ns, String listen) {
        return StableMac.of(ns, VX, VNI, IpAddresses.parse(listen).orElseThrow()).toString();
    }

    /** A daemon's overlay as core builds it from {@code io.varpd.overlay.files} with device=linux, bridged. */
    private Instance daemon(String ns, String listen) throws VarpdException {
        LinuxDeviceProvider provider = new LinuxDeviceProvider();
        providers.add(provider);
        Map<String, Object> props = new HashMap<>(Map.of("files/config", mapping.path().toString(), LinuxSettings.NETNS,
                ns, LinuxSettings.UNDERLAY, "ul0", LinuxSettings.BRIDGE, "br0", LinuxSettings.ANNOUNCE, "br0"));
        OverlaySettings settings = new OverlaySettings("io.varpd.overlay.files~" + ns, "files", VX, VNI,
                LinuxDeviceProvider.TYPE, IpAddresses.parse(listen).orElseThrow(), PORT, props);
        Instance i = Instance.activate(1, settings, new PluginBinding.Plugin("files", PluginMode.DYNAMIC, new FilesPlugin()),
                provider, new FrameProxies());
        instances.add(i);
        return i;
    }

    @AfterAll
    void cleanUp() {
        try {
            for (int i = instances.size() - 1; i >= 0; i--) {
                instances.get(i).destroy();
            }
            providers.forEach(LinuxDeviceProvider::deactivate);
        } finally {
            namespaces.deleteAll();
        }
    }

    @Test
    void aDaemonReleasedAndStartedAgainDuringPingFloodsLosesNoPacket() throws Exception {
        Instance before = instances.get(0);
        LinuxOverlayE2ETest.pingFirstPacketAnswered(guestA, "-c", "2", "-W", "1", "10.42.0.2");
        LinuxOverlayE2ETest.pingFirstPacketAnswered(a, "-c", "2", "-W", "1", "10.42.1.2");
        // Entries the old daemon holds that the file will change while it is down.
        TargetPoint hostB = TargetPoint.of(IpAddresses.parse("192.0.2.2").orElseThrow(), PORT);
        before.device().cacheSet(CacheEntry.to(MacAddress.parse(MAC_LEAVER), hostB));
        before.device().cacheSet(CacheEntry.to(MacAddress.parse(MAC_MOVER), hostB));
        int index = ((LinuxOverlayDevice) before.device()).ifindex();

        Process guestFlood = flood(guestA, "10.42.0.2");
        Process hostFlood = flood(a, "10.42.1.2");
        try {
            Thread.sleep(800);
            before.release();
            instances.remove(before);
            providers.get(0).deactivate();
            mapping.remove(MAC_LEAVER).move(MAC_MOVER, "192.0.2.3").write();
            Thread.sleep(1000);
            instances.add(0, daemon(a, "192.0.2.1"));
        } finally {
            assertNoLoss("guest A to guest B", finish(guestFlood));
            assertNoLoss("host A to host B", finish(hostFlood));
        }
        Instance after = instances.get(0);
        LinuxOverlayDevice device = (LinuxOverlayDevice) after.device();
        assertEquals(index, device.ifindex(), "the vxlan was taken over, not made again");
        assertEquals(vxlanMac(a, "192.0.2.1"), TestNamespaces.mac(a, VX));
        long end = System.nanoTime() + 15_000_000_000L;
        String fdb = Shell.must("bridge", "-n", a, "fdb", "show", "dev", VX);
        while ((fdb.contains(MAC_LEAVER) || !fdb.contains(MAC_MOVER + " dst 192.0.2.3")) && System.nanoTime() - end < 0) {
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

    private static Process flood(String ns, String target) throws IOException {
        return new ProcessBuilder("ip", "netns", "exec", ns, "ping", "-n", "-q", "-i", "0.005", "-c", "800", "-W", "1",
                target).redirectErrorStream(true).start();
    }

    private static String finish(Process p) throws InterruptedException, IOException {
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private static void assertNoLoss(String what, String out) {
        System.out.println(what + " across the restart:\n" + out);
        Matcher m = Pattern.compile("(\\d+) packets transmitted, (\\d+) received").matcher(out);
        assertTrue(m.find(), out);
        assertTrue(Integer.parseInt(m.group(1)) >= 400, what + ": the flood ran: " + out);
        assertEquals(m.group(1), m.group(2), what + ": packets were lost across the restart:\n" + out);
    }
}
