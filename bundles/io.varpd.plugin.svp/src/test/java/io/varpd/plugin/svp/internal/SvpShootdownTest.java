// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal;

import static io.varpd.plugin.svp.internal.SvpTestKit.UNDERLAY;
import static io.varpd.plugin.svp.internal.SvpTestKit.VXLAN;
import static io.varpd.plugin.svp.internal.SvpTestKit.awaitActive;
import static io.varpd.plugin.svp.internal.SvpTestKit.awaitTrue;
import static io.varpd.plugin.svp.internal.SvpTestKit.ip;
import static io.varpd.plugin.svp.internal.SvpTestKit.key;
import static io.varpd.plugin.svp.internal.SvpTestKit.mac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.LookupRequest;
import io.varpd.api.plugin.RecordingLookupQuery.Answer;
import io.varpd.plugin.svp.internal.protocol.SvpOp;
import io.varpd.plugin.svp.internal.protocol.Vl2LogRecord;
import io.varpd.plugin.svp.internal.protocol.Vl3LogRecord;
import io.varpd.plugin.svp.internal.remote.RemoteRegistry;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Shootdowns (docs/architecture.md#the-svp-client): the server's log pulled, applied to the right instance,
 * acknowledged.
 */
class SvpShootdownTest {
    private FakeSvpServer server;
    private RemoteRegistry registry;
    private SvpPlugin plugin;
    private FakeProvider one;
    private FakeProvider two;
    private SvpInstance onOne;
    private SvpInstance onTwo;

    @BeforeEach
    void start() throws Exception {
        server = FakeSvpServer.onLoopback();
        server.knowNode(UNDERLAY);
        registry = SvpTestKit.registry(SvpTestKit.fastWithShootdowns());
        plugin = new SvpPlugin(registry);
        one = new FakeProvider(1);
        two = new FakeProvider(2);
        onOne = started(one);
        onTwo = started(two);
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
        plugin.stop(onOne);
        plugin.stop(onTwo);
        plugin.deactivate();
        server.close();
    }

    private void awaitLogEmpty() {
        awaitTrue(() -> server.logged(UNDERLAY).isEmpty(), "the server's log to be emptied by LOG_RM");
    }

    @Test
    void aVl2RecordRemovesTheCachedDestinationOnTheInstanceWithThatVnetid() {
        UUID id = UUID.randomUUID();
        server.log(UNDERLAY, new Vl2LogRecord(id, mac("90:c0:0c:52:50:12"), 2));
        two.await(e -> e.equals("inject 90:c0:0c:52:50:12 null"), "the invalidation");
        awaitLogEmpty();
        server.await(e -> e.equals("request LOG_RM [" + id + "]"), "the LOG_RM naming the record");
        assertEquals(List.of(), one.events(), "the other vnetid was left alone");
    }

    @Test
    void aVl3RecordIsLookedUpAndAnnouncedWithAGratuitousArp() {
        server.putVl3(ip("192.168.100.6"), 1, mac("90:c0:0c:52:50:12"), ip("10.88.88.2"), 4790);
        server.log(UNDERLAY, new Vl3LogRecord(UUID.randomUUID(), ip("192.168.100.6"), 7, 1));
        one.await(e -> e.startsWith("garp"), "the gratuitous ARP");
        assertEquals(List.of("garp 7 90:c0:0c:52:50:12 192.168.100.6 ff:ff:ff:ff:ff:ff"), one.events());
        awaitLogEmpty();
        assertTrue(server.requests(SvpOp.VL3_REQ) >= 1);
    }

    @Test
    void aVl3RecordTheServerNoLongerKnowsIsAcknowledgedWithoutAnnouncing() {
        server.log(UNDERLAY, new Vl3LogRecord(UUID.randomUUID(), ip("192.168.100.7"), 0, 1));
        awaitLogEmpty();
        assertEquals(List.of(), one.events());
    }

    @Test
    void anIpv6Vl3RecordIsAnnouncedWithAnUnsolicitedNeighbourAdvertisement() {
        server.putVl3(ip("fd00::7"), 1, mac("90:c0:0c:52:50:12"), ip("10.88.88.2"), 4790);
        server.log(UNDERLAY, new Vl3LogRecord(UUID.randomUUID(), ip("fd00::7"), 5, 1));
        one.await(e -> e.startsWith("una"), "the unsolicited advertisement");
        assertEquals(List.of("una 5 90:c0:0c:52:50:12 fd00::7"), one.events());
        awaitLogEmpty();
        assertEquals(List.of(), two.events(), "the other vnetid was left alone");
    }

    @Test
    void recordsForAVnetidWithoutAnInstanceAreAcknowledged() {
        server.log(UNDERLAY, new Vl2LogRecord(UUID.randomUUID(), mac("90:c0:0c:52:50:12"), 99));
        awaitLogEmpty();
        assertEquals(List.of(), one.events());
        assertEquals(List.of(), two.events());
    }

    @Test
    void aFullLogAckOfCountPlusFourBytesIsTakenAndTheRestComesInTheNextRound() {
        // 40 VL2 records are 1280 bytes: the first LOG_ACK carries 32 of them, 1024 bytes of
        // records plus the status word: 1028 = count + 4, which the original's check mishandled.
        for (int i = 0; i < 40; i++) {
            server.log(
                    UNDERLAY,
                    new Vl2LogRecord(UUID.randomUUID(), io.varpd.api.MacAddress.of(0x02_00_00_00_00_00L + i), 1));
        }
        awaitLogEmpty();
        assertEquals(40, one.events("inject").size());
        List<String> removes = server.events().stream()
                .filter(e -> e.startsWith("request LOG_RM"))
                .toList();
        assertEquals(2, removes.size(), removes.toString());
    }

    @Test
    void aNodeTheServerDoesNotKnowGetsFatalAndTheClientKeepsPollingAndAnswering() throws Exception {
        FakeSvpServer other = FakeSvpServer.onLoopback();
        other.putVl2(mac("90:c0:0c:52:50:11"), 3, ip("10.88.88.2"), 4789);
        try {
            FakeProvider three = new FakeProvider(3);
            SvpInstance s = plugin.create(three, VXLAN);
            plugin.setProperty(s, SvpProperties.HOST, other.address().getHostAddress());
            plugin.setProperty(s, SvpProperties.PORT, (long) other.port());
            plugin.setProperty(s, SvpProperties.UNDERLAY_IP, UNDERLAY); // unknown to `other`: LOG_ACK FATAL
            plugin.start(s);
            awaitTrue(() -> other.requests(SvpOp.LOG_REQ) >= 3, "several LOG_REQ rounds despite FATAL");
            assertEquals(0, other.requests(SvpOp.LOG_RM));
            FakeLookupQuery q = FakeLookupQuery.of(3, "90:c0:0c:52:50:11", LookupRequest.ETHERTYPE_IPV4);
            plugin.lookup(s, q);
            assertEquals(Answer.REPLY, q.await());
            plugin.stop(s);
        } finally {
            other.close();
        }
    }

    @Test
    void logRequestsCarryThisNodesUnderlayAddressAndTheCount1024() {
        server.await(e -> e.equals("request LOG_REQ count 1024 ip 10.88.88.1"), "the LOG_REQ");
    }
}
