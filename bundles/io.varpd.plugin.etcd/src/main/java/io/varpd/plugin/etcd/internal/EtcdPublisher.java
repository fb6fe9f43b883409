// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.etcd.internal;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.lease.LeaseGrantResponse;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.PutOption;
import io.varpd.api.DestinationType;
import io.varpd.api.Errno;
import io.varpd.api.IpAddresses;
import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import io.varpd.api.plugin.HostedGuest;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guests this host publishes in etcd for one overlay (docs/etcd.md#publishing).
 *
 * <p>Theory: callers (core, on a device's or an operator's behalf) only change what is <em>wanted</em> and mark the MAC
 * dirty; they never wait for etcd. The instance's sync thread then makes etcd agree ({@link #step}): every key is
 * written under one lease this host grants and renews, so when the host dies its keys expire with the lease. A dirty
 * MAC stays dirty until its write succeeded, so a write that failed (etcd unreachable) is simply tried again at the
 * next step. If the lease itself is lost (etcd was unreachable for longer than its TTL, or someone revoked it) a new
 * one is granted and everything wanted is written again.
 *
 * <p>The move rule: a guest that moved to another host is rewritten there, and the host it left must not delete the new
 * entry when it withdraws. So every delete is conditional: it happens only if the key's modification revision is still
 * the one this host's own write got (jetcd 0.8.5 cannot compare a key's lease in a transaction; the revision says even
 * more: nobody wrote the key since, neither another host nor an operator).
 *
 * <p>Threading: {@link #want}, {@link #unwant}, {@link #published} and the counts on any thread (this object's
 * monitor); {@link #step}, {@link #revoke} and everything they touch on the sync thread only.
 */
final class EtcdPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(EtcdPublisher.class);

    /** One guest as written under the current lease, with the modification revision of each key. */
    private record Written(HostedGuest guest, Map<String, Long> keys) {}

    /** The lease is gone: a new one is needed and everything is written again. */
    private static final class LeaseLost extends Exception {
        private static final long serialVersionUID = 1L;

        LeaseLost(String message) {
            super(message, null, false, false);
        }
    }

    private final String link;
    private final String networkPrefix;
    private final long ttl;
    private final Set<DestinationType> destination;

    // Callers' side.
    @GuardedBy("this")
    private final TreeMap<MacAddress, HostedGuest> wanted = new TreeMap<>();

    @GuardedBy("this")
    private final Set<MacAddress> dirty = new LinkedHashSet<>();

    // The sync thread's.
    private final Map<MacAddress, Written> written = new HashMap<>();
    private final Set<String> hostKeys = new TreeSet<>();
    private long lease;
    private long renewedAt;
    private String reportedTrouble;

    // For describe(), written by the sync thread.
    private volatile long shownLease;
    private volatile long grantedTtl;
    private volatile int shownWritten;
    private volatile String trouble;

    EtcdPublisher(String link, String networkPrefix, long ttl, Set<DestinationType> destination) {
        this.link = link;
        this.networkPrefix = networkPrefix;
        this.ttl = ttl;
        this.destination = Set.copyOf(destination);
    }

    // ---- callers' side --------------------------------------------------------------------

    /**
     * Wants {@code guest} published (replacing what was wanted for its MAC); true when that changed anything (the sync
     * thread has work).
     *
     * @throws VarpdException EINVAL for a guest whose keys the schema would refuse, naming why
     */
    boolean want(HostedGuest guest) throws VarpdException {
        Map<String, String> keys = new LinkedHashMap<>(entries(guest));
        keys.put("host/" + hostName(guest.at()), pointJson(guest.at()));
        for (Map.Entry<String, String> e : keys.entrySet()) {
            try {
                KeySchema.parse(e.getKey(), e.getValue().getBytes(StandardCharsets.UTF_8), destination);
            } catch (KeySchema.BadData bad) {
                throw new VarpdException(
                        Errno.EINVAL,
                        "guest " + guest.mac() + " cannot be published: " + e.getKey() + ": " + bad.getMessage());
            }
        }
        synchronized (this) {
            if (guest.equals(wanted.put(guest.mac(), guest))) {
                return false;
            }
            dirty.add(guest.mac());
            return true;
        }
    }

    /**
     * No longer wants {@code mac} published.
     *
     * @throws VarpdException ENOENT when this host has not published it
     */
    synchronized void unwant(MacAddress mac) throws VarpdException {
        if (wanted.remove(mac) == null) {
            throw new VarpdException(Errno.ENOENT, mac + " is not published by this host");
        }
        dirty.add(mac);
    }

    /** What this host publishes (written or still to write), in MAC order. */
    synchronized List<HostedGuest> published() {
        return List.copyOf(wanted.values());
    }

    /** Guests wanted whose current content is not written yet, and withdrawals not done yet. */
    synchronized int pending() {
        return dirty.size();
    }

    /** Guests whose content is in etcd under the current lease. */
    int writtenCount() {
        return shownWritten;
    }

    long lease() {
        return shownLease;
    }

    /** The TTL etcd granted, else the one asked for. */
    long ttl() {
        long granted = grantedTtl;
        return granted > 0 ? granted : ttl;
    }

    /** Why the last step could not write everything, or null. */
    String trouble() {
        return trouble;
    }

    // ---- the sync thread's side -----------------------------------------------------------

    /**
     * Makes etcd agree with what is wanted, as far as it can now: grants or renews the lease, then writes and deletes
     * the dirty MACs in order, stopping at the first failure (the rest waits for the next step, so an unreachable etcd
     * costs one timeout per step).
     *
     * @return true when {@link #trouble()} changed (the status needs a new word)
     */
    boolean step(Client client) {
        String before = reportedTrouble;
        try {
            try {
                writeAll(client);
            } catch (LeaseLost lost) {
                LOG.warn(
                        "etcd: {} the lease {} for this host's guests is gone ({}); granting a new one and writing"
                                + " the {} guests again",
                        link,
                        Long.toHexString(lease),
                        lost.getMessage(),
                        wantedCount());
                forgetLease();
                writeAll(client);
            }
            trouble = null;
        } catch (LeaseLost again) {
            forgetLease();
            trouble = "the new lease was lost at once: " + again.getMessage();
        } catch (Exception e) {
            trouble = EtcdInstance.describe(e);
        }
        shownWritten = written.size();
        reportedTrouble = trouble;
        if (!Objects.equals(before, trouble) && trouble != null) {
            LOG.warn(
                    "etcd: {} cannot publish this host's guests yet ({} pending): {}; trying again every second",
                    link,
                    pending(),
                    trouble);
        }
        return !Objects.equals(before, trouble);
    }

    private synchronized int wantedCount() {
        return wanted.size();
    }

    private void writeAll(Client client) throws Exception {
        boolean work;
        synchronized (this) {
            work = !wanted.isEmpty() || !dirty.isEmpty();
        }
        if (!work && lease == 0) {
            return;
        }
        if (lease == 0) {
            synchronized (this) {
                if (wanted.isEmpty()) {
                    // Only withdrawals of what was never written under a lease: nothing to do.
                    dirty.clear();
                    return;
                }
            }
            grant(client);
        } else {
            renewIfDue(client);
        }
        writeHostKeys(client);
        List<MacAddress> todo;
        synchronized (this) {
            todo = new ArrayList<>(dirty);
        }
        for (MacAddress mac : todo) {
            HostedGuest g;
            synchronized (this) {
                g = wanted.get(mac);
            }
            if (g == null) {
                delete(client, mac);
            } else {
                write(client, g);
            }
            synchronized (this) {
                // Changed again meanwhile: it stays dirty for the next round.
                if (Objects.equals(wanted.get(mac), g)) {
                    dirty.remove(mac);
                }
            }
        }
    }

    private void grant(Client client) throws Exception {
        LeaseGrantResponse r = await(client.getLeaseClient().grant(ttl));
        lease = r.getID();
        shownLease = lease;
        // etcd may grant more than asked (its minimum depends on its election timeout).
        grantedTtl = r.getTTL();
        renewedAt = System.nanoTime();
        LOG.info(
                "etcd: {} publishes this host's guests under lease {} (TTL {} s)",
                link,
                Long.toHexString(lease),
                r.getTTL());
    }

    /** Renews a third of a TTL after the last renewal, so two renewals may fail before it expires. */
    private void renewIfDue(Client client) throws Exception {
        if (System.nanoTime() - renewedAt < TimeUnit.SECONDS.toNanos(ttl) / 3) {
            return;
        }
        LeaseKeepAliveResponse r;
        try {
            r = await(client.getLeaseClient().keepAliveOnce(lease));
        } catch (Exception e) {
            if (leaseGone(e)) {
                throw new LeaseLost(EtcdInstance.describe(e));
            }
            throw e;
        }
        if (r.getTTL() <= 0) {
            throw new LeaseLost("etcd says it expired");
        }
        renewedAt = System.nanoTime();
    }

    /** After a lost lease nothing is in etcd under it: everything wanted is written again. */
    private void forgetLease() {
        lease = 0;
        shownLease = 0;
        written.clear();
        hostKeys.clear();
        synchronized (this) {
            dirty.addAll(wanted.keySet());
        }
        shownWritten = 0;
    }

    /** {@code host/<name>} for each point this host's guests are published at, once per lease. */
    private void writeHostKeys(Client client) throws Exception {
        Map<String, TargetPoint> points = new TreeMap<>();
        synchronized (this) {
            for (HostedGuest g : wanted.values()) {
                points.put(hostName(g.at()), g.at());
            }
        }
        for (Map.Entry<String, TargetPoint> p : points.entrySet()) {
            String key = "host/" + p.getKey();
            if (!hostKeys.contains(key)) {
                commit(client, Op.put(bytes(networkPrefix + key), bytes(pointJson(p.getValue())), leased()));
                hostKeys.add(key);
            }
        }
    }

    /** Writes a guest's keys and, in the same transaction, deletes the address keys it no longer has. */
    private void write(Client client, HostedGuest g) throws Exception {
        Map<String, String> entries = entries(g);
        List<Op> ops = new ArrayList<>();
        for (Map.Entry<String, String> e : entries.entrySet()) {
            ops.add(Op.put(bytes(networkPrefix + e.getKey()), bytes(e.getValue()), leased()));
        }
        Written before = written.get(g.mac());
        if (before != null) {
            before.keys().forEach((key, revision) -> {
                if (!entries.containsKey(key)) {
                    ops.add(deleteIfStill(key, revision));
                }
            });
        }
        long revision = commit(client, ops.toArray(Op[]::new)).getHeader().getRevision();
        Map<String, Long> keys = new LinkedHashMap<>();
        entries.keySet().forEach(k -> keys.put(k, revision));
        written.put(g.mac(), new Written(g, keys));
    }

    /** Deletes what this host wrote for {@code mac}, each key only if nobody wrote it since. */
    private void delete(Client client, MacAddress mac) throws Exception {
        Written before = written.get(mac);
        if (before == null) {
            return; // never written under this lease: nothing of ours is there
        }
        List<Op> ops = new ArrayList<>();
        before.keys().forEach((key, revision) -> ops.add(deleteIfStill(key, revision)));
        commit(client, ops.toArray(Op[]::new));
        written.remove(mac);
    }

    private Op deleteIfStill(String key, long revision) {
        ByteSequence k = bytes(networkPrefix + key);
        return Op.txn(
                new Cmp[] {new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(revision))},
                new Op[] {Op.delete(k, DeleteOption.DEFAULT)},
                new Op[0]);
    }

    private TxnResponse commit(Client client, Op... ops) throws Exception {
        try {
            return await(client.getKVClient().txn().Then(ops).commit());
        } catch (Exception e) {
            if (leaseGone(e)) {
                throw new LeaseLost(EtcdInstance.describe(e));
            }
            throw e;
        }
    }

    /**
     * Revokes the lease, so this host's guests vanish from every host at once (the instance stops). A host that dies
     * without it leaves them to expire within the TTL.
     */
    void revoke(Client client) {
        if (lease == 0) {
            return;
        }
        try {
            await(client.getLeaseClient().revoke(lease));
            LOG.info(
                    "etcd: {} revoked lease {}: this host's {} guests are withdrawn",
                    link,
                    Long.toHexString(lease),
                    written.size());
        } catch (Exception e) {
            LOG.warn(
                    "etcd: {} could not revoke lease {} ({}); this host's guests expire within {} s",
                    link,
                    Long.toHexString(lease),
                    EtcdInstance.describe(e),
                    ttl);
        }
        lease = 0;
        shownLease = 0;
    }

    // ---- keys and values ------------------------------------------------------------------

    /** A guest's keys (relative to the network prefix) and their values, as docs/etcd.md lists them. */
    private static Map<String, String> entries(HostedGuest g) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("mac/" + g.mac(), pointJson(g.at()));
        List<InetAddress> sorted = new ArrayList<>(g.addresses());
        sorted.sort(java.util.Comparator.comparing(IpAddresses::format));
        for (InetAddress a : sorted) {
            InetAddress plain = TargetPoint.unmap(a);
            out.put(
                    (plain instanceof Inet4Address ? "ipv4/" : "ipv6/") + IpAddresses.format(plain),
                    "{\"mac\": \"" + g.mac() + "\"}");
        }
        return out;
    }

    private static String pointJson(TargetPoint at) {
        return "{\"ip\": \"" + at.ip().map(IpAddresses::format).orElse("") + "\""
                + (at.port() > 0 ? ", \"port\": " + at.port() : "") + "}";
    }

    /** A host is named by the point its guests are reached at: {@code 198.51.100.7_4789}. */
    static String hostName(TargetPoint at) {
        return at.ip().map(IpAddresses::format).orElse("none").replace(':', '-') + "_" + at.port();
    }

    private PutOption leased() {
        return PutOption.builder().withLeaseId(lease).build();
    }

    private static ByteSequence bytes(String text) {
        return ByteSequence.from(text, StandardCharsets.UTF_8);
    }

    private static boolean leaseGone(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && m.contains("lease not found")) {
                return true;
            }
        }
        return false;
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        try {
            return future.get(EtcdInstance.REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw e;
        }
    }
}
