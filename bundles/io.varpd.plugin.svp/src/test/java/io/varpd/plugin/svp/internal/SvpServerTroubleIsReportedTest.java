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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.Errno;
import io.varpd.api.LookupRequest;
import io.varpd.api.plugin.RecordingLookupQuery.Answer;
import io.varpd.api.plugin.RecordingResolveQuery;
import io.varpd.plugin.svp.internal.FakeSvpServer.Fault;
import io.varpd.plugin.svp.internal.protocol.SvpOp;
import io.varpd.plugin.svp.internal.remote.RemoteKey;
import io.varpd.plugin.svp.internal.remote.RemoteRegistry;
import io.varpd.plugin.svp.internal.remote.SvpTiming;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, section 3: when the plugin cannot get an answer because of the server, it says so (docs/svp.md). Lookups
 * fail with EHOSTUNREACH or ETIME and a sentence naming the server and the error, never the "drop" of a genuine
 * not-found; the overlay is DEGRADED no later than the first failed connect or the first timed-out query; a server that
 * refuses this node's shootdown log degrades it with a sentence naming {@code svp/underlay_ip}, once. All over real
 * loopback TCP against the fake portolan server (or a port where nothing listens).
 */
class SvpServerTroubleIsReportedTest {
    private static final long VNET = 7;
    private static final String KNOWN = "90:c0:0c:52:50:11";

    private RemoteRegistry registry;
    private SvpPlugin plugin;
    private FakeSvpServer server;
    private SvpInstance instance;

    private void startPlugin(SvpTiming timing) {
        registry = SvpTestKit.registry(timing);
        plugin = new SvpPlugin(registry);
    }

    private SvpInstance started(FakeProvider device, String host, int port) throws Exception {
        SvpInstance s = plugin.create(device, VXLAN);
        plugin.setProperty(s, SvpProperties.HOST, host);
        plugin.setProperty(s, SvpProperties.PORT, (long) port);
        plugin.setProperty(s, SvpProperties.UNDERLAY_IP, UNDERLAY);
        plugin.start(s);
        instance = s;
        return s;
    }

    @AfterEach
    void stop() throws Exception {
        if (instance != null) {
            plugin.stop(instance);
        }
        if (plugin != null) {
            plugin.deactivate();
        }
        if (server != null) {
            server.close();
        }
    }

    private FakeLookupQuery ask(String destination) {
        FakeLookupQuery q = FakeLookupQuery.of(VNET, destination, LookupRequest.ETHERTYPE_IPV4);
        plugin.lookup(instance, q);
        q.await();
        return q;
    }

    /** A loopback port where nothing listens: connects to it are refused. */
    private static int closedPort() throws IOException {
        try (ServerSocketChannel c = ServerSocketChannel.open()) {
            c.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return ((InetSocketAddress) c.getLocalAddress()).getPort();
        }
    }

    @Test
    void anUnreachableServerDegradesAtTheFirstFailedConnectAndLookupsFailWithEhostunreach() throws Exception {
        // One connect attempt a minute: a degrade seen now came from the first failed attempt.
        startPlugin(SvpTestKit.fastWithConnectBackoff(Duration.ofMinutes(1)));
        int port = closedPort();
        String server = "svp server 127.0.0.1 port " + port;
        String refused = "connecting to 127.0.0.1 port " + port + " failed: Connection refused";
        FakeProvider device = new FakeProvider(VNET);
        started(device, "127.0.0.1", port);

        assertEquals(
                "degrade " + server + " is unreachable: " + refused,
                device.await(e -> e.startsWith("degrade"), "the degrade"));
        RemoteKey key = new RemoteKey("127.0.0.1", port, UNDERLAY);
        assertEquals(1, connections(registry, key).get(0).failures(), "degraded after one failed connect");

        FakeLookupQuery q = ask(KNOWN);
        assertEquals(Errno.EHOSTUNREACH, q.failure(), "not a drop: the server could not be asked");
        assertEquals(server + " is unreachable: " + refused, q.reason());
        assertEquals(1, q.answers());

        RecordingResolveQuery arp = new RecordingResolveQuery(device::record);
        plugin.arp(instance, arp, ip("192.168.100.6"));
        assertNull(arp.await().mac());
        assertEquals(Errno.EHOSTUNREACH, arp.failure());
        assertEquals(server + " is unreachable: " + refused, arp.reason());
        assertEquals(1, device.events("degrade").size(), "degraded once, not at every lookup");
    }

