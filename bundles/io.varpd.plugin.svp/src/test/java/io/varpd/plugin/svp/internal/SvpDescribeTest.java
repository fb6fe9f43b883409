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
import io.varpd.plugin.svp.internal.remote.RemoteRegistry;
import io.varpd.plugin.svp.internal.remote.SvpTiming;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, section 2: the overlay page shows svp's connection state, from {@code PluginOps.describe}: the server and
 * its addresses, connected / backoff (with the next attempt and the error) / degraded with the reason, queries in
 * flight, the last answer, and the shootdown log's polling and last LOG_REQ result. Over real loopback TCP against the
 * fake portolan server, or a port where nothing listens.
 */
class SvpDescribeTest {
    private static final long VNET = 7;
    private static final String KNOWN = "90:c0:0c:52:50:11";

    private RemoteRegistry registry;
    private SvpPlugin plugin;
    private FakeSvpServer server;
    private SvpInstance instance;

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

    private SvpInstance configured(SvpTiming timing, String host, int port) throws Exception {
        registry = SvpTestKit.registry(timing);
        plugin = new SvpPlugin(registry);
        instance = plugin.create(new FakeProvider(VNET), VXLAN);
        plugin.setProperty(instance, SvpProperties.HOST, host);
        plugin.setProperty(instance, SvpProperties.PORT, (long) port);
        plugin.setProperty(instance, SvpProperties.UNDERLAY_IP, UNDERLAY);
        return instance;
    }

    private Map<String, String> describe() {
        return plugin.describe(instance);
    }

    /** Waits until the description's {@code label} satisfies {@code test}; returns that description. */
    private Map<String, String> awaitDescribed(String label, java.util.function.Predicate<String> test, String what) {
        awaitTrue(() -> describe().get(label) != null && test.test(describe().get(label)), what);
        return describe();
    }

    private static int closedPort() throws IOException {
        try (ServerSocketChannel c = ServerSocketChannel.open()) {
            c.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return ((InetSocketAddress) c.getLocalAddress()).getPort();
        }
    }

    @Test
    void aStoppedInstanceSaysSoAndNamesItsServer() throws Exception {
        configured(SvpTestKit.fast(), "portolan.example", 1296);

        assertEquals(Map.of("server", "portolan.example:1296", "state", "not started"), describe());
    }

    @Test
    void aConnectedInstanceShowsItsAddressTheLastAnswerAndTheAcceptedLog() throws Exception {
        server = FakeSvpServer.onLoopback();
        server.knowNode(UNDERLAY);
        server.putVl2(mac(KNOWN), VNET, ip("10.88.88.2"), 4789);
        configured(SvpTestKit.fastWithShootdowns(), "127.0.0.1", server.port());
        plugin.start(instance);
        awaitActive(registry, key(server), 1);

        FakeLookupQuery q = FakeLookupQuery.of(VNET, KNOWN, LookupRequest.ETHERTYPE_IPV4);
        plugin.lookup(instance, q);
        q.await();
        assertEquals(Answer.REPLY, q.answer());
        Map<String, String> d =
                awaitDescribed("last log request", v -> v.endsWith(": OK, 0 records"), "a LOG_REQ answered OK");

        assertEquals(
                List.of(
                        "server",
                        "state",
                        "addresses",
                        "connection 127.0.0.1",
                        "queries in flight",
                        "last answer",
                        "shootdown log",
                        "last log request"),
                List.copyOf(d.keySet()),
                d.toString());
        assertEquals("127.0.0.1:" + server.port(), d.get("server"));
        assertEquals("connected", d.get("state"));
        assertEquals("127.0.0.1", d.get("addresses"));
        assertEquals("connected, 0 queries in flight", d.get("connection 127.0.0.1"));
        assertEquals("0", d.get("queries in flight"));
        assertTrue(
                d.get("last answer").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ \\(\\d+ (ms|s) ago\\)"),
                d.get("last answer"));
        assertTrue(d.get("shootdown log").startsWith("polling every 20 ms-40 ms"), d.get("shootdown log"));
    }

    @Test
    void anUnreachableServerIsDegradedAndItsConnectionBacksOffNamingTheNextAttemptAndTheError() throws Exception {
        // One attempt a minute: the description is read while the connection waits to retry.
        SvpTiming timing = SvpTestKit.fastWithConnectBackoff(Duration.ofMinutes(1));
        int port = closedPort();
        configured(timing, "127.0.0.1", port);
        plugin.start(instance);
        String refused = "connecting to 127.0.0.1 port " + port + " failed: Connection refused";

        Map<String, String> d = awaitDescribed("state", v -> v.startsWith("degraded"), "the degrade");

        assertEquals("degraded: svp server 127.0.0.1 port " + port + " is unreachable: " + refused, d.get("state"));
        assertEquals("127.0.0.1", d.get("addresses"));
        String connection = d.get("connection 127.0.0.1");
        assertTrue(
                connection.matches("backoff after 1 failed connect, next attempt in (59|60) s: \\Q" + refused + "\\E"),
                connection);
        assertEquals("never", d.get("last answer"));
        assertEquals("none answered yet", d.get("last log request"));
    }

    @Test
    void aServerThatRefusesTheLogIsDegradedWithTheReasonAndTheLastLogRequestSaysFatal() throws Exception {
        server = FakeSvpServer.onLoopback(); // knows no compute node: LOG_REQ is answered FATAL
        configured(SvpTestKit.fastWithShootdowns(), "127.0.0.1", server.port());
        plugin.start(instance);

        Map<String, String> d = awaitDescribed("last log request", v -> v.contains(": FATAL"), "a refused LOG_REQ");

        assertTrue(
                d.get("state")
                        .startsWith(
                                "degraded: svp server 127.0.0.1 port " + server.port() + " answers LOG_REQ with FATAL"),
                d.get("state"));
        assertTrue(
                d.get("last log request")
                        .endsWith(": FATAL: the server does not know this node's svp/underlay_ip"
                                + " 10.88.88.1, so no shootdowns arrive"),
                d.get("last log request"));
        assertTrue(d.get("connection 127.0.0.1").startsWith("connected, "), d.toString());
    }
}
