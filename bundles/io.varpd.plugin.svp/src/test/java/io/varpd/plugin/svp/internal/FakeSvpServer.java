// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal;

import io.varpd.api.MacAddress;
import io.varpd.plugin.svp.internal.protocol.LogAck;
import io.varpd.plugin.svp.internal.protocol.LogRecord;
import io.varpd.plugin.svp.internal.protocol.LogRemove;
import io.varpd.plugin.svp.internal.protocol.LogRemoveAck;
import io.varpd.plugin.svp.internal.protocol.LogRequest;
import io.varpd.plugin.svp.internal.protocol.Ping;
import io.varpd.plugin.svp.internal.protocol.Pong;
import io.varpd.plugin.svp.internal.protocol.SvpCodec;
import io.varpd.plugin.svp.internal.protocol.SvpFrame;
import io.varpd.plugin.svp.internal.protocol.SvpHeader;
import io.varpd.plugin.svp.internal.protocol.SvpMessage;
import io.varpd.plugin.svp.internal.protocol.SvpOp;
import io.varpd.plugin.svp.internal.protocol.SvpProtocolException;
import io.varpd.plugin.svp.internal.protocol.SvpStatus;
import io.varpd.plugin.svp.internal.protocol.Vl2Ack;
import io.varpd.plugin.svp.internal.protocol.Vl2Request;
import io.varpd.plugin.svp.internal.protocol.Vl3Ack;
import io.varpd.plugin.svp.internal.protocol.Vl3Request;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Predicate;
import java.util.zip.CRC32;

/**
 * A fake SVP server on loopback, for tests and the benchmark only. It behaves like portolan master (as a real portolan
 * does): it answers each connection's requests in order, echoes ids, keeps log records until LOG_RM removes them and
 * fills a LOG_ACK with records up to {@code count} bytes not counting the status word (so an ack can be {@code count +
 * 4} bytes), answers PING with PONG, ignores acks sent to it, and on a bad CRC or an unsupported op "crashes" that
 * connection (closes it) and records a violation.
 *
 * <p>It can be told to misbehave on the next request of an op ({@link #failNext}): close the connection instead of
 * answering, answer with a bad CRC, a wrong size or an unknown id, or stall (read everything, answer nothing) until
 * {@link #unstall}. {@link #refuseConnections} closes the listener and every connection; {@link #comeBack} listens
 * again on the same port.
 */
final class FakeSvpServer implements AutoCloseable {
    enum Fault {
        CLOSE_MID_QUERY,
        BAD_CRC,
        WRONG_SIZE,
        UNKNOWN_ID,
        STALL
    }

    record Vl2Key(MacAddress mac, long vnetid) {}

    record Vl3Key(InetAddress ip, long vnetid) {}

    private record PendingFault(SvpOp op, Fault fault, AtomicInteger skip) {}

    private final InetAddress bind;
    private volatile int port;
    private volatile ServerSocketChannel listener;
    private final Set<SocketChannel> clients = ConcurrentHashMap.newKeySet();
    private final Map<Vl2Key, Vl2Ack> vl2 = new ConcurrentHashMap<>();
    private final Map<Vl3Key, Vl3Ack> vl3 = new ConcurrentHashMap<>();
    private final Map<InetAddress, List<LogRecord>> logs = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<PendingFault> faults = new ConcurrentLinkedQueue<>();
    private volatile boolean stalled;
    /** Guards accepting against refusing: a connection accepted while refusing is closed. */
    private final Object acceptLock = new Object();

    private boolean refusing;
    private final AtomicLongArray requests = new AtomicLongArray(16);
    private final AtomicInteger accepted = new AtomicInteger();
    private final List<String> events = new ArrayList<>();
    private final boolean quiet;

    private FakeSvpServer(InetAddress bind, boolean quiet) {
        this.bind = bind;
        this.quiet = quiet;
    }

    /** A server on {@code bind} with an ephemeral port. */
    static FakeSvpServer start(InetAddress bind) throws IOException {
        return start(bind, 0, false);
    }

    /** A server on {@code bind}:{@code port} (0 for ephemeral); {@code quiet} records no per-request events. */
    static FakeSvpServer start(InetAddress bind, int port, boolean quiet) throws IOException {
        FakeSvpServer s = new FakeSvpServer(bind, quiet);
        s.listen(port);
        return s;
    }

    static FakeSvpServer onLoopback() throws IOException {
        return start(InetAddress.getLoopbackAddress());
    }

    int port() {
        return port;
    }

    InetAddress address() {
        return bind;
    }

    // --- data -----------------------------------------------------------------------------

    void putVl2(MacAddress mac, long vnetid, InetAddress underlay, int underlayPort) {
        vl2.put(new Vl2Key(mac, vnetid), new Vl2Ack(SvpStatus.OK, underlayPort, underlay));
    }

    void putVl3(InetAddress ip, long vnetid, MacAddress mac, InetAddress underlay, int underlayPort) {
        vl3.put(
                new Vl3Key(io.varpd.api.TargetPoint.unmap(ip), vnetid),
                new Vl3Ack(SvpStatus.OK, mac, underlayPort, underlay));
    }

