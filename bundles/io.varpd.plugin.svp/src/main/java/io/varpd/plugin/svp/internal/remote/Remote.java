// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal.remote;

import io.varpd.api.Errno;
import io.varpd.api.IpAddresses;
import io.varpd.api.VarpdException;
import io.varpd.api.plugin.ProviderHandle;
import io.varpd.plugin.svp.internal.protocol.ClientRequest;
import io.varpd.plugin.svp.internal.protocol.SvpReply;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SVP server as seen by this node (docs/architecture.md#the-svp-client): a host name, a port and this node's
 * underlay IP, shared by every instance attached with that key. It resolves the host every
 * {@link SvpTiming#dnsRefresh()}, keeps one {@link Connection} per resolved address, spreads queries round-robin over
 * the ACTIVE ones, pulls shootdowns ({@link Shootdown}), and degrades or restores every attached instance as its
 * {@link RemoteHealth} changes.
 *
 * <p>Threading: attachments live in a concurrent map (attach and detach come from core's threads, under the registry's
 * lock); everything else is confined to the remote's event loop, and {@link #submit} hands a request to that loop.
 */
public final class Remote {
    private static final Logger LOG = LoggerFactory.getLogger(Remote.class);

    /** A connection as a snapshot, for status and tests. */
    public record ConnectionStatus(InetAddress address, String state, int failures, boolean degraded, int queries) {}

    private final RemoteKey key;
    private final EventLoop loop;
    private final SvpTiming timing;
    private final HostResolver resolver;
    private final Executor dnsExecutor;
    private final IdSpace ids;
    private final ConcurrentHashMap<Long, Attachment> attachments = new ConcurrentHashMap<>();

    // Loop-confined from here on.
    private final List<Connection> connections = new ArrayList<>();
    private final RemoteHealth health;
    private final Shootdown shootdown;
    private int next;
    private int degradedConnections;
    private boolean closed;
    private boolean dnsInProgress;
    private int dnsTemporaryFailures;
    private long dnsGeneration;
    private EventLoop.Timer dnsRefreshTimer;
    private EventLoop.Timer dnsRetryTimer;
    private volatile String degradedMessage;
    /** Why no connection is ACTIVE (the last connect failure or reset), for failed queries; or null. */
    private String notConnectedReason;
    /** Wall-clock milliseconds of the last ack on any connection, 0 before the first: for status. */
    private long lastAnswerMillis;

    Remote(RemoteKey key, EventLoop loop, SvpTiming timing, HostResolver resolver, Executor dnsExecutor, IdSpace ids) {
        this.key = key;
        this.loop = loop;
        this.timing = timing;
        this.resolver = resolver;
        this.dnsExecutor = dnsExecutor;
        this.ids = ids;
        this.health = new RemoteHealth(new RemoteHealth.Listener() {
            @Override
            public void degrade(String message) {
                degradedMessage = message;
                LOG.warn("svp {}: degraded: {}", key, message);
                attachments.values().forEach(a -> a.degrade(message));
            }

            @Override
            public void restore() {
                degradedMessage = null;
                LOG.info("svp {}: restored", key);
                attachments.values().forEach(Attachment::restore);
            }
        });
        this.shootdown = new Shootdown(this, loop, timing);
    }

    public RemoteKey key() {
        return key;
    }

    /** "svp server &lt;host&gt; port &lt;port&gt;", how messages name the server. */
    String server() {
        return "svp server " + key.host() + " port " + key.port();
    }

    /** The current degrade message, null when healthy (a racy read, for status). */
    public String degradedMessage() {
        return degradedMessage;
    }

    /** Starts resolving, connecting and pulling shootdowns. */
    void open() {
        loop.execute(() -> {
            resolve();
            dnsRefreshTimer = loop.schedule(timing.dnsRefresh(), this::refreshDns);
            shootdown.start();
        });
    }

    /** Stops everything: every query fails, every connection closes. */
    void close() {
        loop.execute(() -> {
            closed = true;
            cancel(dnsRefreshTimer);
            cancel(dnsRetryTimer);
            shootdown.stop();
            List<Connection> all = new ArrayList<>(connections);
            connections.clear();
            Failure closing =
                    Failure.unreachable("the svp client of " + server() + " is closing (the instance stopped)");
            all.forEach(c -> c.close(closing));
            LOG.info("svp {}: closed", key);
        });
    }

    // --- attachments (any thread, under the registry's lock) ------------------------------

    Attachment attach(long vnetid, ProviderHandle provider) throws VarpdException {
        Attachment a = new Attachment(this, vnetid, provider);
        Attachment other = attachments.putIfAbsent(vnetid, a);
        if (other != null && other.provider().instanceId() == provider.instanceId()) {
            // The same overlay starting a new state beside its running one (core applies a property
            // change that way): the newcomer takes over shootdowns and status; the old one leaves.
            other.supersede();
            attachments.put(vnetid, a);
        } else if (other != null) {
            throw new VarpdException(
                    Errno.EEXIST,
                    "another svp instance (" + other.provider().linkName()
                            + ") already uses vnetid " + vnetid + " with server " + key
                            + "; allowed: one instance per vnetid per server and underlay address");
        }
        // An instance joining a degraded remote learns so at once (the original left it OK).
        loop.execute(() -> {
            String m = closed ? null : health.message();
            if (m != null && attachments.get(vnetid) == a) {
                a.degrade(m);
            }
        });
        return a;
    }

    void detach(Attachment a) {
        attachments.remove(a.vnetid(), a);
        // The degradation was this remote's; the instance no longer uses it, unless its successor
        // on this remote does (then the status is the successor's to keep).
        loop.execute(() -> {
            if (!a.superseded()) {
                a.restore();
            }
        });
    }

    boolean unused() {
        return attachments.isEmpty();
    }

    /** The instance attached under {@code vnetid}, or null. */
    Attachment attachment(long vnetid) {
        return attachments.get(vnetid);
    }

    InetAddress underlayIp() {
        return key.underlayIp();
    }

    // --- queries --------------------------------------------------------------------------

    /**
     * Sends {@code request}; {@code done} gets the ack, or (null, why) when it got none. Any thread; {@code done} runs
     * on the loop.
     */
    void submit(ClientRequest request, BiConsumer<SvpReply, Failure> done) {
        Query q = new Query(request, ids.next(), done);
        loop.execute(() -> dispatch(q));
    }

    /** Round robin over ACTIVE connections; none ACTIVE means an immediate failure, not a wait. */
    private void dispatch(Query q) {
        if (closed) {
            q.fail(Failure.unreachable("the svp client of " + server() + " is closing (the instance stopped)"));
            return;
        }
        int n = connections.size();
        for (int i = 0; i < n; i++) {
            Connection c = connections.get((next + i) % n);
            if (c.state() == Connection.State.ACTIVE) {
                next = (next + i + 1) % n;
                c.enqueue(q);
                return;
            }
        }
        q.fail(q.requeuedAfter != null ? q.requeuedAfter : notConnected());
    }

    /** Why a query finds no ACTIVE connection: the server and the last trouble with it. */
    private Failure notConnected() {
        if (health.isSet(RemoteHealth.DNS_FAIL)) {
            return Failure.unreachable(server() + " is unreachable: " + key.host() + " does not resolve");
        }
        if (notConnectedReason != null) {
            return Failure.unreachable(server()
                    + (health.isSet(RemoteHealth.REMOTE_FAIL) ? " is unreachable: " : " is not connected: ")
                    + notConnectedReason);
        }
        return Failure.unreachable(server() + " is not connected yet (the first connect is under way)");
    }

    /** Queries handed back by a connection that reset or went away, with why it did. */
    void requeue(List<Query> queries, Failure why) {
        for (Query q : queries) {
            if (q.finished()) {
                continue;
            }
            q.requeue(why);
            dispatch(q);
        }
    }

    // --- connection bookkeeping (called by connections, on the loop) ------------------------

    void connectionActive(Connection c, boolean wasDegraded) {
        if (wasDegraded) {
            degradedConnections--;
        }
        notConnectedReason = null;
        // One reachable peer is enough to serve (the original cleared only when all had failed).
        health.clear(RemoteHealth.REMOTE_FAIL);
    }

    /**
     * A connect failed ({@code reason} names the address and the error). The first failure makes the connection
     * degraded; when every connection is, the remote is unreachable (REMOTE_FAIL), at once rather than after the
     * backoff table (the original waited 63 s).
     */
    void connectFailed(Connection c, String reason, boolean becameDegraded) {
        if (becameDegraded) {
            degradedConnections++;
        }
        notConnectedReason = reason;
        if (degradedConnections == connections.size()) {
            // Set once; later failures (another address, another error) reach failed queries only.
            health.set(RemoteHealth.REMOTE_FAIL, server() + " is unreachable: " + reason);
        }
    }

    /**
     * A connection was reset without an answer: a query timed out, or the server failed before it ever answered on that
     * connection. The server is reachable but not serving (NO_ANSWER) until an ack arrives on any connection.
     */
    void noAnswer(Connection c, String reason) {
        notConnectedReason = "the last connection was reset: " + reason;
        health.set(RemoteHealth.NO_ANSWER, server() + " accepts connections but does not answer: " + reason);
    }

    /** A connection was reset after errors that do not make the server suspect (it had answered). */
    void connectionReset(Connection c, String reason) {
        notConnectedReason = "the last connection was reset: " + reason;
    }

    /** An ack arrived: the server answers. */
    void answered(Connection c) {
        lastAnswerMillis = System.currentTimeMillis();
        health.clear(RemoteHealth.NO_ANSWER);
    }

    /** The server refused this node's shootdown log; {@code message} says why and what to do. */
    void logRefused(String message) {
        health.set(RemoteHealth.LOG_FAIL, message);
    }

    /** The server answered a LOG_REQ with OK. */
    void logAccepted() {
        health.clear(RemoteHealth.LOG_FAIL);
    }

    void connectionRemoved(Connection c) {
        if (!connections.remove(c)) {
            return;
        }
        if (c.isDegraded()) {
            degradedConnections--;
        }
        if (!closed && degradedConnections == connections.size()) {
            health.set(
                    RemoteHealth.REMOTE_FAIL,
                    server() + " is unreachable: "
                            + (notConnectedReason != null
                                    ? notConnectedReason
                                    : "no address of " + key.host() + " is left"));
        }
    }

    // --- DNS ------------------------------------------------------------------------------

    private void refreshDns() {
        dnsRefreshTimer = loop.schedule(timing.dnsRefresh(), this::refreshDns);
        if (dnsRetryTimer == null) {
            resolve();
        }
    }

    private void resolve() {
        if (closed || dnsInProgress) {
            return;
        }
        dnsInProgress = true;
        cancel(dnsRetryTimer);
        dnsRetryTimer = null;
        try {
            dnsExecutor.execute(() -> {
                Object outcome;
                try {
                    outcome = resolver.resolve(key.host());
                } catch (UnknownHostException e) {
                    outcome = e;
                } catch (RuntimeException e) {
                    // Not a name problem: retried like a temporary failure.
                    outcome = new HostResolver.TemporaryFailure(e.toString());
                }
                Object result = outcome;
                loop.execute(() -> resolved(result));
            });
        } catch (RejectedExecutionException e) {
            dnsInProgress = false; // the plugin is stopping
        }
    }

    private void resolved(Object outcome) {
        dnsInProgress = false;
        if (closed) {
            return;
        }
        if (outcome instanceof List<?> list && !list.isEmpty()) {
            dnsTemporaryFailures = 0;
            health.clear(RemoteHealth.DNS_FAIL);
            LinkedHashSet<InetAddress> addresses = new LinkedHashSet<>();
            list.forEach(a -> addresses.add(io.varpd.api.TargetPoint.unmap((InetAddress) a)));
            reconcile(addresses);
        } else if (outcome instanceof UnknownHostException e && HostResolver.isTemporary(e)) {
            int n = ++dnsTemporaryFailures;
            java.time.Duration retry = timing.dnsRetryAfter(n);
            LOG.warn(
                    "svp {}: resolving {} failed temporarily ({}), attempt {}; retrying in {} ms",
                    key,
                    key.host(),
                    e.getMessage(),
                    n,
                    retry.toMillis());
            if (n >= timing.dnsTemporaryFailuresBeforeDegrade()) {
                health.set(RemoteHealth.DNS_FAIL, "failed to resolve or find entries for hostname " + key.host());
            }
            dnsRetryTimer = loop.schedule(retry, () -> {
                dnsRetryTimer = null;
                resolve();
            });
        } else {
            dnsTemporaryFailures = 0;
            LOG.warn(
                    "svp {}: {} does not resolve: {}",
                    key,
                    key.host(),
                    outcome instanceof Exception e ? e.getMessage() : "no addresses");
            health.set(RemoteHealth.DNS_FAIL, "failed to resolve or find entries for hostname " + key.host());
        }
    }

    /** One connection per address: new addresses get one, vanished ones fall out. */
    private void reconcile(LinkedHashSet<InetAddress> addresses) {
        long generation = ++dnsGeneration;
        for (InetAddress a : addresses) {
            Connection c = find(a);
            if (c == null) {
                c = new Connection(this, a, key.port(), loop, timing);
                connections.add(c);
                LOG.debug("svp {}: new address {}", key, IpAddresses.format(a));
                c.start();
            }
            c.generation = generation;
        }
        for (Connection c : new ArrayList<>(connections)) {
            if (c.generation != generation) {
                c.fallout();
            }
        }
    }

    private Connection find(InetAddress a) {
        for (Connection c : connections) {
            if (c.address.equals(a)) {
                return c;
            }
        }
        return null;
    }

    // --- status ---------------------------------------------------------------------------

    /** A snapshot of the connections, taken on the loop. */
    public CompletableFuture<List<ConnectionStatus>> connections() {
        CompletableFuture<List<ConnectionStatus>> f = new CompletableFuture<>();
        loop.execute(() -> f.complete(connections.stream()
                .map(c -> new ConnectionStatus(c.address, c.state().name(), c.failures(), c.isDegraded(), c.queries()))
                .toList()));
        return f;
    }

    /**
     * What this remote is doing, for an operator ({@code PluginOps.describe}), taken on the loop: the server, the
     * overall state (degraded with the reason, connected, connecting, resolving), the resolved addresses and each one's
     * connection (with its backoff and last trouble), the queries in flight, the last answer, and the shootdown log's
     * polling and last result. Labels and wording are for reading, not parsing.
     */
    public CompletableFuture<Map<String, String>> describe() {
        CompletableFuture<Map<String, String>> f = new CompletableFuture<>();
        loop.execute(() -> f.complete(status(Instant.now())));
        return f;
    }

    private Map<String, String> status(Instant now) {
        Map<String, String> m = new LinkedHashMap<>();
        String host = key.host().indexOf(':') >= 0 ? "[" + key.host() + "]" : key.host();
        m.put("server", host + ":" + key.port());
        m.put("state", overallState());
        m.put(
                "addresses",
                connections.isEmpty()
                        ? health.isSet(RemoteHealth.DNS_FAIL)
                                ? "none: " + key.host() + " does not resolve"
                                : "none yet (resolving " + key.host() + ")"
                        : String.join(
                                ", ",
                                connections.stream()
                                        .map(c -> IpAddresses.format(c.address))
                                        .toList()));
        int inFlight = 0;
        for (Connection c : connections) {
            m.put("connection " + IpAddresses.format(c.address), c.status());
            inFlight += c.queries();
        }
        m.put("queries in flight", Integer.toString(inFlight));
        m.put(
                "last answer",
                lastAnswerMillis == 0 ? "never" : StatusText.at(Instant.ofEpochMilli(lastAnswerMillis), now));
        m.put("shootdown log", shootdown.status());
        String log = shootdown.lastResult(now);
        m.put("last log request", log == null ? "none answered yet" : log);
        int sharing = attachments.size() - 1;
        if (sharing > 0) {
            m.put(
                    "shared with",
                    sharing + " other overlay" + (sharing == 1 ? "" : "s") + " (same server and underlay IP)");
        }
        return m;
    }

    /** One word (and the reason when degraded) for the whole remote. */
    private String overallState() {
        if (closed) {
            return "closed";
        }
        String degraded = health.message();
        if (degraded != null) {
            return "degraded: " + degraded;
        }
        long active = connections.stream()
                .filter(c -> c.state() == Connection.State.ACTIVE)
                .count();
        if (active > 0) {
            return connections.size() == 1
                    ? "connected"
                    : "connected to " + active + " of " + connections.size() + " addresses";
        }
        if (connections.isEmpty()) {
            return dnsInProgress ? "resolving " + key.host() : "no address to connect to";
        }
        boolean backingOff = connections.stream().allMatch(c -> c.state() == Connection.State.BACKOFF);
        return backingOff ? "backoff" : "connecting";
    }

    private static void cancel(EventLoop.Timer t) {
        if (t != null) {
            t.cancel();
        }
    }

    @Override
    public String toString() {
        return "remote " + key + (degradedMessage == null ? "" : " DEGRADED: " + degradedMessage);
    }
}
