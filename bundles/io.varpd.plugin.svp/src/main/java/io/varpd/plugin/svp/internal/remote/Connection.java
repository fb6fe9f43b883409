// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal.remote;

import io.varpd.api.IpAddresses;
import io.varpd.plugin.svp.internal.protocol.SvpCodec;
import io.varpd.plugin.svp.internal.protocol.SvpProtocolException;
import io.varpd.plugin.svp.internal.protocol.SvpReply;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP connection to one resolved address of a remote, and its state machine (docs/architecture.md#the-svp-client).
 * Loop-confined: every method runs on the remote's event loop.
 *
 * <pre>
 *   new ──(first connect delay)──▶ connect ──▶ CONNECTING ──finish──▶ ACTIVE ◀──────────┐
 *                                     │             │ fail/timeout      │ I/O error,      │
 *                                     ▼             ▼                   │ protocol error, │
 *                                   BACKOFF ◀───────┘                   │ query timeout   │
 *                                     │ 1,2,4,8,16,32,32.. s            ▼                 │
 *                                     └──────▶ connect           reset ─▶ INITIAL ─▶ connect
 *   DNS drops the address: ACTIVE ─▶ WINDDOWN (no new queries) ─▶ REAPED once idle or on error;
 *   any other state ─▶ REAPED at once.
 * </pre>
 *
 * <p>Queries are pipelined: they are encoded in submission order into one output buffer and written as the socket takes
 * them, and a query becomes READING when its last byte has been written, judged by the cumulative write offset (the
 * original compared the size of the last write call). Acks are matched by id ({@link FrameReader}). A reset fails the
 * oldest query in flight (the one most likely to have caused it) and hands every other one back to the remote to go out
 * on another ACTIVE connection, or fail.
 *
 * <p>Backoff: each failed connect increments a counter (reset by a successful connect) that picks the delay; the first
 * failure makes the connection degraded for the remote's REMOTE_FAIL bookkeeping (the original waited until the table
 * was exhausted, about a minute, while lookups were quietly dropped). A reset reconnects at once, as in the original,
 * unless the connection never delivered an ack since it connected: then it backs off like a failed connect, so a server
 * that accepts and drops connections is not hammered in a tight loop, and the remote hears that the server does not
 * answer (NO_ANSWER), as it does for every query timeout.
 *
 * <p>Every query that gets no answer is failed with a {@link Failure} naming the server and the error: ETIME for a
 * timeout, EHOSTUNREACH for everything else.
 */
final class Connection implements EventLoop.Handler {
    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
    private static final int WRITE_BUFFER_SIZE = 64 * 1024;
    /**
     * The read buffer, so the largest ack (header included) a connection takes: ample, since the shootdown's LOG_REQ
     * count of 1024 makes its LOG_ACK at most 16 + 1028 bytes.
     */
    static final int READ_BUFFER_SIZE = 64 * 1024;
    /** Reads per readiness event, so one busy connection cannot starve the others of its loop. */
    private static final int READS_PER_EVENT = 16;

    enum State {
        INITIAL,
        CONNECTING,
        BACKOFF,
        ACTIVE,
        WINDDOWN,
        REAPED
    }

    private final Remote remote;
    final InetAddress address;
    private final int port;
    private final EventLoop loop;
    private final SvpTiming timing;

    private State state = State.INITIAL;
    private int failures;
    private boolean degraded;
    /** The DNS generation that last listed this address. */
    long generation;

    private SocketChannel channel;
    private SelectionKey key;
    private final ArrayDeque<Query> unsent = new ArrayDeque<>();
    /** Queries written or being written, in write order, by id. */
    private final LinkedHashMap<Integer, Query> outstanding = new LinkedHashMap<>();
    /** Queries whose bytes are (partly) in the output buffer, in order. */
    private final ArrayDeque<Query> writing = new ArrayDeque<>();

    private final ByteBuffer out = ByteBuffer.allocateDirect(WRITE_BUFFER_SIZE);
    private final ByteBuffer in = ByteBuffer.allocate(READ_BUFFER_SIZE);
    private FrameReader reader = new FrameReader(READ_BUFFER_SIZE);
    private long queuedBytes;
    private long writtenBytes;
    private long lastRead;
    private boolean flushPending;
    /** Whether an ack arrived since the connection became ACTIVE: proof the server works. */
    private boolean acked;
    /** The last failed connect or reset, for status; null once connected. */
    private String lastTrouble;

    private EventLoop.Timer connectTimer;
    private EventLoop.Timer backoffTimer;
    private EventLoop.Timer checkTimer;

    Connection(Remote remote, InetAddress address, int port, EventLoop loop, SvpTiming timing) {
        this.remote = remote;
        this.address = address;
        this.port = port;
        this.loop = loop;
        this.timing = timing;
        out.flip(); // kept in read mode: position..limit is what waits to be written
    }

