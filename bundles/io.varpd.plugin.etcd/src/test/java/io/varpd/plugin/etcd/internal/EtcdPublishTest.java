// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.etcd.internal;

import static io.varpd.plugin.etcd.internal.Questions.NET;
import static io.varpd.plugin.etcd.internal.Questions.lookup;
import static io.varpd.plugin.etcd.internal.Questions.resolve;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.DestinationType;
import io.varpd.api.Errno;
import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import io.varpd.api.plugin.HostedGuest;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, hosts that register their own guests, against one real etcd member: what one plugin instance (a host)
 * publishes under its lease, another instance (another host) answers from; a withdrawal, a guest that moved, a host
 * that dies, a lease that is lost.
 */
class EtcdPublishTest {
    private static final String GUEST = "02:08:20:aa:bb:01";

    private final EtcdPlugin plugin = new EtcdPlugin();
    private final List<EtcdInstance> started = new ArrayList<>();
    private EtcdCluster etcd;

    @BeforeEach
    void startEtcd() throws Exception {
        etcd = EtcdCluster.start(1);
    }

    @AfterEach
    void stopAll() throws Exception {
        for (EtcdInstance s : started) {
            plugin.stop(s);
            plugin.destroy(s);
        }
        if (etcd != null) {
            etcd.close();
        }
    }

    /** A host: one started plugin instance, with {@code etcd/lease_ttl} when {@code ttl} is not 0. */
    private EtcdInstance host(long ttl) throws Exception {
        EtcdInstance s = plugin.create(new FakeProvider(), EnumSet.of(DestinationType.IP, DestinationType.PORT));
        plugin.setProperty(s, EtcdProperties.ENDPOINTS, etcd.endpoints());
        if (ttl != 0) {
            plugin.setProperty(s, EtcdProperties.LEASE_TTL, ttl);
        }
        plugin.start(s);
        started.add(s);
        return s;
    }

    private static HostedGuest guest(String mac, String ip, int port, String... addresses) throws Exception {
        Set<InetAddress> a = new java.util.HashSet<>();
        for (String s : addresses) {
            a.add(InetAddress.getByName(s));
        }
        return new HostedGuest(MacAddress.parse(mac), TargetPoint.of(InetAddress.getByName(ip), port), a);
    }

