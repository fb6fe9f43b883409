// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal.lookup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.MacAddress;
import io.varpd.api.PluginMode;
import io.varpd.core.internal.instance.Instance;
import io.varpd.core.internal.property.OverlaySettings;
import io.varpd.core.internal.testing.FakeDevices;
import io.varpd.core.internal.testing.FakePlugin;
import io.varpd.frame.ProxyArp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Proxy ARP through an instance: the plugin hands the query to core, core asks the plugin's arp op. */
class ProxyFlowTest {
    private static final MacAddress REQUESTER = MacAddress.of(0x02_00_00_00_00_01L);
    private static final MacAddress RESOLVED = MacAddress.of(0x02_00_00_00_00_99L);

    private final FakeDevices devices = new FakeDevices();
    private final FakePlugin plugin = new FakePlugin(PluginMode.DYNAMIC);

    private Instance start() throws Exception {
        plugin.onLookup = q -> q.proxyArp();
        return Instance.activate(
                3,
                new OverlaySettings("pid", "fake", "ovl0", 1, "fake", null, 4789, Map.of(FakePlugin.DEST, "192.0.2.1")),
                plugin.asPlugin("fake"),
                devices,
                new FrameProxies());
    }

    /** A broadcast ARP request from 10.0.0.1 (REQUESTER) for 10.0.0.2, padded to 60 bytes. */
    private static byte[] arpRequest() {
        byte[] f = new byte[60];
        MacAddress.BROADCAST.writeTo(f, 0);
        REQUESTER.writeTo(f, 6);
        byte[] rest = {0x08, 0x06, 0, 1, 0x08, 0, 6, 4, 0, 1};
        System.arraycopy(rest, 0, f, 12, rest.length);
        REQUESTER.writeTo(f, 22);
        byte[] ips = {10, 0, 0, 1, 0, 0, 0, 0, 0, 0, 10, 0, 0, 2};
        System.arraycopy(ips, 0, f, 28, ips.length);
        return f;
    }

    @Test
    void answeredArpIsInjectedAsReplyAndTheRequestDropped() throws Exception {
        Instance i = start();
        plugin.arpAnswer = RESOLVED;
        byte[] request = arpRequest();

        FakeDevices.Miss miss = devices.open.get("ovl0").miss(REQUESTER, MacAddress.BROADCAST, 0x0806, request);

        assertEquals(List.of("DROP"), miss.answers);
        assertEquals(1, miss.injected.size());
        assertArrayEquals(ProxyArp.buildReply(request, request.length, RESOLVED), miss.injected.get(0));
        assertTrue(plugin.calls.contains("arp 10.0.0.2"), plugin.calls.toString());
        assertEquals(1L, i.counters().snapshot().get("arp"));
        assertEquals(0L, i.counters().snapshot().get("drop"));
    }

    @Test
    void unansweredArpIsDroppedWithoutReply() throws Exception {
        start();
        FakeDevices.Miss miss = devices.open.get("ovl0").miss(REQUESTER, MacAddress.BROADCAST, 0x0806, arpRequest());

        assertEquals(List.of("DROP"), miss.answers);
        assertTrue(miss.injected.isEmpty());
    }

    @Test
    void invalidFrameIsDroppedAndCountedWithoutAskingThePlugin() throws Exception {
        Instance i = start();
        plugin.arpAnswer = RESOLVED;
        byte[] reply = arpRequest();
        reply[21] = 2; // opcode 2: a reply, not a request

        FakeDevices.Miss miss = devices.open.get("ovl0").miss(REQUESTER, MacAddress.BROADCAST, 0x0806, reply);

        assertEquals(List.of("DROP"), miss.answers);
        assertTrue(plugin.calls.stream().noneMatch(c -> c.startsWith("arp")));
        assertEquals(1L, i.counters().snapshot().get("errors"));
    }

    @Test
    void deviceWithoutFramesDropsProxyQueries() throws Exception {
        start();
        FakeDevices.Miss miss = devices.open.get("ovl0").miss(REQUESTER, MacAddress.BROADCAST, 0x0806, null);
        assertEquals(List.of("DROP"), miss.answers);
    }

    @Test
    void pluginAnnouncementsReachTheDeviceAsBroadcastFrames() throws Exception {
        Instance i = start();
        FakeDevices.Device d = devices.open.get("ovl0");

        i.injectGratuitousArp(
                0, RESOLVED, (java.net.Inet4Address) java.net.InetAddress.getByName("10.0.0.2"), MacAddress.BROADCAST);
        i.injectUnsolicitedAdvertisement(
                7, RESOLVED, (java.net.Inet6Address) java.net.InetAddress.getByName("fd00::2"));

        assertEquals(2, d.injected.size());
        byte[] garp = d.injected.get(0);
        assertEquals(MacAddress.BROADCAST, MacAddress.of(garp, 0));
        assertEquals(RESOLVED, MacAddress.of(garp, 6));
        assertEquals(0x0806, (garp[12] & 0xff) << 8 | garp[13] & 0xff);
        byte[] na = d.injected.get(1);
        assertEquals(MacAddress.of(0x3333_0000_0001L), MacAddress.of(na, 0), "to the all-nodes MAC");
        assertEquals(RESOLVED, MacAddress.of(na, 6));
        assertEquals(0x8100, (na[12] & 0xff) << 8 | na[13] & 0xff, "tagged");
        assertEquals(7, ((na[14] & 0x0f) << 8 | na[15] & 0xff), "on VLAN 7");
        assertEquals(0x86dd, (na[16] & 0xff) << 8 | na[17] & 0xff);
        int icmp = 18 + 40;
        assertEquals(136, na[icmp] & 0xff, "a neighbour advertisement");
        assertEquals(0x20, na[icmp + 4] & 0xff, "Override only, not Solicited");
        assertArrayEquals(
                java.net.InetAddress.getByName("fd00::2").getAddress(),
                java.util.Arrays.copyOfRange(na, icmp + 8, icmp + 24),
                "target");
        assertEquals(RESOLVED, MacAddress.of(na, icmp + 26), "target link-layer address");
    }

    @Test
    void anAnnouncementTheFrameBuilderRefusesIsLoggedNotThrown() throws Exception {
        Instance i = start();

        i.injectUnsolicitedAdvertisement(
                4095, RESOLVED, (java.net.Inet6Address) java.net.InetAddress.getByName("fd00::2"));

        assertTrue(devices.open.get("ovl0").injected.isEmpty());
    }
}