    State state() {
        return state;
    }

    boolean isDegraded() {
        return degraded;
    }

    int failures() {
        return failures;
    }

    int queries() {
        return outstanding.size() + unsent.size();
    }

    /** Arms the first connect and the periodic query check. */
    void start() {
        backoffTimer = loop.schedule(timing.firstConnectDelay(), this::connect);
        checkTimer = loop.schedule(timing.queryCheckPeriod(), this::checkQueries);
    }

    // --- connecting -----------------------------------------------------------------------

    private void connect() {
        if (state != State.INITIAL && state != State.BACKOFF) {
            return;
        }
        if (state == State.INITIAL) {
            failures = 0;
        }
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            boolean connected = channel.connect(new InetSocketAddress(address, port));
            key = loop.register(channel, connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, this);
            if (connected) {
                becomeActive();
            } else {
                state = State.CONNECTING;
                connectTimer = loop.schedule(timing.connectTimeout(), () -> {
                    if (state == State.CONNECTING) {
                        connectFailed("connecting to " + describe() + " timed out after "
                                + timing.connectTimeout().toMillis() + " ms");
                    }
                });
            }
        } catch (IOException | RuntimeException e) {
            connectFailed("connecting to " + describe() + " failed: " + text(e));
        }
    }

    private void becomeActive() {
        cancel(connectTimer);
        state = State.ACTIVE;
        key.interestOps(SelectionKey.OP_READ);
        boolean wasDegraded = degraded;
        failures = 0;
        acked = false;
        degraded = false;
        lastTrouble = null;
        lastRead = System.nanoTime();
        LOG.info("svp {}: connected to {}", remote.key(), describe());
        remote.connectionActive(this, wasDegraded);
    }

    /**
     * A connect failed: degraded from the first failure (logged once, at WARN; the retries at DEBUG), then retried
     * after the backoff.
     */
    private void connectFailed(String reason) {
        lastTrouble = reason;
        boolean first = !degraded;
        degraded = true;
        java.time.Duration delay = backoff();
        if (first) {
            LOG.warn(
                    "svp {}: {}; retrying in {} ms, then backing off up to {} ms",
                    remote.key(),
                    reason,
                    delay.toMillis(),
                    timing.backoffAfter(Integer.MAX_VALUE).toMillis());
        } else {
            LOG.debug(
                    "svp {}: {} ({} failures in a row); retrying in {} ms",
                    remote.key(),
                    reason,
                    failures,
                    delay.toMillis());
        }
        remote.connectFailed(this, reason, first);
    }

    /** Closes the socket and schedules the next connect after the backoff for one more failure. */
    private java.time.Duration backoff() {
        closeChannel();
        state = State.BACKOFF;
        failures++;
        java.time.Duration delay = timing.backoffAfter(failures);
        backoffTimer = loop.schedule(delay, this::connect);
        return delay;
    }

    // --- the event loop's entry -----------------------------------------------------------

    @Override
    public void ready(SelectionKey k) {
        if (k != key || !k.isValid()) {
            return;
        }
        if (state == State.CONNECTING) {
            if (k.isConnectable()) {
                try {
                    if (channel.finishConnect()) {
                        becomeActive();
                    }
                } catch (IOException e) {
                    connectFailed("connecting to " + describe() + " failed: " + text(e));
                }
            }
            return;
        }
        if (k.isReadable()) {
            onReadable();
        }
        if (k == key && k.isValid() && k.isWritable()) {
            flush();
        }
    }

    // --- writing --------------------------------------------------------------------------

    /** Queues {@code q} (ACTIVE only); it is written at the end of this loop iteration, with its peers. */
    void enqueue(Query q) {
        unsent.add(q);
        if (!flushPending) {
            flushPending = true;
            loop.defer(() -> {
                flushPending = false;
                flush();
            });
        }
    }

    private void flush() {
        if (state != State.ACTIVE && state != State.WINDDOWN) {
            return;
        }
        try {
            while (true) {
                fill();
                if (!out.hasRemaining()) {
                    break;
                }
                int n = channel.write(out);
                if (n > 0) {
                    writtenBytes += n;
                    markWritten();
                }
                if (out.hasRemaining() || unsent.isEmpty()) {
                    break;
                }
            }
        } catch (IOException e) {
            reset("writing failed: " + text(e));
            return;
        }
        boolean more = out.hasRemaining() || !unsent.isEmpty();
        key.interestOps(more ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    /** Encodes queued queries into the free part of the output buffer, in order. */
    private void fill() {
        if (unsent.isEmpty()) {
            return;
        }
        out.compact();
        try {
            long now = System.nanoTime();
            Query q;
            while ((q = unsent.peek()) != null) {
                int size = SvpCodec.frameSize(q.request);
                if (size > out.capacity()) {
                    unsent.poll();
                    LOG.error(
                            "svp {}: {} is {} bytes, more than a connection can buffer; failed", remote.key(), q, size);
                    q.fail(Failure.unreachable(remote.server() + ": " + q.request.op() + " is " + size
                            + " bytes, more than a connection can send"));
                    continue;
                }
                if (out.remaining() < size) {
                    break;
                }
                unsent.poll();
                SvpCodec.encode(q.id, q.request, out);
                queuedBytes += size;
                q.endOffset = queuedBytes;
                q.startedAt = now;
                q.state = Query.State.WRITING;
                outstanding.put(q.id, q);
                writing.add(q);
            }
        } finally {
            out.flip();
        }
    }

    /** Queries whose last byte is now written await their ack. */
    private void markWritten() {
        Query q;
        while ((q = writing.peek()) != null && q.endOffset <= writtenBytes) {
            writing.poll();
            if (q.state == Query.State.WRITING) {
                q.state = Query.State.READING;
            }
        }
    }

    // --- reading --------------------------------------------------------------------------

    private void onReadable() {
        try {
            for (int i = 0; i < READS_PER_EVENT; i++) {
                int n = channel.read(in);
                if (n < 0) {
                    reset("the server closed the connection");
                    return;
                }
                if (n == 0) {
                    return;
                }
                lastRead = System.nanoTime();
                in.flip();
                try {
                    reader.read(in, outstanding::get, this::onAck);
                } finally {
                    in.compact();
                }
                if (state == State.WINDDOWN && queries() == 0) {
                    LOG.info("svp {}: {} is idle and no longer in DNS; closed", remote.key(), describe());
                    reap();
                    return;
                }
            }
        } catch (IOException e) {
            reset("reading failed: " + text(e));
        } catch (SvpProtocolException e) {
            reset("protocol violation: " + e.getMessage());
        } catch (RuntimeException e) {
            // A decoder bug must not leave the reader stuck inside a frame: the stream is as
            // untrustworthy as after a violation, so the connection starts over.
            LOG.error("svp {}: {}: reading a reply failed unexpectedly", remote.key(), describe(), e);
            reset("unexpected failure reading a reply: " + e);
        }
    }

    private void onAck(Query q, SvpReply reply) {
        acked = true;
        outstanding.remove(q.id);
        remote.answered(this);
        q.complete(reply);
    }

    // --- timeouts, resets, DNS fallout --------------------------------------------------

    /** Periodic: tears the connection down when its oldest query has had no answer for the timeout. */
    private void checkQueries() {
        checkTimer = loop.schedule(timing.queryCheckPeriod(), this::checkQueries);
        if (state != State.ACTIVE && state != State.WINDDOWN) {
            return;
        }
        Iterator<Query> it = outstanding.values().iterator();
        if (!it.hasNext()) {
            return;
        }
        Query head = it.next();
        long idleSince = head.startedAt - lastRead > 0 ? head.startedAt : lastRead;
        long idle = System.nanoTime() - idleSince;
        if (idle > timing.queryTimeout().toNanos()) {
            long limit = timing.queryTimeout().toMillis();
            LOG.debug(
                    "svp {}: no answer to {} from {} for {} ms",
                    remote.key(),
                    head,
                    describe(),
                    TimeUnit.NANOSECONDS.toMillis(idle));
            // The health sentence must not change with every query, or the status would flap.
            reset(
                    "no answer to a query within " + limit + " ms",
                    true,
                    Failure.timedOut(
                            remote.server() + " did not answer " + head.request.op() + " within " + limit + " ms"));
        }
    }

    /** Drops the connection after an I/O or protocol error: queries fail with EHOSTUNREACH. */
    private void reset(String reason) {
        reset(
                reason,
                false,
                Failure.unreachable(remote.server() + ": the connection to " + describe() + " was reset: " + reason));
    }

    /**
     * Drops the connection after an I/O or protocol error or a timeout: the oldest query in flight fails with
     * {@code why}, every other query goes back to the remote (and fails with {@code why} if no other connection is
     * ACTIVE), then the connection reconnects at once (or is reaped when winding down).
     */
    private void reset(String reason, boolean timedOut, Failure why) {
        State before = state;
        boolean silent = before == State.ACTIVE && !acked;
        // Not answering is a fault only when something was asked: a server may close an idle
        // connection (it restarts), and the reconnect then tells whether it is reachable.
        boolean unanswered = timedOut || silent && !outstanding.isEmpty();
        if (unanswered) {
            // Told once through the remote's NO_ANSWER degrade, not at every retry.
            LOG.debug("svp {}: connection to {} reset: {}", remote.key(), describe(), reason);
        } else {
            LOG.warn("svp {}: connection to {} reset: {}", remote.key(), describe(), reason);
        }
        List<Query> pending = takeQueries();
        closeChannel();
        cancel(connectTimer);
        state = State.INITIAL;
        lastTrouble = "the connection was reset: " + reason;
        if (unanswered) {
            remote.noAnswer(this, timedOut ? reason : "it failed before answering anything (" + reason + ")");
        } else {
            remote.connectionReset(this, reason);
        }
        if (!pending.isEmpty() && pending.get(0).state != Query.State.INIT) {
            pending.remove(0).fail(why);
        }
        remote.requeue(pending, why);
        if (before == State.WINDDOWN) {
            reap();
        } else if (silent) {
            // A server that accepts and then fails before answering anything would otherwise be
            // reconnected to in a tight loop (as in the original): back off as after a failed connect.
            backoff();
        } else {
            connect();
        }
    }

    /** DNS no longer lists this address: wind down gracefully when active, else go now. */
    void fallout() {
        switch (state) {
            case ACTIVE:
                state = State.WINDDOWN;
                if (queries() == 0) {
                    reap();
                } else {
                    LOG.info(
                            "svp {}: {} is no longer in DNS; winding down {} queries",
                            remote.key(),
                            describe(),
                            queries());
                }
                break;
            case WINDDOWN:
            case REAPED:
                break;
            default:
                reap();
        }
    }

    /** Removes the connection from its remote for good; any query left goes to another connection. */
    private void reap() {
        if (state == State.REAPED) {
            return;
        }
        state = State.REAPED;
        cancel(connectTimer);
        cancel(backoffTimer);
        cancel(checkTimer);
        closeChannel();
        List<Query> pending = takeQueries();
        remote.connectionRemoved(this);
        remote.requeue(
                pending,
                Failure.unreachable(remote.server() + ": " + describe() + " is no longer among the addresses of "
                        + remote.key().host()));
    }

    /** The remote is closing: fail every query, close, stop every timer. No health bookkeeping. */
    void close(Failure why) {
        state = State.REAPED;
        cancel(connectTimer);
        cancel(backoffTimer);
        cancel(checkTimer);
        closeChannel();
        takeQueries().forEach(q -> q.fail(why));
    }

    /** Every query on the connection, oldest first, leaving it empty. */
    private List<Query> takeQueries() {
        List<Query> all = new ArrayList<>(outstanding.values());
        all.addAll(unsent);
        outstanding.clear();
        unsent.clear();
        writing.clear();
        out.clear().flip();
        in.clear();
        reader = new FrameReader(READ_BUFFER_SIZE);
        queuedBytes = 0;
        writtenBytes = 0;
        return all;
    }

    private void closeChannel() {
        if (key != null) {
            key.cancel();
            key = null;
        }
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("svp {}: closing {}: {}", remote.key(), describe(), e.toString());
            }
            channel = null;
        }
    }

    /** An exception as an operator reads it: its message ("Connection refused"), else its type. */
    private static String text(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private static void cancel(EventLoop.Timer t) {
        if (t != null) {
            t.cancel();
        }
    }

    String describe() {
        return IpAddresses.format(address) + " port " + port;
    }

    /**
     * The connection's state for an operator: "connected, 2 queries in flight", "connecting", "backoff after 3 failed
     * connects, next attempt in 4 s: connecting to ... failed: ...".
     */
    String status() {
        switch (state) {
            case ACTIVE:
                return "connected, " + StatusText.queries(queries()) + " in flight";
            case WINDDOWN:
                return "winding down (no longer in DNS), " + StatusText.queries(queries()) + " in flight";
            case CONNECTING:
                return "connecting" + (lastTrouble == null ? "" : " (after: " + lastTrouble + ")");
            case BACKOFF:
                return "backoff after " + failures + " failed connect" + (failures == 1 ? "" : "s") + nextAttempt()
                        + (lastTrouble == null ? "" : ": " + lastTrouble);
            case INITIAL:
                return (lastTrouble == null ? "connecting" : "reconnecting")
                        + nextAttempt()
                        + (lastTrouble == null ? "" : ": " + lastTrouble);
            default:
                return "closed";
        }
    }

    /** ", next attempt in 4 s" while a connect is scheduled, else nothing. */
    private String nextAttempt() {
        return backoffTimer == null || backoffTimer.cancelled()
                ? ""
                : ", next attempt in " + StatusText.duration(backoffTimer.remaining());
    }

    @Override
    public String toString() {
        return describe() + " " + state + (degraded ? " degraded" : "") + " (" + queries() + " queries)";
    }
}
