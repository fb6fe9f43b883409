// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal;

import static io.varpd.plugin.svp.internal.SvpTestKit.UNDERLAY;
import static io.varpd.plugin.svp.internal.SvpTestKit.VXLAN;
import static io.varpd.plugin.svp.internal.SvpTestKit.awaitActive;
import static io.varpd.plugin.svp.internal.SvpTestKit.awaitTrue;
import static io.varpd.plugin.svp.internal.SvpTestKit.connections;
import static io.varpd.plugin.svp.internal.SvpTestKit.ip;
import static io.varpd.plugin.svp.internal.SvpTestKit.key;
import static io.varpd.plugin.svp.internal.SvpTestKit.mac;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.varpd.api.LookupRequest;
import io.varpd.api.plugin.RecordingLookupQuery.Answer;
import io.varpd.plugin.svp.internal.FakeSvpServer.Fault;
import io.varpd.plugin.svp.internal.protocol.SvpOp;
import io.varpd.plugin.svp.internal.remote.RemoteRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * When a reset reconnects at once and when it backs off. The backoff here is a minute, so a connection found in BACKOFF
 * is certainly waiting, and a reconnection seen within the test's deadline certainly did not wait.
 */
class SvpReconnectTest {
    private static final String KNOWN = "90:c0:0c:52:50:11";

    private FakeSvpServer server;
    private RemoteRegistry registry;
    private SvpPlugin plugin;
    private SvpInstance instance;

    @BeforeEach
    void start() throws Exception {
        server = FakeSvpServer.onLoopback();
        server.putVl2(mac(KNOWN), 1, ip("10.88.88.2"), 4789);
        registry = RemoteRegistry.start(
                SvpTestKit.fastWithConnectBackoff(Duration.ofMinutes(1)),
                io.varpd.plugin.svp.internal.remote.HostResolver.SYSTEM,
                1);
        plugin = new SvpPlugin(registry);
        instance = plugin.create(new FakeProvider(1), VXLAN);
        plugin.setProperty(instance, SvpProperties.HOST, server.address().getHostAddress());
        plugin.setProperty(instance, SvpProperties.PORT, (long) server.port());
        plugin.setProperty(instance, SvpProperties.UNDERLAY_IP, UNDERLAY);
        plugin.start(instance);
        awaitActive(registry, key(server), 1);
    }

    @AfterEach
    void stop() throws Exception {
        plugin.stop(instance);
        plugin.deactivate();
        server.close();
    }

    private Answer ask() {
        FakeLookupQuery q = FakeLookupQuery.of(1, KNOWN, LookupRequest.ETHERTYPE_IPV4);
        plugin.lookup(instance, q);
        return q.await();
    }

    @Test
    void aConnectionThatAnsweredReconnectsAtOnceAfterAReset() {
        assertEquals(Answer.REPLY, ask());
        server.failNext(SvpOp.VL2_REQ, Fault.CLOSE_MID_QUERY);
        assertEquals(Answer.DROP, ask()); // fail(EHOSTUNREACH), which the recorder counts as a drop
        server.await(e -> e.equals("accepted 2"), "an immediate reconnection");
        awaitActive(registry, key(server), 1);
        assertEquals(Answer.REPLY, ask());
    }

    @Test
    void aConnectionResetBeforeItsFirstAnswerBacksOffLikeAFailedConnect() {
        server.failNext(SvpOp.VL2_REQ, Fault.CLOSE_MID_QUERY);
        assertEquals(Answer.DROP, ask());
        awaitTrue(() -> connections(registry, key(server)).get(0).state().equals("BACKOFF"), "the backoff");
        assertEquals(1, connections(registry, key(server)).get(0).failures());
        assertEquals(1, server.accepted(), "no reconnection while backing off");
        // Nothing ACTIVE meanwhile: lookups fail at once.
        assertEquals(Answer.DROP, ask());
    }
}
