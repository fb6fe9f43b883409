// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.device;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.varpd.overlay.linux.internal.socket.NetworkNamespace;
import java.io.Closeable;
import java.net.InetAddress;

/**
 * Sends one small UDP datagram to each of many IPv4 addresses with {@code sendmmsg}, from a socket in a namespace of
 * ours: a burst as fast as the kernel takes it (a {@code DatagramSocket} spends about 12 us of Java per packet, which
 * alone caps a burst at some 80,000 misses per second). Each datagram makes the kernel route it, find its permanent
 * neighbour and miss in the vxlan's FDB, all inside the call. x86-64/aarch64 LP64 layouts: {@code struct mmsghdr} is 64
 * bytes.
 */
final class UdpBurst implements Closeable {
    private interface C extends Library {
        C INSTANCE = Native.load("c", C.class);

        int socket(int domain, int type, int protocol);

        int sendmmsg(int fd, Pointer messages, int count, int flags);

        int close(int fd);
    }

    private static final int AF_INET = 2;
    private static final int SOCK_DGRAM = 2;
    private static final int MMSGHDR = 64;
    private static final int SOCKADDR_IN = 16;
    private static final int IOVEC = 16;
    /** The kernel's UIO_MAXIOV: the most messages one call takes. */
    private static final int MAX_PER_CALL = 1024;

    private final int fd;
    private final int count;
    private final Memory headers;
    private final Memory addresses;
    private final Memory iovec = new Memory(IOVEC);
    private final Memory payload = new Memory(32);

    private UdpBurst(int fd, InetAddress[] targets, int port) {
        this.fd = fd;
        this.count = targets.length;
        this.headers = new Memory((long) MMSGHDR * count);
        this.addresses = new Memory((long) SOCKADDR_IN * count);
        headers.clear();
        addresses.clear();
        payload.clear();
        iovec.setPointer(0, payload);
        iovec.setLong(8, payload.size());
        for (int i = 0; i < count; i++) {
            long a = (long) SOCKADDR_IN * i;
            addresses.setShort(a, (short) AF_INET);
            addresses.setByte(a + 2, (byte) (port >>> 8));
            addresses.setByte(a + 3, (byte) port);
            addresses.write(a + 4, targets[i].getAddress(), 0, 4);
            long h = (long) MMSGHDR * i;
            headers.setPointer(h, addresses.share(a));
            headers.setInt(h + 8, SOCKADDR_IN);
            headers.setPointer(h + 16, iovec);
            headers.setLong(h + 24, 1);
        }
    }

    /** A socket in {@code ns} ready to send to each of {@code targets} at {@code port}. */
    static UdpBurst open(String ns, InetAddress[] targets, int port) throws Exception {
        int fd = NetworkNamespace.call(ns, () -> C.INSTANCE.socket(AF_INET, SOCK_DGRAM, 0));
        if (fd < 0) {
            throw new IllegalStateException("socket(AF_INET, SOCK_DGRAM) failed, errno " + Native.getLastError());
        }
        return new UdpBurst(fd, targets, port);
    }

    /** Sends to targets {@code [from, from + n)}. */
    void send(int from, int n) {
        int done = 0;
        while (done < n) {
            int chunk = Math.min(MAX_PER_CALL, n - done);
            int sent = C.INSTANCE.sendmmsg(fd, headers.share((long) MMSGHDR * (from + done)), chunk, 0);
            if (sent <= 0) {
                throw new IllegalStateException("sendmmsg failed, errno " + Native.getLastError());
            }
            done += sent;
        }
    }

    @Override
    public void close() {
        C.INSTANCE.close(fd);
    }
}