    void removeVl3(InetAddress ip, long vnetid) {
        vl3.remove(new Vl3Key(io.varpd.api.TargetPoint.unmap(ip), vnetid));
    }

    /** Logs {@code record} for the compute node whose underlay address is {@code underlay}. */
    void log(InetAddress underlay, LogRecord record) {
        logs.computeIfAbsent(io.varpd.api.TargetPoint.unmap(underlay), k -> new ArrayList<>());
        synchronized (logs) {
            logs.get(io.varpd.api.TargetPoint.unmap(underlay)).add(record);
        }
    }

    /** Makes {@code underlay} a known compute node with an empty log (an unknown one gets FATAL). */
    void knowNode(InetAddress underlay) {
        logs.computeIfAbsent(io.varpd.api.TargetPoint.unmap(underlay), k -> new ArrayList<>());
    }

    /** The records still logged for {@code underlay}. */
    List<LogRecord> logged(InetAddress underlay) {
        synchronized (logs) {
            List<LogRecord> l = logs.get(io.varpd.api.TargetPoint.unmap(underlay));
            return l == null ? List.of() : List.copyOf(l);
        }
    }

    // --- misbehaviour ---------------------------------------------------------------------

    /** The next request of {@code op} (on any connection) gets {@code fault} instead of a good answer. */
    void failNext(SvpOp op, Fault fault) {
        failAfter(op, 0, fault);
    }

    /** The request of {@code op} after the next {@code good} ones gets {@code fault}. */
    void failAfter(SvpOp op, int good, Fault fault) {
        faults.add(new PendingFault(op, fault, new AtomicInteger(good)));
    }

    void unstall() {
        stalled = false;
        event("unstalled");
    }

    /** Closes the listener and every connection: connects are refused until {@link #comeBack}. */
    void refuseConnections() throws IOException {
        synchronized (acceptLock) {
            refusing = true;
            listener.close();
            for (SocketChannel c : clients) {
                c.close();
            }
        }
        event("refusing");
    }

    /** Listens again on the same port. */
    void comeBack() throws IOException {
        synchronized (acceptLock) {
            refusing = false;
            listen(port);
        }
        event("back");
    }

    // --- observation ----------------------------------------------------------------------

    long requests(SvpOp op) {
        return requests.get(op.code());
    }

    int accepted() {
        return accepted.get();
    }

    int openConnections() {
        return clients.size();
    }

    synchronized List<String> events() {
        return List.copyOf(events);
    }

    synchronized void clearEvents() {
        events.clear();
    }

