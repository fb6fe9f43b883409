// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.device;

import static io.varpd.overlay.linux.internal.device.LinuxOverlayE2ETest.pingFirstPacketAnswered;
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
import io.varpd.core.internal.instance.Instance;
import io.varpd.plugin.files.internal.FilesPlugin;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * VXLAN over an IPv6-only underlay against the real kernel: two hosts (namespaces A and B) joined by a veth that
 * carries IPv6 addresses only (a ULA prefix, DAD off so they are usable at once), each running its own daemon (linux
 * provider, files plugin, core {@link Instance}) whose {@code vxlan/listen_ip} and mapping-file {@code ip} values are
 * IPv6. The vxlan is then created with {@code IFLA_VXLAN_LOCAL6}, every FDB entry carries a 16-byte {@code NDA_DST},
 * and IPv4 and IPv6 overlay traffic both cross it. The cache operations, POINT mode and a vxlan whose listen_ip is
 * {@code ::} are checked through the provider directly. Needs root and network namespaces; skipped otherwise. Every
 * namespace is ours ({@code vt-...}) and deleted afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LinuxIpv6UnderlayE2ETest {
    static final int PORT = 4789;
    static final long VNI = 4646;
    static final String VX = "vt0";
    static final String UNDERLAY_A = "fd00:0:46::1";
    static final String UNDERLAY_B = "fd00:0:46::2";
    static final String MAC_A = "02:46:0a:2e:00:01";
    static final String MAC_B = "02:46:0a:2e:00:02";

    private final TestNamespaces namespaces = new TestNamespaces();
    private final FilesDaemons daemons = new FilesDaemons(namespaces);
    private final MapListener listener = new MapListener();
    private String a;
    private String b;
    private Instance instanceA;

    @BeforeAll
    void twoHostsOnAnIpv6OnlyUnderlay(@TempDir Path dir) throws Exception {
        TestNamespaces.assumeUsable();
        try {
            a = namespaces.add("a");
            b = namespaces.add("b");
            ipv6Underlay(a, UNDERLAY_A, b, UNDERLAY_B);
            MappingFile mapping = new MappingFile(dir.resolve("vni4646.json"))
                    .put(MAC_A, UNDERLAY_A, PORT, "10.46.0.1", "fd46::1")
                    .put(MAC_B, UNDERLAY_B, PORT, "10.46.0.2", "fd46::2");
            mapping.write();
            instanceA = daemon(a, UNDERLAY_A, mapping, MAC_A, "10.46.0.1/24", "fd46::1/64");
            daemon(b, UNDERLAY_B, mapping, MAC_B, "10.46.0.2/24", "fd46::2/64");
        } catch (Throwable t) {
            cleanUp();
            throw t;
        }
    }

    /**
     * A veth {@code ul0} between {@code x} and {@code y} with one IPv6 address each and no IPv4. DAD is turned off
     * before the link comes up (for the link-local addresses too), and the addresses are added {@code nodad}: a
     * tentative source address cannot send the first packet.
     */
    private static void ipv6Underlay(String x, String addressX, String y, String addressY) {
        Shell.must("ip", "-n", x, "link", "add", "ul0", "type", "veth", "peer", "name", "ul0", "netns", y);
        for (String[] h : new String[][] {{x, addressX}, {y, addressY}}) {
            Shell.must("ip", "netns", "exec", h[0], "sysctl", "-qw", "net.ipv6.conf.ul0.accept_dad=0");
            Shell.must("ip", "-n", h[0], "addr", "add", h[1] + "/64", "dev", "ul0", "nodad");
            Shell.must("ip", "-n", h[0], "link", "set", "ul0", "up");
            assertEquals(
                    "",
                    Shell.must("ip", "-n", h[0], "-4", "addr", "show", "dev", "ul0")
                            .trim(),
                    "the underlay must carry no IPv4 address");
            assertEquals(
                    "",
                    Shell.must("ip", "-n", h[0], "-6", "addr", "show", "dev", "ul0", "tentative")
                            .trim(),
                    "an underlay address is still tentative");
        }
    }

    /** One overlay instance as core builds it from {@code io.varpd.overlay.files} with device=linux. */
    private Instance daemon(String ns, String underlay, MappingFile mapping, String mac, String ipv4, String ipv6)
            throws VarpdException {
        return daemons.start(
                1, ns, new LinuxDeviceProvider(), new FilesPlugin(), VX, VNI, PORT, underlay, mapping, mac, ipv4, ipv6);
    }

    @AfterAll
    void cleanUp() {
        daemons.cleanUp();
    }

    @Test
    @Order(1)
    void theVxlanIsCreatedWithAnIpv6LocalAddress() {
        for (String[] h : new String[][] {{a, UNDERLAY_A}, {b, UNDERLAY_B}}) {
            String link = Shell.must("ip", "-n", h[0], "-d", "link", "show", VX);
            assertTrue(link.contains("vxlan id " + VNI + " local " + h[1] + " dev ul0 "), link);
        }
    }

    @Test
    @Order(2)
    void hostPingsOfBothFamiliesCrossFromTheFirstPacketWithIpv6FdbDestinations() {
        // from, its targets (v4, v6), their MAC and host; the peer, the addresses it answers from, their MAC.
        String[][] ways = {
            {a, "10.46.0.2", "fd46::2", MAC_B, UNDERLAY_B, b, "10.46.0.1", "fd46::1", MAC_A},
            {b, "10.46.0.1", "fd46::1", MAC_A, UNDERLAY_A, a, "10.46.0.2", "fd46::2", MAC_B}
        };
        for (String[] w : ways) {
            for (int family = 0; family < 2; family++) {
                String target = w[1 + family];
                forget(w[0], target, w[3]);
                forget(w[5], w[6 + family], w[8]);
                assertEquals("", neighbour(w[0], target), "stale neighbour for " + target);
                if (family == 0) {
                    pingFirstPacketAnswered(w[0], "-c", "3", "-i", "0.2", "-W", "1", target);
                } else {
                    pingFirstPacketAnswered(w[0], "-6", "-c", "3", "-i", "0.2", "-W", "1", target);
                }
                String n = neighbour(w[0], target);
                assertTrue(n.contains(w[3]) && n.contains("PERMANENT"), "neighbour installed from the file: " + n);
                String fdb = fdb(w[0], VX);
                assertTrue(fdb.contains(w[3] + " dst " + w[4] + " self permanent"), "an IPv6 FDB destination:\n" + fdb);
            }
        }
    }

    @Test
    @Order(3)
    void anL2MissIsAnsweredWithAnIpv6Destination() throws Exception {
        LinuxOverlayDevice device = (LinuxOverlayDevice) instanceA.device();
        Shell.must("ip", "-n", b, "addr", "replace", "10.46.0.12/24", "dev", VX);
        Shell.must("ip", "-n", a, "neigh", "replace", "10.46.0.12", "lladdr", MAC_B, "dev", VX, "nud", "permanent");
        Shell.run("bridge", "-n", a, "fdb", "del", MAC_B, "dev", VX, "self");
        assertTrue(device.cacheGet(MacAddress.parse(MAC_B)).isEmpty());
        long before = device.linuxCounters().entriesInstalled.get();

        // The packet that misses is dropped by the kernel; the next ones find the entry.
        String out = Shell.run("ip", "netns", "exec", a, "ping", "-n", "-c", "3", "-i", "0.3", "-W", "1", "10.46.0.12")
                .output();
        assertTrue(out.contains("icmp_seq=2 ") || out.contains("icmp_seq=3 "), "no reply after the L2 miss:\n" + out);
        assertTrue(
                device.linuxCounters().entriesInstalled.get() > before,
                device.linuxCounters().toString());
        assertEquals(
                CacheEntry.to(MacAddress.parse(MAC_B), TargetPoint.of(ip(UNDERLAY_B), PORT)),
                device.cacheGet(MacAddress.parse(MAC_B)).orElseThrow());
        assertTrue(fdb(a, VX).contains(MAC_B + " dst " + UNDERLAY_B + " self permanent"), fdb(a, VX));
    }

    @Test
    @Order(4)
    void cacheOperationsTakeIpv6DestinationsAndRefuseIpv4Ones() throws Exception {
        LinuxOverlayDevice d = open("vt2", 4647, UNDERLAY_A);
        try {
            d.associate(2, PluginMode.DYNAMIC, null);
            MacAddress x = MacAddress.parse("02:00:00:00:46:01");
            TargetPoint far = TargetPoint.of(ip("fd00:0:46::9"), 4790);
            d.cacheSet(CacheEntry.to(x, far));
            assertEquals(CacheEntry.to(x, far), d.cacheGet(x).orElseThrow());
            assertTrue(d.cacheEntries().contains(CacheEntry.to(x, far)));
            String fdb = fdb(a, "vt2");
            assertTrue(fdb.contains(x + " dst fd00:0:46::9 port 4790 self permanent"), fdb);

            d.cacheSet(CacheEntry.dropping(x));
            assertTrue(fdb(a, "vt2").contains(x + " dst :: self permanent"), fdb(a, "vt2"));
            assertEquals(CacheEntry.dropping(x), d.cacheGet(x).orElseThrow());

            VarpdException wrongFamily = assertThrows(
                    VarpdException.class, () -> d.cacheSet(CacheEntry.to(x, TargetPoint.of(ip("192.0.2.9"), PORT))));
            assertEquals(Errno.EINVAL, wrongFamily.errno());
            assertTrue(wrongFamily.getMessage().contains("family"), wrongFamily.getMessage());

            d.cacheRemove(x);
            assertTrue(d.cacheGet(x).isEmpty());
        } finally {
            d.close();
        }
    }

    @Test
    @Order(5)
    void pointModeSendsEveryFrameToAnIpv6Point() throws Exception {
        LinuxOverlayDevice d = open("vt3", 4648, UNDERLAY_A);
        try {
            TargetPoint point = TargetPoint.of(ip(UNDERLAY_B), PORT);
            d.associate(3, PluginMode.POINT, point);
            String fdb = fdb(a, "vt3");
            assertTrue(fdb.contains("00:00:00:00:00:00 dst " + UNDERLAY_B + " self permanent"), fdb);
            assertEquals(List.of(CacheEntry.to(MacAddress.ZERO, point)), d.cacheEntries());
            d.disassociate();
            assertFalse(fdb(a, "vt3").contains("00:00:00:00:00:00"), fdb(a, "vt3"));
        } finally {
            d.close();
        }
    }

    /**
     * A listen_ip of {@code ::} makes an IPv6 vxlan without a fixed source address, which the kernel then does not
     * report (it omits an unspecified local): the device must still know its underlay is IPv6, for drop entries and for
     * refusing IPv4 destinations.
     */
    @Test
    @Order(6)
    void anUnspecifiedIpv6ListenAddressMakesAnIpv6Vxlan() throws Exception {
        LinuxOverlayDevice d = open("vt4", 4649, "::");
        try {
            d.associate(4, PluginMode.DYNAMIC, null);
            MacAddress x = MacAddress.parse("02:00:00:00:46:02");
            d.cacheSet(CacheEntry.to(x, TargetPoint.of(ip(UNDERLAY_B), PORT)));
            assertTrue(fdb(a, "vt4").contains(x + " dst " + UNDERLAY_B + " self permanent"), fdb(a, "vt4"));
            d.cacheSet(CacheEntry.dropping(x));
            assertTrue(fdb(a, "vt4").contains(x + " dst :: self permanent"), fdb(a, "vt4"));
            assertEquals(
                    Errno.EINVAL,
                    assertThrows(
                                    VarpdException.class,
                                    () -> d.cacheSet(CacheEntry.to(x, TargetPoint.of(ip("192.0.2.9"), PORT))))
                            .errno());
        } finally {
            d.close();
        }
    }

    /**
     * An adopted vxlan made with an IPv6 {@code remote} and no {@code local}, opened without a listen address: only the
     * remote the kernel reports tells that the underlay is IPv6.
     */
    @Test
    @Order(7)
    void anAdoptedVxlanWithOnlyAnIpv6RemoteIsTreatedAsIpv6() throws Exception {
        Shell.must(
                "ip",
                "-n",
                a,
                "link",
                "add",
                "vt5",
                "type",
                "vxlan",
                "id",
                "4650",
                "remote",
                UNDERLAY_B,
                "dstport",
                String.valueOf(PORT),
                "dev",
                "ul0",
                "nolearning",
                "proxy",
                "l2miss",
                "l3miss");
        LinuxDeviceProvider p = daemons.track(new LinuxDeviceProvider());
        LinuxOverlayDevice d = p.open(
                new DeviceSettings(
                        "vt5", 4650, null, PORT, Map.of(LinuxSettings.NETNS, a, LinuxSettings.ADOPT, "true")),
                listener);
        try {
            d.associate(5, PluginMode.DYNAMIC, null);
            MacAddress x = MacAddress.parse("02:00:00:00:46:03");
            d.cacheSet(CacheEntry.dropping(x));
            assertTrue(fdb(a, "vt5").contains(x + " dst :: self permanent"), fdb(a, "vt5"));
            assertEquals(CacheEntry.dropping(x), d.cacheGet(x).orElseThrow());
            assertEquals(
                    Errno.EINVAL,
                    assertThrows(
                                    VarpdException.class,
                                    () -> d.cacheSet(CacheEntry.to(x, TargetPoint.of(ip("192.0.2.9"), PORT))))
                            .errno());
        } finally {
            d.close();
            Shell.run("ip", "-n", a, "link", "del", "vt5");
        }
    }

    // ---- helpers -------------------------------------------------------------------------

    private LinuxOverlayDevice open(String link, long vni, String listen) throws VarpdException {
        LinuxDeviceProvider p = daemons.track(new LinuxDeviceProvider());
        return p.open(
                new DeviceSettings(
                        link, vni, ip(listen), PORT, Map.of(LinuxSettings.NETNS, a, LinuxSettings.UNDERLAY, "ul0")),
                listener);
    }

    static InetAddress ip(String s) {
        return IpAddresses.parse(s).orElseThrow();
    }

    private static void forget(String ns, String ip, String mac) {
        Shell.run("ip", "-n", ns, "neigh", "del", ip, "dev", VX);
        Shell.run("bridge", "-n", ns, "fdb", "del", mac, "dev", VX, "self");
    }

    private static String fdb(String ns, String dev) {
        return Shell.must("bridge", "-n", ns, "fdb", "show", "dev", dev);
    }

    private static String neighbour(String ns, String ip) {
        return Shell.must("ip", "-n", ns, "neigh", "show", ip, "dev", VX).trim();
    }
}