    @Test
    void aServerThatAcceptsButNeverAnswersFailsTheLookupWithEtimeDegradesAtOnceAndRestoresWhenItAnswers()
            throws Exception {
        SvpTiming timing = SvpTestKit.fast();
        startPlugin(timing);
        server = FakeSvpServer.onLoopback();
        server.putVl2(mac(KNOWN), VNET, ip("10.88.88.2"), 4789);
        server.failNext(SvpOp.VL2_REQ, Fault.STALL); // reads everything from now on, answers nothing
        FakeProvider device = new FakeProvider(VNET);
        started(device, "127.0.0.1", server.port());
        awaitActive(registry, key(server), 1);
        String name = "svp server 127.0.0.1 port " + server.port();
        long limit = timing.queryTimeout().toMillis();

        FakeLookupQuery q = ask(KNOWN);
        assertEquals(Errno.ETIME, q.failure(), "not a drop: the server did not answer");
        assertEquals(name + " did not answer VL2_REQ within " + limit + " ms", q.reason());
        // The degrade is given before the timed-out query is answered: no later than the first timeout.
        assertEquals(
                "degrade " + name + " accepts connections but does not answer: no answer to a query within " + limit
                        + " ms",
                device.status());

        server.unstall();
        awaitTrue(() -> ask(KNOWN).answer() == Answer.REPLY, "a lookup answered once the server answers again");
        device.await(e -> e.equals("restore"), "the restore");
        assertEquals(
                List.of(
                        "degrade " + name + " accepts connections but does not answer: no answer to a query"
                                + " within " + limit + " ms",
                        "restore"),
                device.events());
    }

    @Test
    void aServerThatRefusesTheShootdownLogDegradesNamingUnderlayIpOnceAndRestoresWhenItAccepts() throws Exception {
        startPlugin(SvpTestKit.fastWithShootdowns());
        server = FakeSvpServer.onLoopback(); // knows no compute node: LOG_REQ is answered FATAL
        server.putVl2(mac(KNOWN), VNET, ip("10.88.88.2"), 4789);
        FakeProvider device = new FakeProvider(VNET);
        started(device, "127.0.0.1", server.port());

        String degrade = device.await(e -> e.startsWith("degrade"), "the degrade");
        assertEquals(
                "degrade svp server 127.0.0.1 port " + server.port() + " answers LOG_REQ with FATAL: it does"
                        + " not know this node's svp/underlay_ip 10.88.88.1, so shootdowns (mapping changes) never arrive;"
                        + " set svp/underlay_ip to this node's underlay address as the server knows it",
                degrade);
        long rounds = server.requests(SvpOp.LOG_REQ);
        awaitTrue(() -> server.requests(SvpOp.LOG_REQ) >= rounds + 3, "three more refused rounds");
        assertEquals(List.of(degrade), device.events("degrade"), "said once, not at every round");
        // Lookups do not depend on the log.
        FakeLookupQuery q = ask(KNOWN);
        assertEquals(Answer.REPLY, q.answer());
        assertNull(q.failure());

        server.knowNode(UNDERLAY);
        device.await(e -> e.equals("restore"), "the restore once the server accepts the log");
        assertTrue(device.events().indexOf("restore") > device.events().indexOf(degrade));
    }

    @Test
    void aMacTheServerDoesNotKnowIsStillAPlainDrop() throws Exception {
        startPlugin(SvpTestKit.fast());
        server = FakeSvpServer.onLoopback();
        FakeProvider device = new FakeProvider(VNET);
        started(device, "127.0.0.1", server.port());
        awaitActive(registry, key(server), 1);
        FakeLookupQuery q = ask("de:ad:be:ef:00:01");
        assertEquals(Answer.DROP, q.answer());
        assertNull(q.failure(), "a genuine not-found is a drop, not a failure");
        RecordingResolveQuery arp = new RecordingResolveQuery(device::record);
        plugin.arp(instance, arp, ip("192.168.100.99"));
        assertNull(arp.await().mac());
        assertNull(arp.failure());
        assertEquals(List.of(), device.events(), "nothing degraded");
    }
}
