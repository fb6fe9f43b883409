package io.varpd.overlay.linux.internal.socket;

import io.varpd.overlay.linux.internal.netlink.MessageSplitter;
import io.varpd.overlay.linux.internal.netlink.NetlinkMessage;
import java.io.Closeable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitor socket of one namespace and the thread that reads it. The thread does nothing but
 * receive, split and hand each message to the {@link Handler}, which must not block (it queues
 * misses for other threads). A receive timeout lets the thread notice {@link #close()}; the thread
 * closes its own socket on the way out.
 */
public final class NotificationMonitor implements Closeable {
    /** Receives what the monitor reads. Called on the monitor thread only; must not block. */
    public interface Handler {
        void message(NetlinkMessage m);

        /** ENOBUFS: the socket overflowed and notifications were lost. */
        void overrun();

        /** A datagram or message that could not be read. */
        void malformed(String reason);
    }

    private static final Logger LOG = LoggerFactory.getLogger(NotificationMonitor.class);
    private static final int POLL_MILLIS = 250;
    private static final int BUFFER = 256 * 1024;

    private final NetlinkSocket socket;
    private final Handler handler;
    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;

    private NotificationMonitor(NetlinkSocket socket, Handler handler, String name) {
        this.socket = socket;
        this.handler = handler;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    /**
     * Opens a monitor socket in the calling thread's namespace, joined to {@code groups} (a legacy
     * bind mask) with a receive buffer of {@code receiveBuffer} bytes. Start it with {@link #start}.
     */
    public static NotificationMonitor open(int groups, int receiveBuffer, Handler handler, String name)
            throws KernelException {
        NetlinkSocket s = NetlinkSocket.open(groups, BUFFER);
        try {
            if (!s.setReceiveBuffer(receiveBuffer)) {
                LOG.warn("{}: SO_RCVBUFFORCE refused (no CAP_NET_ADMIN?); the receive buffer is capped by"
                        + " net.core.rmem_max and miss storms will lose notifications sooner", name);
            }
            s.setReceiveTimeout(POLL_MILLIS);
            return new NotificationMonitor(s, handler, name);
        } catch (KernelException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    public void start() {
        thread.start();
    }

    private void run() {
        byte[] buf = new byte[BUFFER];
        try {
            while (running) {
                int n;
                try {
                    n = socket.receive(buf);
                } catch (KernelException e) {
                    if (e.errno() == LinuxErrno.EAGAIN || e.errno() == LinuxErrno.EINTR) {
                        continue;
                    }
                    if (e.errno() == LinuxErrno.ENOBUFS) {
                        handler.overrun();
                        continue;
                    }
                    if (e.errno() == LinuxErrno.EMSGSIZE) {
                        handler.malformed(e.getMessage());
                        continue;
                    }
                    LOG.error("{}: stops reading notifications: {}", thread.getName(), e.getMessage());
                    return;
                }
                for (NetlinkMessage m : MessageSplitter.split(buf, n, handler::malformed)) {
                    try {
                        handler.message(m);
                    } catch (RuntimeException e) {
                        LOG.warn("{}: handler failed on message type {}", thread.getName(), m.type(), e);
                    }
                }
            }
        } finally {
            socket.close();
            stopped.countDown();
        }
    }

    /** Stops the thread and waits (briefly) until it closed the socket. */
    @Override
    public void close() {
        running = false;
        if (thread == Thread.currentThread() || !thread.isAlive()) {
            if (!thread.isAlive() && stopped.getCount() > 0) {
                socket.close(); // never started
                stopped.countDown();
            }
            return;
        }
        try {
            if (!stopped.await(5, TimeUnit.SECONDS)) {
                LOG.warn("{}: did not stop within 5 s", thread.getName());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
