// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal;

import static io.varpd.plugin.svp.internal.SvpTestKit.UNDERLAY;
import static io.varpd.plugin.svp.internal.SvpTestKit.VXLAN;
import static io.varpd.plugin.svp.internal.SvpTestKit.awaitActive;
import static io.varpd.plugin.svp.internal.SvpTestKit.ip;
import static io.varpd.plugin.svp.internal.SvpTestKit.key;
import static io.varpd.plugin.svp.internal.SvpTestKit.mac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.LookupRequest;
import io.varpd.api.TargetPoint;
import io.varpd.api.plugin.RecordingLookupQuery.Answer;
import io.varpd.api.plugin.RecordingResolveQuery;
import io.varpd.plugin.svp.internal.protocol.SvpOp;
import io.varpd.plugin.svp.internal.remote.RemoteRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Lookup dispatch (docs/architecture.md#the-svp-client) and proxy ARP over VL3, end to end against a fake server on
 * loopback.
 */
class SvpLookupTest {
    private static final long VNET = 4242;

    private FakeSvpServer server;
    private RemoteRegistry registry;
    private SvpPlugin plugin;
    private FakeProvider device;
    private SvpInstance instance;

    @BeforeEach
    void startServerAndInstance() throws Exception {
        server = FakeSvpServer.onLoopback();
        server.putVl2(mac("90:c0:0c:52:50:11"), VNET, ip("10.88.88.2"), 4789);
        server.putVl2(mac("90:c0:0c:52:50:12"), VNET, ip("2001:db8::2"), 4790);
        server.putVl2(mac("90:c0:0c:52:50:13"), VNET + 1, ip("10.88.88.3"), 4789);
        server.putVl3(ip("192.168.100.6"), VNET, mac("90:c0:0c:52:50:12"), ip("10.88.88.2"), 4790);
        server.putVl3(ip("fd00::6"), VNET, mac("90:c0:0c:52:50:14"), ip("10.88.88.4"), 4789);
        registry = SvpTestKit.registry(SvpTestKit.fast());
        plugin = new SvpPlugin(registry);
        device = new FakeProvider(VNET);
        instance = started(device);
        awaitActive(registry, key(server), 1);
    }

    private SvpInstance started(FakeProvider provider) throws Exception {
        SvpInstance s = plugin.create(provider, VXLAN);
        plugin.setProperty(s, SvpProperties.HOST, server.address().getHostAddress());
        plugin.setProperty(s, SvpProperties.PORT, (long) server.port());
        plugin.setProperty(s, SvpProperties.UNDERLAY_IP, UNDERLAY);
        plugin.start(s);
        return s;
    }

    @AfterEach
    void stop() throws Exception {
        plugin.stop(instance);
        plugin.destroy(instance);
        plugin.deactivate();
        server.close();
    }

    private FakeLookupQuery lookup(String destination, int sap) {
        FakeLookupQuery q = FakeLookupQuery.of(VNET, destination, sap);
        plugin.lookup(instance, q);
        q.await();
        return q;
    }

    @Test
    void aKnownUnicastMacIsAnsweredWithTheServersUnderlayAddressAndPort() {
        FakeLookupQuery q = lookup("90:c0:0c:52:50:11", LookupRequest.ETHERTYPE_IPV4);
        assertEquals(Answer.REPLY, q.answer());
        assertEquals(TargetPoint.of(ip("10.88.88.2"), 4789), q.target());
        assertEquals(1, q.answers());
    }

    @Test
    void anIpv6UnderlayAddressIsAnsweredAsIs() {
        FakeLookupQuery q = lookup("90:c0:0c:52:50:12", LookupRequest.ETHERTYPE_IPV6);
        assertEquals(TargetPoint.of(ip("2001:db8::2"), 4790), q.target());
    }

    @Test
    void anUnknownMacIsDropped() {
        FakeLookupQuery q = lookup("de:ad:be:ef:00:01", LookupRequest.ETHERTYPE_IPV4);
        assertEquals(Answer.DROP, q.answer());
        assertNull(q.failure(), "a plain drop, not a failure");
        assertEquals(1, q.answers());
    }

    @Test
    void aMacKnownOnlyInAnotherVirtualNetworkIsDropped() {
        assertEquals(
                Answer.DROP,
                lookup("90:c0:0c:52:50:13", LookupRequest.ETHERTYPE_IPV4).answer());
    }

    @Test
    void arpFramesGoToProxyArpWithoutAskingTheServer() {
        assertEquals(
                Answer.PROXY_ARP,
                lookup("ff:ff:ff:ff:ff:ff", LookupRequest.ETHERTYPE_ARP).answer());
        assertEquals(
                Answer.PROXY_ARP,
                lookup("90:c0:0c:52:50:11", LookupRequest.ETHERTYPE_ARP).answer());
        assertEquals(0, server.requests(SvpOp.VL2_REQ));
    }

    @Test
    void ipv6FramesTo3333GoToProxyNdp() {
        assertEquals(
                Answer.PROXY_NDP,
                lookup("33:33:ff:00:00:06", LookupRequest.ETHERTYPE_IPV6).answer());
    }

    @Test
    void nonIpv6FramesTo3333AreDropped() {
        assertEquals(
                Answer.DROP,
                lookup("33:33:ff:00:00:06", LookupRequest.ETHERTYPE_IPV4).answer());
    }

    @Test
    void broadcastAndMulticastAreDroppedWithoutAskingTheServer() {
        assertEquals(
                Answer.DROP,
                lookup("ff:ff:ff:ff:ff:ff", LookupRequest.ETHERTYPE_IPV4).answer());
        assertEquals(
                Answer.DROP,
                lookup("01:00:5e:00:00:01", LookupRequest.ETHERTYPE_IPV4).answer());
        assertEquals(0, server.requests(SvpOp.VL2_REQ));
    }

    @Test
    void proxyArpInjectsTheMappingFirstThenAnswersTheMac() {
        RecordingResolveQuery q = new RecordingResolveQuery(device::record);
        plugin.arp(instance, q, ip("192.168.100.6"));
        assertEquals(mac("90:c0:0c:52:50:12"), q.await().mac());
        assertEquals(List.of("inject 90:c0:0c:52:50:12 10.88.88.2:4790", "reply 90:c0:0c:52:50:12"), device.events());
        assertEquals(1, q.answers());
    }

    @Test
    void proxyNdpAsksWithAnIpv6Vl3Request() {
        RecordingResolveQuery q = new RecordingResolveQuery(device::record);
        plugin.arp(instance, q, ip("fd00::6"));
        assertEquals(mac("90:c0:0c:52:50:14"), q.await().mac());
        assertEquals("inject 90:c0:0c:52:50:14 10.88.88.4:4789", device.events().get(0));
    }

    @Test
    void anUnknownArpTargetIsDroppedAndNothingInjected() {
        RecordingResolveQuery q = new RecordingResolveQuery(device::record);
        plugin.arp(instance, q, ip("192.168.100.99"));
        assertNull(q.await().mac());
        assertTrue(q.dropped());
        assertNull(q.failure(), "a plain drop, not a failure");
        assertEquals(List.of(), device.events());
    }

    @Test
    void thousandsOfPipelinedLookupsAreEachAnsweredOnceAndCorrectly() {
        List<FakeLookupQuery> queries = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            String dst = i % 3 == 0 ? "90:c0:0c:52:50:11" : i % 3 == 1 ? "90:c0:0c:52:50:12" : "de:ad:be:ef:00:01";
            FakeLookupQuery q = FakeLookupQuery.of(VNET, dst, LookupRequest.ETHERTYPE_IPV4);
            queries.add(q);
            plugin.lookup(instance, q);
        }
        for (int i = 0; i < queries.size(); i++) {
            FakeLookupQuery q = queries.get(i);
            q.await();
            assertEquals(1, q.answers());
            switch (i % 3) {
                case 0 -> assertEquals(TargetPoint.of(ip("10.88.88.2"), 4789), q.target());
                case 1 -> assertEquals(TargetPoint.of(ip("2001:db8::2"), 4790), q.target());
                default -> assertEquals(Answer.DROP, q.answer());
            }
        }
        assertEquals(1, server.accepted(), "all over one connection");
    }

    @Test
    void lookupsOnAStoppedInstanceAreDropped() {
        plugin.stop(instance);
        FakeLookupQuery q = lookup("90:c0:0c:52:50:11", LookupRequest.ETHERTYPE_IPV4);
        assertEquals(Answer.DROP, q.answer());
        RecordingResolveQuery r = new RecordingResolveQuery(device::record);
        plugin.arp(instance, r, ip("192.168.100.6"));
        r.await();
        assertTrue(r.dropped());
    }

    @Test
    void theClientNeverSendsPingBulkOrShootdown() {
        lookup("90:c0:0c:52:50:11", LookupRequest.ETHERTYPE_IPV4);
        plugin.arp(instance, new RecordingResolveQuery(), ip("192.168.100.6"));
        lookup("90:c0:0c:52:50:12", LookupRequest.ETHERTYPE_IPV4);
        assertEquals(0, server.requests(SvpOp.PING));
        assertEquals(0, server.requests(SvpOp.BULK_REQ));
        assertEquals(0, server.requests(SvpOp.SHOOTDOWN));
        assertTrue(
                server.events().stream().noneMatch(e -> e.startsWith("violation")),
                server.events().toString());
    }
}
