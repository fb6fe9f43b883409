// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.socket;

import io.varpd.overlay.linux.internal.netlink.MalformedMessageException;
import io.varpd.overlay.linux.internal.netlink.MessageSplitter;
import io.varpd.overlay.linux.internal.netlink.MessageWriter;
import io.varpd.overlay.linux.internal.netlink.Netlink;
import io.varpd.overlay.linux.internal.netlink.NetlinkAck;
import io.varpd.overlay.linux.internal.netlink.NetlinkMessage;
import java.io.Closeable;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The request socket of one namespace: requests go out one at a time with a fresh sequence number, and replies are read
 * until the one answering that number (ACK, error, single reply, or the end of a dump). Replies carrying another
 * sequence number are late answers to requests that timed out: they are skipped. It joins no multicast group, so
 * notifications never mix with replies.
 *
 * <p>The socket asks for extended acks (the kernel's error text), capped acks (no echo of the request in errors) and
 * strict checking (so dumps can be filtered by device). Thread-safe: one request at a time.
 */
public final class RequestChannel implements Closeable {
    /** How long one request may wait for the kernel. */
    public static final int TIMEOUT_MILLIS = 5000;

    private static final int BUFFER = 256 * 1024;
    private static final int DUMP_RETRIES = 3;

    private final NetlinkSocket socket;
    private final byte[] buf = new byte[BUFFER];
    private final AtomicLong malformed = new AtomicLong();
    private int sequence = (int) (System.nanoTime() & 0x7fffffff);
    private boolean closed;

    private RequestChannel(NetlinkSocket socket) {
        this.socket = socket;
    }

    /** Opens a request socket in the calling thread's namespace. */
    public static RequestChannel open() throws KernelException {
        NetlinkSocket s = NetlinkSocket.open(0, BUFFER);
        try {
            s.setOption(Netlink.SOL_NETLINK, Netlink.NETLINK_EXT_ACK, 1);
            s.setOption(Netlink.SOL_NETLINK, Netlink.NETLINK_CAP_ACK, 1);
            s.setOption(Netlink.SOL_NETLINK, Netlink.NETLINK_GET_STRICT_CHK, 1);
            s.setReceiveBuffer(1 << 20);
            s.setReceiveTimeout(TIMEOUT_MILLIS);
            return new RequestChannel(s);
        } catch (KernelException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** Sends {@code request} (which must ask for an ACK) and waits for the kernel's verdict. */
    public void ack(byte[] request, String what) throws KernelException {
        ack(request, () -> what);
    }

    /**
     * As {@link #ack(byte[], String)}, with the description built only if the request fails: the miss path installs
     * entries with it, and formatting addresses for every request cost an allocation burst and JIT work per answer.
     */
    public synchronized void ack(byte[] request, Supplier<String> what) throws KernelException {
        int seq = send(request, what);
        while (true) {
            for (NetlinkMessage m : receive(what)) {
                if (m.sequence() != seq) {
                    continue;
                }
                if (m.type() == Netlink.NLMSG_ERROR) {
                    check(m, what);
                    return;
                }
            }
        }
    }

    /** Sends a get request and returns the one reply. */
    public NetlinkMessage get(byte[] request, String what) throws KernelException {
        return get(request, () -> what);
    }

    /** As {@link #get(byte[], String)}, with the description built only if the request fails. */
    public synchronized NetlinkMessage get(byte[] request, Supplier<String> what) throws KernelException {
        int seq = send(request, what);
        while (true) {
            for (NetlinkMessage m : receive(what)) {
                if (m.sequence() != seq) {
                    continue;
                }
                if (m.type() == Netlink.NLMSG_ERROR) {
                    check(m, what);
                    throw new KernelException(what.get() + ": ACK without a reply", LinuxErrno.EINVAL);
                }
                return m;
            }
        }
    }

    /** Sends a dump request and returns every part, retrying a dump the kernel marks interrupted. */
    public synchronized List<NetlinkMessage> dump(byte[] request, String what) throws KernelException {
        for (int attempt = 1; ; attempt++) {
            List<NetlinkMessage> parts = new ArrayList<>();
            boolean interrupted = dumpOnce(request, what, parts);
            if (!interrupted || attempt == DUMP_RETRIES) {
                return parts;
            }
        }
    }

    private boolean dumpOnce(byte[] request, String what, List<NetlinkMessage> parts) throws KernelException {
        Supplier<String> described = () -> what;
        int seq = send(request, described);
        boolean interrupted = false;
        while (true) {
            for (NetlinkMessage m : receive(described)) {
                if (m.sequence() != seq) {
                    continue;
                }
                interrupted |= m.hasFlag(Netlink.NLM_F_DUMP_INTR);
                if (m.type() == Netlink.NLMSG_DONE) {
                    int status = m.length() >= 4
                            ? m.body().order(ByteOrder.nativeOrder()).getInt(0)
                            : 0;
                    if (status < 0) {
                        throw new KernelException(what, -status);
                    }
                    return interrupted;
                }
                if (m.type() == Netlink.NLMSG_ERROR) {
                    check(m, described);
                    return interrupted;
                }
                parts.add(m);
            }
        }
    }

    /** Messages that could not be decoded, over the channel's life. */
    public long malformed() {
        return malformed.get();
    }

    /** Counts a reply that a caller could not decode (a dump entry it skipped). */
    public void countMalformed() {
        malformed.incrementAndGet();
    }

    private int send(byte[] request, Supplier<String> what) throws KernelException {
        if (closed) {
            throw new KernelException(what.get() + ": the request socket is closed", LinuxErrno.EBADF);
        }
        sequence = sequence == Integer.MAX_VALUE ? 1 : sequence + 1;
        byte[] copy = request.clone();
        MessageWriter.stampSequence(copy, sequence);
        socket.send(copy);
        return sequence;
    }

    private List<NetlinkMessage> receive(Supplier<String> what) throws KernelException {
        int n;
        try {
            n = socket.receive(buf);
        } catch (KernelException e) {
            if (e.errno() == LinuxErrno.EAGAIN) {
                throw new KernelException(
                        what.get() + ": no answer from the kernel within " + TIMEOUT_MILLIS + " ms",
                        LinuxErrno.ETIMEDOUT);
            }
            throw e;
        }
        return MessageSplitter.split(buf, n, reason -> malformed.incrementAndGet());
    }

    private void check(NetlinkMessage m, Supplier<String> what) throws KernelException {
        NetlinkAck ack;
        try {
            ack = NetlinkAck.decode(m);
        } catch (MalformedMessageException e) {
            malformed.incrementAndGet();
            throw new KernelException(what.get() + ": unreadable answer (" + e.getMessage() + ")", LinuxErrno.EINVAL);
        }
        if (!ack.isAck()) {
            throw new KernelException(what.get(), ack.errno(), ack.message().orElse(null));
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            socket.close();
        }
    }
}
