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
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.Errno;
import io.varpd.api.LookupRequest;
import io.varpd.api.TargetPoint;
import io.varpd.api.plugin.RecordingLookupQuery.Answer;
import io.varpd.plugin.svp.internal.FakeSvpServer.Fault;
import io.varpd.plugin.svp.internal.protocol.SvpOp;
import io.varpd.plugin.svp.internal.remote.RemoteRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A server that misbehaves (docs/architecture.md#the-svp-client): the client resets the connection, fails the query in
 * flight (EHOSTUNREACH, or ETIME when it timed out; never the drop of a not-found), reconnects and answers again,
 * degrades when it cannot reach the server and restores when it can; an instance on another server is answered
 * throughout.
 */
class SvpConnectionFaultTest {
    private static final String KNOWN = "90:c0:0c:52:50:11";
    private static final TargetPoint WHERE = TargetPoint.of(ip("10.88.88.2"), 4789);

    private FakeSvpServer troubled;
    private FakeSvpServer healthy;
    private RemoteRegistry registry;
    private SvpPlugin plugin;
    private FakeProvider troubledDevice;
    private FakeProvider healthyDevice;
    private SvpInstance onTroubled;
    private SvpInstance onHealthy;

    @BeforeEach
    void start() throws Exception {
        troubled = FakeSvpServer.onLoopback();
        healthy = FakeSvpServer.onLoopback();
        troubled.putVl2(mac(KNOWN), 1, ip("10.88.88.2"), 4789);
        healthy.putVl2(mac(KNOWN), 2, ip("10.88.88.2"), 4789);
        registry = SvpTestKit.registry(SvpTestKit.fast());
        plugin = new SvpPlugin(registry);
        troubledDevice = new FakeProvider(1);
        healthyDevice = new FakeProvider(2);
        onTroubled = started(troubledDevice, troubled);
        onHealthy = started(healthyDevice, healthy);
        awaitActive(registry, key(troubled), 1);
        awaitActive(registry, key(healthy), 1);
    }

    private SvpInstance started(FakeProvider device, FakeSvpServer server) throws Exception {
        SvpInstance s = plugin.create(device, VXLAN);
        plugin.setProperty(s, SvpProperties.HOST, server.address().getHostAddress());
        plugin.setProperty(s, SvpProperties.PORT, (long) server.port());
        plugin.setProperty(s, SvpProperties.UNDERLAY_IP, UNDERLAY);
        plugin.start(s);
        return s;
    }

    @AfterEach
    void stop() throws Exception {
        plugin.stop(onTroubled);
        plugin.stop(onHealthy);
        plugin.deactivate();
        troubled.close();
        healthy.close();
    }

    private FakeLookupQuery ask(SvpInstance instance, long vnetid) {
        FakeLookupQuery q = FakeLookupQuery.of(vnetid, KNOWN, LookupRequest.ETHERTYPE_IPV4);
        plugin.lookup(instance, q);
        return q;
    }

    private void assertAnswered(SvpInstance instance, long vnetid) {
        FakeLookupQuery q = ask(instance, vnetid);
        assertEquals(Answer.REPLY, q.await(), "lookup on vnetid " + vnetid);
        assertEquals(WHERE, q.target());
    }

    /** The REMOTE_FAIL degrade event of the troubled server once it refuses connections. */
    private String unreachable() {
        return "degrade svp server 127.0.0.1 port " + troubled.port() + " is unreachable: connecting to 127.0.0.1 port "
                + troubled.port() + " failed: Connection refused";
    }

    /** After a reset: the client has reconnected (a second connection accepted) and is ACTIVE. */
    private void awaitReconnected(int connections) {
        troubled.await(e -> e.equals("accepted " + connections), "reconnection " + connections);
        awaitActive(registry, key(troubled), 1);
    }

    @ParameterizedTest
    @EnumSource(
            value = Fault.class,
            names = {"CLOSE_MID_QUERY", "BAD_CRC", "WRONG_SIZE", "UNKNOWN_ID"})
    void aBrokenAnswerFailsThatLookupResetsAndTheNextLookupIsAnswered(Fault fault) {
        assertAnswered(onTroubled, 1);
        troubled.failNext(SvpOp.VL2_REQ, fault);
        FakeLookupQuery broken = ask(onTroubled, 1);
        broken.await();
        assertEquals(Errno.EHOSTUNREACH, broken.failure());
        String server = "svp server 127.0.0.1 port " + troubled.port();
        assertTrue(
                broken.reason()
                        .startsWith(server + ": the connection to 127.0.0.1 port " + troubled.port() + " was reset: "),
                broken.reason());
        assertEquals(1, broken.answers());
        assertAnswered(onHealthy, 2);
        awaitReconnected(2);
        assertAnswered(onTroubled, 1);
        assertEquals(1, healthy.accepted(), "the other server's connection was never touched");
    }

    @ParameterizedTest
    @EnumSource(
            value = Fault.class,
            names = {"CLOSE_MID_QUERY", "BAD_CRC", "UNKNOWN_ID"})
    void aResetAnswersEveryPipelinedLookupExactlyOnceAndTheOnesBeforeItCorrectly(Fault fault) {
        troubled.failAfter(SvpOp.VL2_REQ, 4, fault);
        List<FakeLookupQuery> queries = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            queries.add(ask(onTroubled, 1));
        }
        for (int i = 0; i < queries.size(); i++) {
            FakeLookupQuery q = queries.get(i);
            q.await();
            assertEquals(1, q.answers());
            if (i < 4) {
                assertEquals(Answer.REPLY, q.answer(), "lookup " + i + " was answered before the fault");
            } else if (i == 4) {
                assertEquals(Errno.EHOSTUNREACH, q.failure(), "the lookup in flight at the reset");
            } else if (q.answer() != Answer.REPLY) {
                assertEquals(Errno.EHOSTUNREACH, q.failure(), "lookup " + i + " had nowhere to go");
            }
            // The rest had no other ACTIVE connection to go to: failed or, if sent after the
            // reconnect, answered; either way exactly once (checked above).
        }
        awaitReconnected(2);
        assertAnswered(onTroubled, 1);
    }

    @Test
    void aStalledServerTimesTheQueryOutDegradesAndTheConnectionIsReset() {
        assertAnswered(onTroubled, 1);
        troubled.failNext(SvpOp.VL2_REQ, Fault.STALL);
        FakeLookupQuery stuck = ask(onTroubled, 1);
        troubled.await(e -> e.equals("stalled"), "the stall");
        // While the troubled server says nothing, the other instance is answered.
        assertAnswered(onHealthy, 2);
        stuck.await();
        assertEquals(Errno.ETIME, stuck.failure());
        String server = "svp server 127.0.0.1 port " + troubled.port();
        assertEquals(server + " did not answer VL2_REQ within 1000 ms", stuck.reason());
        assertEquals(
                "degrade " + server + " accepts connections but does not answer: no answer to a query within"
                        + " 1000 ms",
                troubledDevice.status(),
                "degraded by the first timed-out query");
        troubled.unstall();
        awaitReconnected(2);
        assertAnswered(onTroubled, 1);
        troubledDevice.await(e -> e.equals("restore"), "the restore once the server answers");
        assertEquals(List.of(), healthyDevice.events(), "the other instance was not degraded");
    }

    @Test
    void anUnreachableServerDegradesItsInstancesAndRestoresThemWhenItComesBack() throws Exception {
        troubled.refuseConnections();
        String unreachable = unreachable();
        troubledDevice.await(e -> e.equals(unreachable), "the REMOTE_FAIL degrade");
        // Nothing ACTIVE: lookups fail at once rather than wait.
        FakeLookupQuery q = ask(onTroubled, 1);
        q.await();
        assertEquals(Errno.EHOSTUNREACH, q.failure());
        assertEquals(unreachable.substring("degrade ".length()), q.reason());
        assertAnswered(onHealthy, 2);
        assertEquals(List.of(), healthyDevice.events(), "the other instance was not degraded");
        troubled.comeBack();
        troubledDevice.await(e -> e.equals("restore"), "the restore");
        awaitActive(registry, key(troubled), 1);
        assertAnswered(onTroubled, 1);
        assertEquals(List.of(unreachable, "restore"), troubledDevice.events());
    }

    @Test
    void anInstanceAttachingToADegradedRemoteIsDegradedToo() throws Exception {
        troubled.refuseConnections();
        troubledDevice.await(e -> e.startsWith("degrade"), "the degrade");
        FakeProvider late = new FakeProvider(3);
        SvpInstance s = started(late, troubled);
        String unreachable = unreachable();
        late.await(e -> e.equals(unreachable), "the late instance's degrade");
        plugin.stop(s);
        late.await(e -> e.equals("restore"), "the restore when it leaves the remote");
    }

    @Test
    void theLookupsOfOtherInstancesAreAnsweredThroughAStall() {
        troubled.failNext(SvpOp.VL2_REQ, Fault.STALL);
        FakeLookupQuery stuck = ask(onTroubled, 1);
        troubled.await(e -> e.equals("stalled"), "the stall");
        for (int i = 0; i < 200; i++) {
            assertAnswered(onHealthy, 2);
        }
        stuck.await();
        assertTrue(
                troubled.events().stream().noneMatch(e -> e.startsWith("violation")),
                troubled.events().toString());
    }
}