    /** Waits (10 s at most) for an event matching {@code p}; returns it. */
    synchronized String await(Predicate<String> p, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            for (String e : events) {
                if (p.test(e)) {
                    return e;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("server " + bind + ":" + port + ": no event " + what + " in " + events);
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private synchronized void event(String e) {
        events.add(e);
        notifyAll();
    }

    // --- serving --------------------------------------------------------------------------

    private void listen(int p) throws IOException {
        ServerSocketChannel l = ServerSocketChannel.open();
        l.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        l.bind(new InetSocketAddress(bind, p));
        port = ((InetSocketAddress) l.getLocalAddress()).getPort();
        listener = l;
        Thread t = new Thread(() -> accept(l), "fake-svp-accept-" + port);
        t.setDaemon(true);
        t.start();
    }

    private void accept(ServerSocketChannel l) {
        try {
            while (true) {
                SocketChannel c = l.accept();
                synchronized (acceptLock) {
                    // The client's connect completes in the kernel before accept returns: a refusal
                    // in between must still close this connection.
                    if (refusing || l != listener) {
                        c.close();
                        continue;
                    }
                    clients.add(c);
                }
                c.setOption(StandardSocketOptions.TCP_NODELAY, true);
                event("accepted " + accepted.incrementAndGet());
                Thread t = new Thread(() -> serve(c), "fake-svp-conn-" + port);
                t.setDaemon(true);
                t.start();
            }
        } catch (IOException e) {
            // listener closed
        }
    }

    private void serve(SocketChannel c) {
        ByteBuffer in = ByteBuffer.allocate(256 * 1024);
        ByteBuffer out = ByteBuffer.allocate(256 * 1024);
        try {
            while (true) {
                if (c.read(in) < 0) {
                    break;
                }
                in.flip();
                while (in.remaining() >= SvpHeader.SIZE) {
                    long size = in.getInt(in.position() + 4) & 0xFFFF_FFFFL;
                    if (size > in.capacity() - SvpHeader.SIZE) {
                        event("violation huge size " + size);
                        return;
                    }
                    if (in.remaining() < SvpHeader.SIZE + size) {
                        break;
                    }
                    byte[] frame = new byte[(int) (SvpHeader.SIZE + size)];
                    in.get(frame);
                    SvpFrame f;
                    try {
                        f = SvpCodec.decode(frame);
                    } catch (SvpProtocolException e) {
                        // portolan crashes on these; this connection goes away.
                        event("violation " + e.getMessage());
                        return;
                    }
                    if (!handle(c, f, out)) {
                        return;
                    }
                    if (out.remaining() < 4096) {
                        write(c, out);
                    }
                }
                in.compact();
                write(c, out);
            }
        } catch (IOException e) {
            // closed by either side
        } finally {
            clients.remove(c);
            try {
                c.close();
            } catch (IOException e) {
                // closing anyway
            }
            event("closed");
        }
    }

    private static void write(SocketChannel c, ByteBuffer out) throws IOException {
        out.flip();
        while (out.hasRemaining()) {
            c.write(out);
        }
        out.clear();
    }

    /** Answers one request into {@code out}; false closes the connection. */
    private boolean handle(SocketChannel c, SvpFrame f, ByteBuffer out) throws IOException {
        SvpOp op = SvpOp.of(f.header().op());
        requests.incrementAndGet(op.code());
        if (!quiet || (op != SvpOp.VL2_REQ && op != SvpOp.VL3_REQ)) {
            event("request " + op + describe(f.message()));
        }
        Fault fault = takeFault(op);
        if (fault == Fault.STALL) {
            stalled = true;
            event("stalled");
        }
        if (stalled) {
            return true;
        }
        SvpMessage reply = answer(f.message());
        if (reply == null) {
            return true;
        }
        if (fault == Fault.CLOSE_MID_QUERY) {
            write(c, out);
            event("closing mid-query");
            return false;
        }
        int id = f.header().id();
        byte[] bytes;
        if (fault == null) {
            bytes = SvpCodec.encode(id, reply);
        } else {
            bytes = switch (fault) {
                case BAD_CRC -> {
                    byte[] b = SvpCodec.encode(id, reply);
                    b[15] ^= 0x5a;
                    yield b;
                }
                case WRONG_SIZE -> withBody(reply, id, reply.bodySize() + 1);
                case UNKNOWN_ID -> SvpCodec.encode(id ^ 0x4000_0000, reply);
                default -> throw new AssertionError(fault);
            };
            event("sent " + fault);
        }
        if (out.remaining() < bytes.length) {
            write(c, out);
        }
        out.put(bytes);
        return true;
    }

    private Fault takeFault(SvpOp op) {
        for (PendingFault p : faults) {
            if (p.op() == op && p.skip().getAndDecrement() <= 0 && faults.remove(p)) {
                return p.fault();
            }
        }
        return null;
    }

    private static String describe(SvpMessage m) {
        if (m instanceof LogRemove rm) {
            return " " + rm.ids();
        }
        if (m instanceof LogRequest lr) {
            return " count " + lr.count() + " ip " + io.varpd.api.IpAddresses.format(lr.underlayIp());
        }
        return "";
    }

    /** {@code reply} framed with a body of {@code size} bytes (its own, zero-padded) and a valid CRC. */
    private static byte[] withBody(SvpMessage reply, int id, int size) {
        ByteBuffer b = ByteBuffer.allocate(SvpHeader.SIZE + size);
        b.putShort((short) 1)
                .putShort((short) reply.op().code())
                .putInt(size)
                .putInt(Integer.reverseBytes(id))
                .putInt(0);
        reply.writeBody(b);
        CRC32 crc = new CRC32();
        crc.update(b.array());
        b.putInt(12, (int) crc.getValue());
        return b.array();
    }

    private SvpMessage answer(SvpMessage m) {
        if (m instanceof Vl2Request r) {
            Vl2Ack a = vl2.get(new Vl2Key(r.mac(), r.vnetid()));
            return a != null ? a : new Vl2Ack(SvpStatus.NOTFOUND, 0, zero());
        }
        if (m instanceof Vl3Request r) {
            Vl3Ack a = vl3.get(new Vl3Key(io.varpd.api.TargetPoint.unmap(r.ip()), r.vnetid()));
            return a != null ? a : new Vl3Ack(SvpStatus.NOTFOUND, MacAddress.ZERO, 0, zero());
        }
        if (m instanceof LogRequest r) {
            synchronized (logs) {
                List<LogRecord> log = logs.get(io.varpd.api.TargetPoint.unmap(r.underlayIp()));
                if (log == null) {
                    return LogAck.of(SvpStatus.FATAL, List.of());
                }
                // portolan: records while their sizes sum to at most count; the status word is not counted.
                List<LogRecord> out = new ArrayList<>();
                long used = 0;
                for (LogRecord rec : log) {
                    if (used + rec.size() > r.count()) {
                        break;
                    }
                    used += rec.size();
                    out.add(rec);
                }
                return LogAck.of(SvpStatus.OK, out);
            }
        }
        if (m instanceof LogRemove r) {
            Set<UUID> ids = Set.copyOf(r.ids());
            synchronized (logs) {
                logs.values().forEach(l -> l.removeIf(rec -> ids.contains(rec.id())));
            }
            return new LogRemoveAck(SvpStatus.OK);
        }
        if (m instanceof Ping) {
            return new Pong();
        }
        return null; // acks sent to a server are ignored, as portolan does
    }

    private static InetAddress zero() {
        try {
            return InetAddress.getByAddress(new byte[16]);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (acceptLock) {
            refusing = true;
            listener.close();
            for (SocketChannel c : clients) {
                c.close();
            }
        }
    }
}
