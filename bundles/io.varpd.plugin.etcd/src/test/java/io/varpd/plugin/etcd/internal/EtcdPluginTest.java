// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.etcd.internal;

import static io.varpd.plugin.etcd.internal.Questions.NET;
import static io.varpd.plugin.etcd.internal.Questions.dhcp;
import static io.varpd.plugin.etcd.internal.Questions.lookup;
import static io.varpd.plugin.etcd.internal.Questions.resolve;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.DestinationType;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The plugin against one real etcd member that each test starts and stops. */
class EtcdPluginTest {
    private final EtcdPlugin plugin = new EtcdPlugin();
    private final FakeProvider provider = new FakeProvider();
    private EtcdCluster etcd;
    private EtcdInstance state;

    @BeforeEach
    void startEtcd() throws Exception {
        etcd = EtcdCluster.start(1);
    }

    @AfterEach
    void stopAll() throws Exception {
        if (state != null) {
            plugin.stop(state);
            plugin.destroy(state);
        }
        if (etcd != null) {
            etcd.close();
        }
    }

    private void startPlugin() throws Exception {
        state = plugin.create(provider, EnumSet.of(DestinationType.IP, DestinationType.PORT));
        plugin.setProperty(state, EtcdProperties.ENDPOINTS, etcd.endpoints());
        plugin.start(state);
    }

    @Test
    void theFirstReadAnswersLookupsArpNdpAndDhcpFromMemory() throws Exception {
        etcd.put(NET + "mac/02:08:20:00:00:01", "{\"ip\": \"192.0.2.1\", \"port\": 4789}");
        etcd.put(NET + "mac/02:08:20:00:00:02", "{\"ip\": \"2001:db8::2\", \"port\": 8472}");
        etcd.put(NET + "ipv4/10.0.0.1", "{\"mac\": \"02:08:20:00:00:01\"}");
        etcd.put(NET + "ipv6/fd00::2", "{\"mac\": \"02:08:20:00:00:02\"}");
        etcd.put(NET + "dhcp/02:08:20:00:00:01", "{\"proxy\": \"02:08:20:00:00:fe\"}");
        etcd.put(NET + "host/hv1", "{\"ip\": \"192.0.2.1\", \"port\": 4789}");
        // Another network's key is not this overlay's.
        etcd.put("/varpd/v1/vnet/4243/mac/02:08:20:00:00:03", "{\"ip\": \"192.0.2.3\", \"port\": 4789}");
        startPlugin();

        assertEquals("ONLINE", provider.status());
        assertEquals("reply 192.0.2.1:4789", lookup(plugin, state, "02:08:20:00:00:01"));
        assertEquals("reply [2001:db8::2]:8472", lookup(plugin, state, "02:08:20:00:00:02"));
        assertEquals("DROP", lookup(plugin, state, "02:08:20:00:00:03"));
        assertEquals("02:08:20:00:00:01", resolve(plugin, state, "10.0.0.1"));
        assertEquals("02:08:20:00:00:02", resolve(plugin, state, "fd00::2"));
        assertEquals("DROP", resolve(plugin, state, "10.0.0.9"));
        assertEquals("02:08:20:00:00:fe", dhcp(plugin, state, "02:08:20:00:00:01"));
        assertEquals("DROP", dhcp(plugin, state, "02:08:20:00:00:02"));
        assertEquals(1, state.copy().hosts());
        // The first fill tells the device nothing: it had nothing to forget.
        assertEquals(List.of(), provider.events());
    }

