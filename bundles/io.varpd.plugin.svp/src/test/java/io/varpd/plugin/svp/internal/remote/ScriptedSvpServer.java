// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal.remote;

import io.varpd.plugin.svp.internal.protocol.SvpCodec;
import io.varpd.plugin.svp.internal.protocol.SvpHeader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A loopback server that answers each request with whatever bytes a test script returns, however wrong: for tests of
 * what a connection does with a broken or hostile server. It trusts the client's framing (the client is the code under
 * test, the server is not), and after an answer marked {@link Answer#thenClose} it sends FIN and waits for the client
 * to close, so the client sees every byte of the answer and then the end of the stream.
 */
final class ScriptedSvpServer implements AutoCloseable {
    /** A request as it came in: the header, and the whole frame. */
    record Request(SvpHeader header, byte[] frame) {}

    /** What to send back; {@code thenClose} ends the connection from the server's side after it. */
    record Answer(byte[] bytes, boolean thenClose) {}

    private final ServerSocketChannel listener;
    private final Function<Request, Answer> script;
    private final Set<SocketChannel> clients = ConcurrentHashMap.newKeySet();
    private final Semaphore accepted = new Semaphore(0);
    private final Semaphore closedByClient = new Semaphore(0);

    ScriptedSvpServer(Function<Request, Answer> script) throws IOException {
        this.script = script;
        listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        start(this::accept, "scripted-svp-accept");
    }

    int port() throws IOException {
        return ((InetSocketAddress) listener.getLocalAddress()).getPort();
    }

    /** Waits (10 s at most) until {@code n} more connections were accepted. */
    void awaitAccepted(int n) throws InterruptedException {
        if (!accepted.tryAcquire(n, 10, TimeUnit.SECONDS)) {
            throw new AssertionError("the client did not connect " + n + " more time(s)");
        }
    }

    /** Waits (10 s at most) until the client closed {@code n} more connections the server had left open. */
    void awaitClosedByClient(int n) throws InterruptedException {
        if (!closedByClient.tryAcquire(n, 10, TimeUnit.SECONDS)) {
            throw new AssertionError("the client did not close " + n + " more connection(s)");
        }
    }

    private void start(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    private void accept() {
        try {
            while (true) {
                SocketChannel c = listener.accept();
                clients.add(c);
                accepted.release();
                start(() -> serve(c), "scripted-svp-conn");
            }
        } catch (IOException e) {
            // closed
        }
    }

    private void serve(SocketChannel c) {
        try {
            ByteBuffer header = ByteBuffer.allocate(SvpHeader.SIZE);
            while (true) {
                header.clear();
                if (!readFully(c, header)) {
                    closedByClient.release();
                    return;
                }
                header.flip();
                SvpHeader h = SvpCodec.readHeader(header.duplicate());
                ByteBuffer frame = ByteBuffer.allocate(SvpHeader.SIZE + h.size());
                frame.put(header);
                if (!readFully(c, frame)) {
                    closedByClient.release();
                    return;
                }
                Answer a = script.apply(new Request(h, frame.array()));
                ByteBuffer out = ByteBuffer.wrap(a.bytes());
                while (out.hasRemaining()) {
                    c.write(out);
                }
                if (a.thenClose()) {
                    c.shutdownOutput();
                    // Drain until the client closes, so nothing it sent is left unread (no RST).
                    ByteBuffer sink = ByteBuffer.allocate(4096);
                    while (c.read(sink.clear()) >= 0) {
                        // discard
                    }
                    return;
                }
            }
        } catch (IOException e) {
            // the client reset or the server closed
        } finally {
            clients.remove(c);
            try {
                c.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    private static boolean readFully(SocketChannel c, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (c.read(b) < 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (SocketChannel c : clients) {
            c.close();
        }
    }
}