    /** Waits (30 s at most) until {@code what} gives {@code expected}: etcd and the watch take their time. */
    private static void await(String expected, Supplier<String> what, String label) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        String got = what.get();
        while (!got.equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            got = what.get();
        }
        assertEquals(expected, got, label);
    }

    private void awaitWritten(EtcdInstance s) throws InterruptedException {
        await("0", () -> plugin.describe(s).get("guests pending"), "nothing pending");
    }

    @Test
    void aPublishedGuestIsAnsweredByAnotherHostAndListedWithItsLease() throws Exception {
        EtcdInstance a = host(0);
        EtcdInstance b = host(0);

        plugin.publish(a, guest(GUEST, "198.51.100.7", 4789, "10.0.0.11", "fd00::11"));

        await("reply 198.51.100.7:4789", () -> lookup(plugin, b, GUEST), "lookup on the other host");
        await(GUEST, () -> resolve(plugin, b, "10.0.0.11"), "ARP on the other host");
        assertEquals(GUEST, resolve(plugin, b, "fd00::11"), "NDP on the other host");
        assertEquals(List.of(guest(GUEST, "198.51.100.7", 4789, "10.0.0.11", "fd00::11")), plugin.published(a));
        assertEquals(List.of(), plugin.published(b));
        awaitWritten(a);
        var described = plugin.describe(a);
        assertEquals("1", described.get("guests published"));
        assertTrue(described.get("lease").matches("[0-9a-f]+ \\(TTL 10 s\\)"), described.toString());
        await("1", () -> Integer.toString(b.copy().hosts()), "host/ key of this host");
        String host = etcd.ctl(etcd.endpoints(), "get", NET + "host/198.51.100.7_4789", "--print-value-only");
        assertEquals("{\"ip\": \"198.51.100.7\", \"port\": 4789}", host.strip());
    }

    @Test
    void publishingAgainReplacesTheAddressesAndAWithdrawnGuestIsGoneEverywhere() throws Exception {
        EtcdInstance a = host(0);
        EtcdInstance b = host(0);
        plugin.publish(a, guest(GUEST, "198.51.100.7", 4789, "10.0.0.11", "10.0.0.12"));
        await(GUEST, () -> resolve(plugin, b, "10.0.0.11"), "first set");

        plugin.publish(a, guest(GUEST, "198.51.100.7", 4789, "10.0.0.12"));

        await("DROP", () -> resolve(plugin, b, "10.0.0.11"), "an address no longer in the set is deleted");
        assertEquals(GUEST, resolve(plugin, b, "10.0.0.12"));

        plugin.withdraw(a, MacAddress.parse(GUEST));

        await("DROP", () -> lookup(plugin, b, GUEST), "withdrawn");
        await("DROP", () -> resolve(plugin, b, "10.0.0.12"), "its addresses too");
        assertEquals(List.of(), plugin.published(a));
        VarpdException again = assertThrows(VarpdException.class, () -> plugin.withdraw(a, MacAddress.parse(GUEST)));
        assertEquals(Errno.ENOENT, again.errno());
        assertEquals("02:08:20:aa:bb:01 is not published by this host", again.getMessage());
    }

    @Test
    void aGuestThatMovedIsNotWithdrawnByTheHostItLeft() throws Exception {
        EtcdInstance a = host(0);
        EtcdInstance c = host(0);
        EtcdInstance observer = host(0);
        plugin.publish(a, guest(GUEST, "198.51.100.7", 4789, "10.0.0.11"));
        await("reply 198.51.100.7:4789", () -> lookup(plugin, observer, GUEST), "on host A");
        awaitWritten(a);

        // The guest moves: host C sees it first and publishes it; host A sees it leave later.
        plugin.publish(c, guest(GUEST, "198.51.100.9", 4789, "10.0.0.11"));
        await("reply 198.51.100.9:4789", () -> lookup(plugin, observer, GUEST), "on host C");
        plugin.withdraw(a, MacAddress.parse(GUEST));
        awaitWritten(a);

        String mac = etcd.ctl(etcd.endpoints(), "get", NET + "mac/" + GUEST, "--print-value-only");
        assertEquals("{\"ip\": \"198.51.100.9\", \"port\": 4789}", mac.strip(), "host A left host C's entry alone");
        String address = etcd.ctl(etcd.endpoints(), "get", NET + "ipv4/10.0.0.11", "--print-value-only");
        assertEquals("{\"mac\": \"" + GUEST + "\"}", address.strip());
        assertEquals("reply 198.51.100.9:4789", lookup(plugin, observer, GUEST));
    }

    @Test
    void aHostThatStopsWithdrawsAtOnceAndOneThatDiesLosesItsGuestsWithinTheTtl() throws Exception {
        EtcdInstance stopping = host(3);
        EtcdInstance dying = host(3);
        EtcdInstance observer = host(0);
        plugin.publish(stopping, guest("02:08:20:aa:bb:02", "198.51.100.2", 4789, "10.0.0.2"));
        plugin.publish(dying, guest("02:08:20:aa:bb:03", "198.51.100.3", 4789, "10.0.0.3"));
        await("reply 198.51.100.2:4789", () -> lookup(plugin, observer, "02:08:20:aa:bb:02"), "published");
        await("reply 198.51.100.3:4789", () -> lookup(plugin, observer, "02:08:20:aa:bb:03"), "published");

        plugin.stop(stopping); // revokes its lease
        dying.abandonForTest(); // a killed process: no revoke, no more renewals

        await("DROP", () -> lookup(plugin, observer, "02:08:20:aa:bb:02"), "the stopped host's guest");
        long died = System.nanoTime();
        await("DROP", () -> lookup(plugin, observer, "02:08:20:aa:bb:03"), "the dead host's guest");
        // Not a speed check: the bound is the TTL (the last renewal may have come just before the
        // kill) with room for etcd's expiry sweep and the watch on a busy machine.
        assertTrue(System.nanoTime() - died < 3_000_000_000L + 4_000_000_000L, "gone within the TTL");
        assertEquals("DROP", resolve(plugin, observer, "10.0.0.3"));
    }

    @Test
    void aLostLeaseIsReplacedAndEverythingWrittenAgain() throws Exception {
        EtcdInstance a = host(3);
        EtcdInstance b = host(0);
        plugin.publish(a, guest(GUEST, "198.51.100.7", 4789, "10.0.0.11"));
        await("reply 198.51.100.7:4789", () -> lookup(plugin, b, GUEST), "published");
        awaitWritten(a);
        String lease = plugin.describe(a).get("lease").split(" ")[0];

        // As when etcd was unreachable for longer than the TTL: the lease and its keys are gone.
        etcd.ctl(etcd.endpoints(), "lease", "revoke", lease);
        await("DROP", () -> lookup(plugin, b, GUEST), "gone with the lease");

        await("reply 198.51.100.7:4789", () -> lookup(plugin, b, GUEST), "written again under a new lease");
        assertEquals(GUEST, resolve(plugin, b, "10.0.0.11"));
        assertTrue(
                !plugin.describe(a).get("lease").startsWith(lease + " "),
                plugin.describe(a).toString());
    }

    @Test
    void whatIsPublishedWhileEtcdIsDownIsWrittenWhenItIsBack() throws Exception {
        EtcdInstance a = host(3);
        plugin.publish(a, guest(GUEST, "198.51.100.7", 4789, "10.0.0.11"));
        awaitWritten(a);

        etcd.kill(0);
        // Longer than the TTL: by etcd's own clock the lease is extended when it comes back, by ours
        // it may be gone; either way everything must be there afterwards.
        Thread.sleep(4_000);
        MacAddress second = MacAddress.parse("02:08:20:aa:bb:02");
        plugin.publish(a, guest("02:08:20:aa:bb:02", "198.51.100.7", 4789, "10.0.0.12")); // returns at once
        assertEquals(2, plugin.published(a).size());
        etcd.restart(0);

        EtcdInstance b = host(0);
        await("reply 198.51.100.7:4789", () -> lookup(plugin, b, GUEST), "the first guest");
        await("reply 198.51.100.7:4789", () -> lookup(plugin, b, second.toString()), "the one published meanwhile");
        await(second.toString(), () -> resolve(plugin, b, "10.0.0.12"), "its address");
    }

    @Test
    void publishFalseRefusesWithASentenceAndBadInputIsNamed() throws Exception {
        EtcdInstance reader = plugin.create(new FakeProvider(), EnumSet.of(DestinationType.IP, DestinationType.PORT));
        plugin.setProperty(reader, EtcdProperties.ENDPOINTS, etcd.endpoints());
        plugin.setProperty(reader, EtcdProperties.PUBLISH, "false");
        plugin.start(reader);
        started.add(reader);

        VarpdException off =
                assertThrows(VarpdException.class, () -> plugin.publish(reader, guest(GUEST, "198.51.100.7", 4789)));
        assertEquals(Errno.ENOTSUP, off.errno());
        assertEquals(
                "etcd/publish is false on this overlay: this host only reads etcd and publishes no guests;"
                        + " set it to true to publish them",
                off.getMessage());
        assertEquals("no (etcd/publish is false)", plugin.describe(reader).get("publishing"));

        EtcdInstance a = host(0);
        VarpdException multicast = assertThrows(
                VarpdException.class, () -> plugin.publish(a, guest(GUEST, "198.51.100.7", 4789, "224.0.0.1")));
        assertEquals(Errno.EINVAL, multicast.errno());
        assertTrue(
                multicast
                        .getMessage()
                        .startsWith("guest 02:08:20:aa:bb:01 cannot be published: ipv4/224.0.0.1:"
                                + " address 224.0.0.1 in the key is not a unicast address"),
                multicast.getMessage());

        for (Object ttl : List.of(2L, 3601L, "ten")) {
            VarpdException e =
                    assertThrows(VarpdException.class, () -> plugin.setProperty(a, EtcdProperties.LEASE_TTL, ttl));
            assertTrue(
                    e.getMessage().startsWith("etcd/lease_ttl: ")
                            && e.getMessage().contains("allowed: 3-3600"),
                    e.getMessage());
        }
        VarpdException yes =
                assertThrows(VarpdException.class, () -> plugin.setProperty(a, EtcdProperties.PUBLISH, "yes"));
        assertEquals("etcd/publish: 'yes' is not allowed; allowed: true or false", yes.getMessage());
    }
}