    @Test
    void aChangedOrRemovedMacIsInvalidatedAndAMovedAddressAnnounced() throws Exception {
        etcd.put(NET + "mac/02:08:20:00:00:01", "{\"ip\": \"192.0.2.1\", \"port\": 4789}");
        etcd.put(NET + "mac/02:08:20:00:00:02", "{\"ip\": \"192.0.2.2\", \"port\": 4789}");
        etcd.put(NET + "ipv4/10.0.0.1", "{\"mac\": \"02:08:20:00:00:01\"}");
        etcd.put(NET + "ipv6/fd00::1", "{\"mac\": \"02:08:20:00:00:01\"}");
        startPlugin();

        etcd.put(NET + "mac/02:08:20:00:00:01", "{\"ip\": \"192.0.2.7\", \"port\": 4789}");
        provider.await("inject 02:08:20:00:00:01 null");
        assertEquals("reply 192.0.2.7:4789", lookup(plugin, state, "02:08:20:00:00:01"));

        etcd.delete(NET + "mac/02:08:20:00:00:02");
        provider.await("inject 02:08:20:00:00:02 null");
        assertEquals("DROP", lookup(plugin, state, "02:08:20:00:00:02"));

        provider.clear();
        etcd.put(NET + "ipv4/10.0.0.1", "{\"mac\": \"02:08:20:00:00:02\"}");
        provider.await("garp 10.0.0.1 at 02:08:20:00:00:02");
        assertEquals(
                List.of("inject 02:08:20:00:00:01 null", "garp 10.0.0.1 at 02:08:20:00:00:02"),
                provider.events(),
                "the old owner is removed from the cache, then the move announced");
        assertEquals("02:08:20:00:00:02", resolve(plugin, state, "10.0.0.1"));

        etcd.put(NET + "ipv6/fd00::1", "{\"mac\": \"02:08:20:00:00:02\"}");
        provider.await("una fd00::1 at 02:08:20:00:00:02");
        assertEquals("02:08:20:00:00:02", resolve(plugin, state, "fd00::1"));

        // A new MAC is forgotten by the device too: a device may keep a MAC it was just told to DROP
        // quiet for a moment (the Linux device does), and a guest that just arrived must not wait.
        provider.clear();
        etcd.put(NET + "mac/02:08:20:00:00:05", "{\"ip\": \"192.0.2.5\", \"port\": 4789}");
        etcd.put(NET + "mac/02:08:20:00:00:06", "{\"ip\": \"192.0.2.6\", \"port\": 4789}");
        awaitLookup("02:08:20:00:00:06", "reply 192.0.2.6:4789");
        assertEquals("reply 192.0.2.5:4789", lookup(plugin, state, "02:08:20:00:00:05"));
        assertEquals(List.of("inject 02:08:20:00:00:05 null", "inject 02:08:20:00:00:06 null"), provider.events());
    }

    @Test
    void badDataIsSkippedCountedAndNamedWithoutStoppingTheWatch() throws Exception {
        etcd.put(NET + "mac/02:08:20:00:00:01", "{\"ip\": \"192.0.2.1\", \"port\": 4789}");
        etcd.put(NET + "mac/02:08:20:00:00:02", "{\"ip\": \"192.0.2.2\", \"port\": 47");
        startPlugin();
        String first = provider.await(15, "a degrade", e -> e.startsWith("degrade"));
        assertTrue(
                first.contains(
                        "skipped 1 bad key under " + NET + ": mac/02:08:20:00:00:02: value is not valid" + " JSON"),
                first);
        assertEquals("reply 192.0.2.1:4789", lookup(plugin, state, "02:08:20:00:00:01"));
        assertEquals("DROP", lookup(plugin, state, "02:08:20:00:00:02"));

        etcd.put(NET + "mac/02:08:20:00:00:03", "{\"ip\": 17, \"port\": 4789}");
        etcd.put(NET + "mac/02:08:20:00:00:04", "{\"ip\": \"192.0.2.4\", \"port\": \"" + "x".repeat(5000) + "\"}");
        etcd.put(NET + "routes/10.0.0.0", "{}");
        etcd.put(NET + "mac/02:08:20:00:00:05", "{\"ip\": \"192.0.2.5\", \"port\": 4789}");
        awaitLookup("02:08:20:00:00:05", "reply 192.0.2.5:4789");
        String status = provider.status();
        assertTrue(
                status.startsWith("DEGRADED skipped 4 bad keys under " + NET + ": mac/02:08:20:00:00:02: value"
                        + " is not valid JSON"),
                status);
        assertTrue(
                status.contains(
                        "; mac/02:08:20:00:00:03: \"ip\" is a number; mac/02:08:20:00:00:04: value of" + " 5031 bytes"),
                status);
        assertTrue(status.endsWith("; and 1 more (see the log)"), status);
        assertTrue(status.length() <= "DEGRADED ".length() + EtcdInstance.STATUS_LIMIT, status);
        assertEquals(4, state.copy().badCount());

        // A good value that goes bad holds nothing any more, and the device forgets it.
        etcd.put(NET + "mac/02:08:20:00:00:01", "[1]");
        provider.await("inject 02:08:20:00:00:01 null");
        assertEquals("DROP", lookup(plugin, state, "02:08:20:00:00:01"));

        // Fixed or deleted, they no longer count; none left: ONLINE.
        for (String key :
                List.of("mac/02:08:20:00:00:02", "mac/02:08:20:00:00:03", "mac/02:08:20:00:00:04", "routes/10.0.0.0")) {
            etcd.delete(NET + key);
        }
        etcd.put(NET + "mac/02:08:20:00:00:01", "{\"ip\": \"192.0.2.1\", \"port\": 4789}");
        provider.await("restore");
        assertEquals("reply 192.0.2.1:4789", lookup(plugin, state, "02:08:20:00:00:01"));
        assertEquals(0, state.copy().badCount());
    }

