// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.device;

import io.varpd.overlay.linux.internal.socket.NetworkNamespace;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One thread sending one-byte UDP datagrams from inside a namespace, as fast as it can, round robin to two sets of
 * overlay addresses, until closed:
 *
 * <ul>
 *   <li>{@code l2} addresses have a neighbour entry to a MAC nobody maps, so every datagram is dropped by the vxlan
 *       with an L2 miss;
 *   <li>{@code l3} addresses have no neighbour entry, so each starts the kernel's resolution (app probes). They get
 *       their own socket: datagrams queued on an unresolved neighbour hold send buffer, and must not stall the L2
 *       flood.
 * </ul>
 *
 * Sockets keep the namespace they were opened in, so they are opened inside it and used from here.
 */
final class MissStorm implements AutoCloseable {
    /** One datagram to an {@code l3} address per this many to {@code l2} ones. */
    private static final int L3_EVERY = 16;

    private final DatagramChannel l2Socket;
    private final DatagramChannel l3Socket;
    private final List<InetSocketAddress> l2;
    private final List<InetSocketAddress> l3;
    private final Thread thread;
    private final long started = System.nanoTime();
    private volatile boolean running = true;
    /** Datagrams the kernel took. */
    final AtomicLong sent = new AtomicLong();
    /** Sends that failed or found the send buffer full. */
    final AtomicLong refused = new AtomicLong();

    private MissStorm(
            DatagramChannel l2Socket,
            DatagramChannel l3Socket,
            List<InetSocketAddress> l2,
            List<InetSocketAddress> l3) {
        this.l2Socket = l2Socket;
        this.l3Socket = l3Socket;
        this.l2 = List.copyOf(l2);
        this.l3 = List.copyOf(l3);
        this.thread = new Thread(this::run, "miss-storm");
        this.thread.setDaemon(true);
    }

    static MissStorm start(String netns, List<InetSocketAddress> l2, List<InetSocketAddress> l3) throws Exception {
        DatagramChannel a = NetworkNamespace.call(netns, DatagramChannel::open);
        DatagramChannel b;
        try {
            b = NetworkNamespace.call(netns, DatagramChannel::open);
        } catch (Exception e) {
            a.close();
            throw e;
        }
        a.configureBlocking(false);
        b.configureBlocking(false);
        MissStorm s = new MissStorm(a, b, l2, l3);
        s.thread.start();
        return s;
    }

    /** Nanoseconds since the storm began. */
    long elapsedNanos() {
        return System.nanoTime() - started;
    }

    private void run() {
        ByteBuffer payload = ByteBuffer.allocateDirect(1);
        long i = 0;
        while (running) {
            send(l2Socket, payload, l2.get((int) (i % l2.size())));
            if (!l3.isEmpty() && i % L3_EVERY == 0) {
                send(l3Socket, payload, l3.get((int) ((i / L3_EVERY) % l3.size())));
            }
            i++;
        }
    }

    private void send(DatagramChannel socket, ByteBuffer payload, InetSocketAddress to) {
        payload.clear();
        try {
            if (socket.send(payload, to) > 0) {
                sent.incrementAndGet();
            } else {
                refused.incrementAndGet();
            }
        } catch (IOException e) {
            // ENOBUFS, EHOSTUNREACH for a failed neighbour...: a storm does not care.
            refused.incrementAndGet();
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        running = false;
        thread.join(10_000);
        try {
            l2Socket.close();
        } finally {
            l3Socket.close();
        }
    }
}
