// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.etcd.internal;

import static io.varpd.plugin.etcd.internal.Questions.NET;
import static io.varpd.plugin.etcd.internal.Questions.lookup;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.DestinationType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The plugin against a real three-member etcd cluster. */
class EtcdClusterTest {
    private static final int MACS = 200;

    private static String mac(int i) {
        return String.format("02:08:20:00:%02x:%02x", i >> 8, i & 0xff);
    }

    private static String target(int i) {
        return "192.0.2." + (1 + i % 200) + ":4789";
    }

    @Test
    void everyMemberKilledDegradesAndAnswersFromTheCopyThenOnlineAndCaughtUpWhenBack() throws Exception {
        EtcdPlugin plugin = new EtcdPlugin();
        FakeProvider provider = new FakeProvider();
        try (EtcdCluster etcd = EtcdCluster.start(3)) {
            etcd.put(NET + "mac/" + mac(1), "{\"ip\": \"192.0.2.1\", \"port\": 4789}");
            EtcdInstance state = plugin.create(provider, EnumSet.of(DestinationType.IP, DestinationType.PORT));
            plugin.setProperty(state, EtcdProperties.ENDPOINTS, etcd.endpoints());
            plugin.start(state);
            try {
                for (int i = 0; i < 3; i++) {
                    etcd.kill(i);
                }
                String degraded = provider.await(15, "a degrade", e -> e.startsWith("degrade"));
                assertTrue(degraded.startsWith("degrade etcd unreachable at " + etcd.endpoints() + ": "), degraded);
                assertEquals("reply 192.0.2.1:4789", lookup(plugin, state, mac(1)));
                assertEquals("DROP", lookup(plugin, state, mac(2)));

                etcd.restartAll();
                etcd.put(NET + "mac/" + mac(1), "{\"ip\": \"192.0.2.9\", \"port\": 4789}");
                etcd.put(NET + "mac/" + mac(2), "{\"ip\": \"192.0.2.2\", \"port\": 4789}");
                provider.await(30, "ONLINE again", "restore"::equals);
                long deadline = System.nanoTime() + 15_000_000_000L;
                while (!lookup(plugin, state, mac(2)).equals("reply 192.0.2.2:4789") && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertEquals("reply 192.0.2.2:4789", lookup(plugin, state, mac(2)));
                assertEquals("reply 192.0.2.9:4789", lookup(plugin, state, mac(1)));
            } finally {
                plugin.stop(state);
                plugin.destroy(state);
            }
        }
    }

    @Test
    void killingTheLeaderDuringALookupLoadLosesNoAnswerAndGetsNoneWrong() throws Exception {
        EtcdPlugin plugin = new EtcdPlugin();
        FakeProvider provider = new FakeProvider();
        try (EtcdCluster etcd = EtcdCluster.start(3)) {
            for (int i = 0; i < MACS; i++) {
                String[] hostPort = target(i).split(":");
                etcd.put(NET + "mac/" + mac(i), "{\"ip\": \"" + hostPort[0] + "\", \"port\": " + hostPort[1] + "}");
            }
            EtcdInstance state = plugin.create(provider, EnumSet.of(DestinationType.IP, DestinationType.PORT));
            plugin.setProperty(state, EtcdProperties.ENDPOINTS, etcd.endpoints());
            plugin.start(state);
            try {
                AtomicBoolean running = new AtomicBoolean(true);
                AtomicLong answered = new AtomicLong();
                ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
                List<Thread> load = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    int seed = t;
                    Thread th = new Thread(
                            () -> {
                                int i = seed;
                                while (running.get()) {
                                    String expected = "reply " + target(i % MACS);
                                    try {
                                        String got = lookup(plugin, state, mac(i % MACS));
                                        if (!got.equals(expected)) {
                                            wrong.add(mac(i % MACS) + ": " + got + " instead of " + expected);
                                        }
                                    } catch (AssertionError e) {
                                        // Not answered exactly once.
                                        wrong.add(mac(i % MACS) + ": " + e.getMessage());
                                    }
                                    answered.incrementAndGet();
                                    i += 7;
                                }
                            },
                            "lookup-load-" + t);
                    th.start();
                    load.add(th);
                }
                long before = answered.get();
                int leader = etcd.leader();
                etcd.kill(leader);
                // A change written after the failover reaches the copy through a surviving member.
                etcd.put(NET + "mac/" + mac(MACS), "{\"ip\": \"198.51.100.1\", \"port\": 4789}");
                long deadline = System.nanoTime() + 20_000_000_000L;
                while (!lookup(plugin, state, mac(MACS)).equals("reply 198.51.100.1:4789")
                        && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                running.set(false);
                for (Thread th : load) {
                    th.join();
                }
                assertEquals(
                        "reply 198.51.100.1:4789",
                        lookup(plugin, state, mac(MACS)),
                        "the change written after the leader died");
                assertEquals(List.of(), List.copyOf(wrong), "wrong answers");
                assertTrue(answered.get() > before, "lookups went on while the leader was killed");
            } finally {
                plugin.stop(state);
                plugin.destroy(state);
            }
        }
    }
}