    @Test
    void aWatchCancelledByCompactionReadsEverythingAgainWhileAnswering() throws Exception {
        etcd.put(NET + "mac/02:08:20:00:00:01", "{\"ip\": \"192.0.2.1\", \"port\": 4789}");
        etcd.put(NET + "ipv4/10.0.0.1", "{\"mac\": \"02:08:20:00:00:01\"}");
        startPlugin();
        assertEquals(1, state.fullReads());

        // The watch falls behind; meanwhile the data changes and etcd compacts its history.
        state.holdWatchForTest(true);
        etcd.put(NET + "mac/02:08:20:00:00:01", "{\"ip\": \"192.0.2.9\", \"port\": 4789}");
        etcd.put(NET + "mac/02:08:20:00:00:02", "{\"ip\": \"192.0.2.2\", \"port\": 4789}");
        etcd.put(NET + "ipv4/10.0.0.1", "{\"mac\": \"02:08:20:00:00:02\"}");
        etcd.compact();
        assertEquals("reply 192.0.2.1:4789", lookup(plugin, state, "02:08:20:00:00:01"), "answers from the copy");

        state.holdWatchForTest(false);
        provider.await("garp 10.0.0.1 at 02:08:20:00:00:02");
        provider.await("inject 02:08:20:00:00:01 null");
        assertEquals(2, state.fullReads());
        // The read is applied key by key, in key order, as it arrives: ipv4/ (whose move also makes
        // the device forget 01) comes before mac/...01 and mac/...02.
        awaitLookup("02:08:20:00:00:01", "reply 192.0.2.9:4789");
        awaitLookup("02:08:20:00:00:02", "reply 192.0.2.2:4789");
        assertEquals("ONLINE", provider.status());

        // And the new watch carries on.
        provider.clear();
        etcd.delete(NET + "mac/02:08:20:00:00:02");
        provider.await("inject 02:08:20:00:00:02 null");
    }

    @Test
    void aKilledMemberDegradesNamingItWhileAnsweringAndItsReturnBringsOnlineCaughtUp() throws Exception {
        etcd.put(NET + "mac/02:08:20:00:00:01", "{\"ip\": \"192.0.2.1\", \"port\": 4789}");
        startPlugin();

        etcd.kill(0);
        String degraded = provider.await(15, "a degrade", e -> e.startsWith("degrade"));
        assertTrue(degraded.startsWith("degrade etcd unreachable at " + etcd.endpoint(0) + ": "), degraded);
        assertTrue(
                degraded.endsWith("; answering from the copy of 1 MACs at revision "
                        + state.copy().revision() + ", DROP for any other"),
                degraded);
        assertEquals("reply 192.0.2.1:4789", lookup(plugin, state, "02:08:20:00:00:01"));
        assertEquals("DROP", lookup(plugin, state, "02:08:20:00:00:09"));

        etcd.restart(0);
        // Written right after the member is back: either the full read or the watch brings it.
        etcd.put(NET + "mac/02:08:20:00:00:01", "{\"ip\": \"192.0.2.8\", \"port\": 4789}");
        provider.await(30, "ONLINE again", "restore"::equals);
        awaitLookup("02:08:20:00:00:01", "reply 192.0.2.8:4789");
        etcd.put(NET + "mac/02:08:20:00:00:02", "{\"ip\": \"192.0.2.2\", \"port\": 4789}");
        awaitLookup("02:08:20:00:00:02", "reply 192.0.2.2:4789");
    }

    /** Waits (15 s at most) until a lookup gives {@code expected}: watch events arrive in their own time. */
    private void awaitLookup(String mac, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        String got = lookup(plugin, state, mac);
        while (!got.equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            got = lookup(plugin, state, mac);
        }
        assertEquals(expected, got, "lookup of " + mac);
    }

    @Test
    void aFirstReadThatOutlastsTheStartSaysSoUntilItIsCaughtUp() throws Exception {
        for (int i = 1; i <= 8; i++) {
            etcd.put(NET + "mac/02:08:20:00:00:0" + i, "{\"ip\": \"192.0.2." + i + "\", \"port\": 4789}");
        }
        state = plugin.create(provider, EnumSet.of(DestinationType.IP, DestinationType.PORT));
        plugin.setProperty(state, EtcdProperties.ENDPOINTS, etcd.endpoints());
        // Start gives up waiting at once and the read takes several pages: a read that outlasts start.
        state.tuneFirstRead(java.time.Duration.ZERO, 2);
        plugin.start(state);

        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        while (!"reply 192.0.2.8:4789".equals(lookup(plugin, state, "02:08:20:00:00:08"))
                || !"ONLINE".equals(provider.status())) {
            assertTrue(System.nanoTime() < deadline, "not caught up: " + provider.events());
            Thread.sleep(20);
        }
        List<String> events = provider.events();
        assertTrue(
                events.get(0)
                        .startsWith("degrade reading the network's keys from etcd at " + etcd.endpoints()
                                + ": 2 keys so far; a MAC not read yet answers DROP"),
                events.toString());
        assertEquals("restore", events.get(events.size() - 1), events.toString());
    }
}
