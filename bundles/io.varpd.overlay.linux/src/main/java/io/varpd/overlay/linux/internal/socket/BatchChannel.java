// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.socket;

import io.varpd.overlay.linux.internal.netlink.MalformedMessageException;
import io.varpd.overlay.linux.internal.netlink.MessageSplitter;
import io.varpd.overlay.linux.internal.netlink.Netlink;
import io.varpd.overlay.linux.internal.netlink.NetlinkAck;
import io.varpd.overlay.linux.internal.netlink.NetlinkMessage;
import java.io.Closeable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A request socket for many requests at once: they go out packed in one datagram, without {@code NLM_F_ACK}, and only
 * failures come back.
 *
 * <p>Theory. rtnetlink handles a request in the sending thread: {@code sendmsg} on a netlink socket runs the kernel's
 * handler for every message of the datagram, in order, before it returns, and a message that fails gets its error
 * queued on the socket then (with or without {@code NLM_F_ACK}; without, a success sends nothing). So when
 * {@link #send} returns, every request is done, and the errors already queued (read without waiting) name, by sequence
 * number, exactly those that failed. A burst of installs thus costs one system call plus one empty read instead of a
 * send and a blocking receive each. If the socket's receive buffer overflowed while the errors were queued (ENOBUFS),
 * some failures are unknown: the batch is reported as lost. Thread-safe: one batch at a time.
 */
public final class BatchChannel implements Closeable {
    /** Receives the verdicts of one batch. */
    public interface Verdicts {
        /** Request {@code index} (0-based, in the batch's order) failed. */
        void failed(int index, KernelException e);

        /** The kernel's errors could not all be read: any request of the batch may have failed. */
        void lost(KernelException e);
    }

    private static final int REPLY_BUFFER = 64 * 1024;
    /** Room for the errors of a batch as large as one datagram can carry. */
    private static final int RECEIVE_BUFFER = 4 << 20;

    private final NetlinkSocket socket;
    private final byte[] replies = new byte[REPLY_BUFFER];
    private int sequence = (int) (System.nanoTime() & 0x3fffffff);
    private long batches;
    private long requests;
    private boolean closed;

    private BatchChannel(NetlinkSocket socket) {
        this.socket = socket;
    }

    /** Opens a batch socket in the calling thread's namespace. */
    public static BatchChannel open() throws KernelException {
        NetlinkSocket s = NetlinkSocket.open(0, REPLY_BUFFER);
        try {
            s.setOption(Netlink.SOL_NETLINK, Netlink.NETLINK_EXT_ACK, 1);
            s.setOption(Netlink.SOL_NETLINK, Netlink.NETLINK_CAP_ACK, 1);
            s.setReceiveBuffer(RECEIVE_BUFFER);
            return new BatchChannel(s);
        } catch (KernelException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /**
     * Sends the {@code count} requests packed in {@code messages[0, length)} (each must carry its own length; their
     * sequence numbers are overwritten) and reports the failed ones to {@code verdicts} before returning. A request not
     * reported failed was done.
     *
     * @throws KernelException the datagram itself was refused: none of the requests was done
     */
    public synchronized void send(byte[] messages, int length, int count, Verdicts verdicts) throws KernelException {
        if (closed) {
            throw new KernelException("batch of " + count + " requests: the socket is closed", LinuxErrno.EBADF);
        }
        if (count == 0) {
            return;
        }
        int first = nextSequences(count);
        ByteBuffer b = ByteBuffer.wrap(messages, 0, length).order(ByteOrder.nativeOrder());
        int offset = 0;
        for (int i = 0; i < count; i++) {
            if (offset + Netlink.HEADER_LENGTH > length) {
                throw new IllegalArgumentException(
                        "batch holds fewer than " + count + " messages in " + length + " bytes");
            }
            b.putInt(offset + 8, first + i);
            offset += Netlink.align(b.getInt(offset));
        }
        socket.send(messages, length);
        batches++;
        requests += count;
        readVerdicts(first, count, verdicts);
    }

    private void readVerdicts(int first, int count, Verdicts verdicts) {
        while (true) {
            int n;
            try {
                n = socket.receiveNow(replies);
            } catch (KernelException e) {
                verdicts.lost(e); // ENOBUFS: errors overflowed the socket; or EMSGSIZE: one was unreadable
                continue;
            }
            if (n < 0) {
                return; // every error the kernel queued during send has been read
            }
            for (NetlinkMessage m : MessageSplitter.split(replies, n, reason -> {})) {
                int index = m.sequence() - first;
                if (m.type() != Netlink.NLMSG_ERROR || index < 0 || index >= count) {
                    continue; // an earlier batch's: never, since each batch reads all of its own
                }
                try {
                    NetlinkAck ack = NetlinkAck.decode(m);
                    if (!ack.isAck()) {
                        verdicts.failed(
                                index,
                                new KernelException(
                                        "request " + index + " of a batch of " + count,
                                        ack.errno(),
                                        ack.message().orElse(null)));
                    }
                } catch (MalformedMessageException e) {
                    verdicts.failed(
                            index,
                            new KernelException(
                                    "request " + index + " of a batch of " + count + ": unreadable answer ("
                                            + e.getMessage() + ")",
                                    LinuxErrno.EINVAL));
                }
            }
        }
    }

    private int nextSequences(int count) {
        if (sequence > Integer.MAX_VALUE - count - 1) {
            sequence = 1;
        }
        int first = sequence;
        sequence += count;
        return first;
    }

    /** Datagrams sent, over the channel's life. */
    public synchronized long batches() {
        return batches;
    }

    /** Requests sent in them. */
    public synchronized long requests() {
        return requests;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            socket.close();
        }
    }
}
