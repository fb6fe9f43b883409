// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.socket;

import io.varpd.overlay.linux.internal.netlink.MessageSplitter;
import io.varpd.overlay.linux.internal.netlink.Netlink;
import io.varpd.overlay.linux.internal.netlink.NetlinkMessage;
import java.io.Closeable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitor socket of one namespace and the two threads that read it, leader and follower.
 *
 * <p>Why two. Handing every miss from a reading thread to a worker costs a thread wake-up on the way from the kernel's
 * miss to the installed entry; on a busy machine that wake-up alone can wait a scheduler tick (4 ms at HZ=250), a third
 * of the slow misses measured. So the thread that read a miss handles it itself. One thread at a time reads (the
 * leader, holding {@code reading}): it waits for one datagram and takes what else is queued without waiting, up to
 * {@link #BURST} datagrams, {@link #SLOTS} per system call ({@code recvmmsg}), so a burst of misses costs a few reads,
 * not one per miss, and its work is done together ({@link Handler#runAll}: one report to core, one datagram of
 * installs). What it read is given to the {@link Handler} in order, under that lock, and must not block. The handler
 * may return {@link Work} (a miss to report, a request to send) to run afterwards, and where it runs depends on the
 * socket:
 *
 * <ul>
 *   <li>Nothing else queued (the read without waiting found the socket empty): the leader runs the work itself and
 *       stays the reader. No other thread is woken at all: on two cores, a second runnable thread of ours (the follower
 *       taking over the socket) was what made a miss wait for a scheduler slice whenever the JIT compiler held the
 *       other core. What arrives meanwhile waits in the socket for the few syscalls of an answer (the listener never
 *       blocks on a plugin).
 *   <li>More queued (the burst stopped at its size): reading passes to the follower, which is already waiting for the
 *       socket, and the leader works beside it; when the follower is busy too, the burst's work is handed off as one
 *       piece ({@link Handler#handOff}): someone must always be reading in a burst, or the kernel overflows the socket
 *       while both threads work.
 * </ul>
 *
 * The leader keeps the lock while it finds nothing to do, so an idle follower is never woken. A receive timeout lets
 * the threads notice {@link #close()}; the last one out closes the socket.
 */
public final class NotificationMonitor implements Closeable {
    /**
     * Something to do after a message, outside the ordered section: it may take a few syscalls but must not wait for
     * long (when the socket is idle it runs while its thread is the reader).
     */
    public interface Work extends Runnable {
        /** The work was neither run nor handed off (the hand-off queue was full). */
        void rejected();
    }

    /** Receives what the monitor reads. {@link #message} is called by one thread at a time, in order. */
    public interface Handler {
        /** Must not block. Returns what to do about {@code m} that may block, or null. */
        Work message(NetlinkMessage m);

        /**
         * The message of {@code length} bytes at {@code offset} of {@code datagram} (native order, readable only during
         * the call), as {@link #message(NetlinkMessage)}, which the default calls. A handler may read the messages that
         * come by the thousand (misses) in place instead, with no object per message.
         */
        default Work message(ByteBuffer datagram, int offset, int length) {
            return message(MessageSplitter.message(datagram, offset, length));
        }

        /**
         * Runs the work of the messages read in one go, in order. The default runs each; a handler may take them
         * together (the misses of a burst reported as one batch).
         */
        default void runAll(List<Work> works) {
            for (Work w : works) {
                try {
                    w.run();
                } catch (RuntimeException e) {
                    LoggerFactory.getLogger(NotificationMonitor.class)
                            .warn(
                                    "{}: work after a notification failed",
                                    Thread.currentThread().getName(),
                                    e);
                }
            }
        }

        /** Queues {@code work} for another thread; false when it cannot (queue full, closed). */
        boolean handOff(Work work);

        /** ENOBUFS: the socket overflowed and notifications were lost. */
        void overrun();

        /** A datagram or message that could not be read. */
        void malformed(String reason);
    }

    private static final Logger LOG = LoggerFactory.getLogger(NotificationMonitor.class);
    private static final int POLL_MILLIS = 250;
    /**
     * The largest notification read: the kernel sizes each one to its content, a few KB at most (a link's), far below
     * this; a longer one would be lost and counted as malformed.
     */
    private static final int BUFFER = 64 * 1024;

    static final int READERS = 2;
    /** Datagrams read in one go before the work they brought is done. */
    static final int BURST = 256;
    /** Datagrams taken per system call: a burst is up to BURST / SLOTS calls, the room reused between them. */
    static final int SLOTS = 64;

    private static final int STOP = -1;
    private static final int DRAINED = 0;
    private static final int MORE = 1;

    private final NetlinkSocket socket;
    private final Handler handler;
    private final List<Thread> threads = new ArrayList<>();
    private final Set<Thread> live = ConcurrentHashMap.newKeySet();
    /** Held by the thread reading the socket (the leader). */
    private final ReentrantLock reading = new ReentrantLock();

    private final AtomicInteger running = new AtomicInteger(READERS);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean open = true;
    private volatile boolean started;

    private final MessageSplitter.MalformedSink malformedSink;

    private NotificationMonitor(NetlinkSocket socket, Handler handler, String name) {
        this.socket = socket;
        this.handler = handler;
        this.malformedSink = handler::malformed;
        for (int i = 0; i < READERS; i++) {
            Thread t = new Thread(this::run, name + (i == 0 ? "" : "-" + i));
            t.setDaemon(true);
            threads.add(t);
        }
    }

    /**
     * Opens a monitor socket in the calling thread's namespace, joined to {@code groups} (a legacy bind mask) with a
     * receive buffer of {@code receiveBuffer} bytes, and the socket filter {@code filter} (a classic BPF program, see
     * {@link NetlinkSocket#attachFilter}; null for none). Start it with {@link #start}.
     */
    public static NotificationMonitor open(int groups, int receiveBuffer, byte[] filter, Handler handler, String name)
            throws KernelException {
        NetlinkSocket s = NetlinkSocket.open(groups, BUFFER);
        try {
            s.prepareBursts(SLOTS, BUFFER);
            if (!s.setReceiveBuffer(receiveBuffer)) {
                LOG.warn(
                        "{}: SO_RCVBUFFORCE refused (no CAP_NET_ADMIN?); the receive buffer is capped by"
                                + " net.core.rmem_max and miss storms will lose notifications sooner",
                        name);
            }
            if (filter != null) {
                try {
                    s.attachFilter(filter);
                } catch (KernelException e) {
                    // Only a cost: what the filter drops is read and ignored instead.
                    LOG.warn("{}: cannot filter notifications ({}); reading them all", name, e.getMessage());
                }
            }
            s.setReceiveTimeout(POLL_MILLIS);
            return new NotificationMonitor(s, handler, name);
        } catch (KernelException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    public void start() {
        started = true;
        for (Thread t : threads) {
            live.add(t);
            t.start();
        }
    }

    /** Whether the calling thread is one of this monitor's readers. */
    public boolean isReader(Thread t) {
        return live.contains(t);
    }

    private void run() {
        byte[] buf = new byte[BUFFER];
        ByteBuffer view = ByteBuffer.wrap(buf).order(ByteOrder.nativeOrder());
        List<Work> pending = new ArrayList<>(BURST);
        try {
            while (open) {
                reading.lock();
                try {
                    // Keeps the socket, and wakes nobody, until there is work to leave to the other reader.
                    while (true) {
                        int read = open ? readBurst(buf, view, pending) : STOP;
                        if (read == STOP) {
                            return;
                        }
                        if (pending.isEmpty()) {
                            continue;
                        }
                        if (read == DRAINED) {
                            // Nothing else to read: answering here, still the reader, wakes no other
                            // thread. What arrives meanwhile waits in the socket for a few syscalls.
                            runAll(pending);
                            continue;
                        }
                        if (reading.hasQueuedThreads()) {
                            break; // the waiting reader takes the socket while this thread works
                        }
                        // Nobody would read while this thread works: let another thread do it.
                        handOff(pending);
                    }
                } finally {
                    reading.unlock();
                }
                runAll(pending);
            }
        } finally {
            live.remove(Thread.currentThread());
            if (running.decrementAndGet() == 0) {
                socket.close();
                stopped.countDown();
            }
        }
    }

    private void runAll(List<Work> pending) {
        try {
            handler.runAll(pending);
        } catch (RuntimeException e) {
            LOG.warn(
                    "{}: work after notifications failed",
                    Thread.currentThread().getName(),
                    e);
        }
        pending.clear();
    }

    /** Hands a burst's work to another thread as one piece; rejected as a whole when it cannot. */
    private void handOff(List<Work> pending) {
        List<Work> burst = List.copyOf(pending);
        pending.clear();
        Work all = new Work() {
            @Override
            public void run() {
                handler.runAll(burst);
            }

            @Override
            public void rejected() {
                burst.forEach(Work::rejected);
            }
        };
        if (!handler.handOff(all)) {
            all.rejected();
        }
    }

    /**
     * Reads one datagram, waiting for it, and what else is queued, up to {@link #BURST} datagrams, {@link #SLOTS} per
     * system call ({@link NetlinkSocket#receiveMany}); gives their messages to the handler in order.
     *
     * @return {@link #DRAINED} when the socket was found empty, {@link #MORE} when the burst stopped at its size,
     *     {@link #STOP} when reading must stop
     */
    private int readBurst(byte[] buf, ByteBuffer view, List<Work> pending) {
        for (int call = 0; call < BURST / SLOTS; call++) {
            int got;
            try {
                got = socket.receiveMany(call == 0);
            } catch (KernelException e) {
                return failed(e) ? DRAINED : STOP;
            }
            for (int i = 0; i < got; i++) {
                int n;
                try {
                    n = socket.datagram(i, buf);
                } catch (KernelException e) {
                    if (!failed(e)) {
                        return STOP;
                    }
                    continue;
                }
                if (n >= 0) {
                    handle(view, n, pending);
                }
            }
            if (got < SLOTS) {
                return DRAINED;
            }
        }
        return MORE;
    }

    /** Deals with a receive error; false when reading must stop. */
    private boolean failed(KernelException e) {
        if (e.errno() == LinuxErrno.EAGAIN || e.errno() == LinuxErrno.EINTR) {
            return true;
        }
        if (e.errno() == LinuxErrno.ENOBUFS) {
            handler.overrun();
            return true;
        }
        if (e.errno() == LinuxErrno.EMSGSIZE) {
            handler.malformed(e.getMessage());
            return true;
        }
        LOG.error("{}: stops reading notifications: {}", Thread.currentThread().getName(), e.getMessage());
        open = false;
        return false;
    }

    /** Gives the messages of the datagram {@code view[0, n)} to the handler in place, in order. */
    private void handle(ByteBuffer view, int n, List<Work> pending) {
        int offset = 0;
        for (int index = 0; offset < n; index++) {
            int length = MessageSplitter.messageLength(view, offset, n, index, malformedSink);
            if (length < 0) {
                return;
            }
            try {
                Work w = handler.message(view, offset, length);
                if (w != null) {
                    pending.add(w);
                }
            } catch (RuntimeException e) {
                LOG.warn(
                        "{}: handler failed on message type {}",
                        Thread.currentThread().getName(),
                        Short.toUnsignedInt(view.getShort(offset + 4)),
                        e);
            }
            offset += Netlink.align(length);
        }
    }

    /** Stops the readers and waits (briefly) until the socket is closed; from a reader, does not wait. */
    @Override
    public void close() {
        open = false;
        if (!started) {
            if (running.getAndSet(0) > 0) {
                socket.close(); // never started
                stopped.countDown();
            }
            return;
        }
        if (live.contains(Thread.currentThread())) {
            return; // a reader closing its own monitor: the last reader out closes the socket
        }
        try {
            if (!stopped.await(5, TimeUnit.SECONDS)) {
                LOG.warn("{}: did not stop within 5 s", threads.get(0).getName());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
