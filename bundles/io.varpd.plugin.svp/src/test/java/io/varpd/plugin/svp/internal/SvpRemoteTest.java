// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal;

import static io.varpd.plugin.svp.internal.SvpTestKit.UNDERLAY;
import static io.varpd.plugin.svp.internal.SvpTestKit.VXLAN;
import static io.varpd.plugin.svp.internal.SvpTestKit.awaitActive;
import static io.varpd.plugin.svp.internal.SvpTestKit.awaitTrue;
import static io.varpd.plugin.svp.internal.SvpTestKit.connections;
import static io.varpd.plugin.svp.internal.SvpTestKit.ip;
import static io.varpd.plugin.svp.internal.SvpTestKit.mac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.LookupRequest;
import io.varpd.api.TargetPoint;
import io.varpd.api.plugin.RecordingLookupQuery.Answer;
import io.varpd.plugin.svp.internal.FakeSvpServer.Fault;
import io.varpd.plugin.svp.internal.protocol.SvpOp;
import io.varpd.plugin.svp.internal.remote.HostResolver;
import io.varpd.plugin.svp.internal.remote.RemoteKey;
import io.varpd.plugin.svp.internal.remote.RemoteRegistry;
import java.io.IOException;
import java.net.BindException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A remote whose host name resolves to two loopback addresses (docs/architecture.md#the-svp-client): one connection per
 * address, round robin, queries of a reset connection moved to the other one, addresses leaving DNS wound down, DNS
 * failures degrading with their message and severity.
 */
class SvpRemoteTest {
    private static final String HOST = "portolan.test";
    private static final String KNOWN = "90:c0:0c:52:50:11";
    private static final TargetPoint WHERE = TargetPoint.of(ip("10.88.88.2"), 4789);

    private FakeSvpServer first;
    private FakeSvpServer second;
    private final FakeResolver resolver = new FakeResolver();
    private RemoteRegistry registry;
    private SvpPlugin plugin;
    private FakeProvider device;
    private SvpInstance instance;
    private RemoteKey key;

    @BeforeEach
    void start() throws Exception {
        startServersOnOnePort();
        for (FakeSvpServer s : List.of(first, second)) {
            s.putVl2(mac(KNOWN), 1, ip("10.88.88.2"), 4789);
        }
        resolver.answer(first.address(), second.address());
        registry = RemoteRegistry.start(SvpTestKit.fast(), resolver, 1);
        plugin = new SvpPlugin(registry);
        device = new FakeProvider(1);
        instance = started(device);
        key = new RemoteKey(HOST, first.port(), UNDERLAY);
        awaitActive(registry, key, 2);
    }

    /** 127.0.0.1:p and 127.0.0.2:p: a remote has one port for all its addresses. */
    private void startServersOnOnePort() throws IOException {
        for (int attempt = 0; ; attempt++) {
            first = FakeSvpServer.start(ip("127.0.0.1"));
            try {
                second = FakeSvpServer.start(ip("127.0.0.2"), first.port(), false);
                return;
            } catch (BindException e) {
                first.close();
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    private SvpInstance started(FakeProvider provider) throws Exception {
        SvpInstance s = plugin.create(provider, VXLAN);
        plugin.setProperty(s, SvpProperties.HOST, HOST);
        plugin.setProperty(s, SvpProperties.PORT, (long) first.port());
        plugin.setProperty(s, SvpProperties.UNDERLAY_IP, UNDERLAY);
        plugin.start(s);
        return s;
    }

    @AfterEach
    void stop() throws Exception {
        plugin.stop(instance);
        plugin.deactivate();
        first.close();
        second.close();
    }

    private FakeLookupQuery ask() {
        FakeLookupQuery q = FakeLookupQuery.of(1, KNOWN, LookupRequest.ETHERTYPE_IPV4);
        plugin.lookup(instance, q);
        return q;
    }

    private void assertAnswered() {
        FakeLookupQuery q = ask();
        assertEquals(Answer.REPLY, q.await());
        assertEquals(WHERE, q.target());
    }

    @Test
    void eachResolvedAddressGetsOneConnectionAndQueriesAlternate() {
        for (int i = 0; i < 100; i++) {
            assertAnswered();
        }
        assertEquals(50, first.requests(SvpOp.VL2_REQ));
        assertEquals(50, second.requests(SvpOp.VL2_REQ));
        assertEquals(1, first.accepted());
        assertEquals(1, second.accepted());
    }

    @Test
    void instancesOnOneRemoteShareItsConnections() throws Exception {
        SvpInstance other = started(new FakeProvider(2));
        first.putVl2(mac(KNOWN), 2, ip("10.88.88.2"), 4789);
        second.putVl2(mac(KNOWN), 2, ip("10.88.88.2"), 4789);
        FakeLookupQuery q = FakeLookupQuery.of(2, KNOWN, LookupRequest.ETHERTYPE_IPV4);
        plugin.lookup(other, q);
        assertEquals(Answer.REPLY, q.await());
        awaitTrue(() -> first.accepted() + second.accepted() >= 2, "both servers to have accepted");
        assertEquals(2, first.accepted() + second.accepted(), "no new connection for the second instance");
        plugin.stop(other);
        assertAnswered();
    }

    @Test
    void aResetConnectionsOtherQueriesAreAnsweredOnTheOtherConnection() {
        // Queries alternate, so the first server sees lookups 0, 2, 4, ...; its third one (lookup 4) breaks.
        first.failAfter(SvpOp.VL2_REQ, 2, Fault.CLOSE_MID_QUERY);
        List<FakeLookupQuery> queries = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            queries.add(ask());
        }
        int dropped = 0;
        for (FakeLookupQuery q : queries) {
            q.await();
            assertEquals(1, q.answers());
            if (q.answer() == Answer.DROP) {
                dropped++;
            } else {
                assertEquals(WHERE, q.target());
            }
        }
        assertEquals(Answer.DROP, queries.get(4).answer(), "the query in flight at the reset");
        assertEquals(1, dropped, "every other query was carried by the other connection");
    }

    @Test
    void anAddressLeavingDnsIsWoundDownAndComingBackReconnects() {
        resolver.answer(first.address());
        second.await(e -> e.equals("closed"), "the wound-down connection closing");
        awaitTrue(() -> connections(registry, key).size() == 1, "one connection left");
        long before = second.requests(SvpOp.VL2_REQ);
        for (int i = 0; i < 20; i++) {
            assertAnswered();
        }
        assertEquals(before, second.requests(SvpOp.VL2_REQ), "nothing goes to an address no longer in DNS");
        resolver.answer(first.address(), second.address());
        second.await(e -> e.equals("accepted 2"), "a new connection to the returning address");
        awaitActive(registry, key, 2);
    }

    @Test
    void aNameThatStopsResolvingDegradesWithTheDnsMessageAndRestores() {
        resolver.fail(new UnknownHostException(HOST + ": Name or service not known"));
        device.await(
                e -> e.equals("degrade failed to resolve or find entries for hostname " + HOST), "the DNS degrade");
        // The connections already made keep serving (as in the original).
        assertAnswered();
        resolver.answer(first.address(), second.address());
        device.await(e -> e.equals("restore"), "the restore");
    }

    @Test
    void dnsFailureOutranksRemoteFailureAndClearingItFallsBackToTheRemoteMessage() throws Exception {
        first.refuseConnections();
        second.refuseConnections();
        // Whichever address failed last when both had failed is named.
        String unreachable = device.await(
                e -> e.startsWith("degrade svp server " + HOST + " port " + first.port()
                        + " is unreachable: connecting to 127.0.0."),
                "the REMOTE_FAIL degrade");
        assertTrue(unreachable.endsWith(" port " + first.port() + " failed: Connection refused"), unreachable);
        resolver.fail(new UnknownHostException(HOST));
        device.await(e -> e.startsWith("degrade failed to resolve"), "DNS_FAIL replacing REMOTE_FAIL");
        resolver.answer(first.address(), second.address());
        awaitTrue(() -> device.events().size() >= 3, "the next status change");
        assertEquals(unreachable, device.events().get(2), "back to the REMOTE_FAIL message");
        first.comeBack();
        device.await(e -> e.equals("restore"), "the restore once a peer answers");
        assertEquals(
                List.of(
                        unreachable,
                        "degrade failed to resolve or find entries for hostname " + HOST,
                        unreachable,
                        "restore"),
                device.events());
        assertAnswered();
    }

    @Test
    void temporaryResolverFailuresAreRetriedAndDegradeOnlyWhenTheyPersist() {
        int before = resolver.calls.get();
        resolver.fail(new HostResolver.TemporaryFailure("Temporary failure in name resolution"));
        device.await(e -> e.startsWith("degrade failed to resolve"), "the degrade after repeated temporary failures");
        assertTrue(resolver.calls.get() - before >= SvpTestKit.fast().dnsTemporaryFailuresBeforeDegrade());
        resolver.answer(first.address(), second.address());
        device.await(e -> e.equals("restore"), "the restore");
    }
}
