// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.socket;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import io.varpd.overlay.linux.internal.netlink.Netlink;
import java.io.Closeable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One {@code AF_NETLINK}/{@code NETLINK_ROUTE} socket. It belongs to the network namespace of the thread that opened
 * it, for its whole life. {@link #receive} only returns datagrams whose sender is the kernel ({@code nl_pid} 0): any
 * other process could otherwise feed us forged misses.
 *
 * <p>Not thread-safe: each socket is used under one lock (the monitor's reading lock, or the request channel's), and
 * closed by its owner only when nobody can be blocked on it (the last monitor reader on its way out, or the request
 * channel), so a descriptor is never closed under a thread blocked on it.
 */
public final class NetlinkSocket implements Closeable {
    private static final int SOCKADDR_NL = 12;

    private final int fd;
    private final Memory receiveBuffer;
    private final byte[] from = new byte[SOCKADDR_NL];
    /** Reads the sender's port out of {@link #from} without a buffer per datagram. */
    private final ByteBuffer fromView = ByteBuffer.wrap(from).order(ByteOrder.nativeOrder());

    private final int[] fromLength = new int[1];
    private long foreignDatagrams;
    private boolean closed;
    /** What {@link #receiveMany} reads into; null until {@link #prepareBursts}. */
    private Burst burst;

    private NetlinkSocket(int fd, int bufferSize) {
        this.fd = fd;
        this.receiveBuffer = new Memory(bufferSize);
    }

    /**
     * Opens a socket bound to the legacy group mask {@code groups} (0 for a request socket).
     *
     * @param bufferSize the largest datagram {@link #receive} accepts
     */
    public static NetlinkSocket open(int groups, int bufferSize) throws KernelException {
        LibC c = LibC.c();
        int fd = c.socket(Netlink.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, Netlink.NETLINK_ROUTE);
        if (fd < 0) {
            throw new KernelException("socket(AF_NETLINK, NETLINK_ROUTE)", LibC.errno());
        }
        byte[] addr = new byte[SOCKADDR_NL];
        ByteBuffer.wrap(addr)
                .order(ByteOrder.nativeOrder())
                .putShort(0, (short) Netlink.AF_NETLINK)
                .putInt(8, groups);
        if (c.bind(fd, addr, addr.length) < 0) {
            int e = LibC.errno();
            c.close(fd);
            throw new KernelException("bind(netlink groups 0x" + Integer.toHexString(groups) + ")", e);
        }
        return new NetlinkSocket(fd, bufferSize);
    }

    /** Sets an int socket option. */
    public void setOption(int level, int name, int value) throws KernelException {
        byte[] v = new byte[4];
        ByteBuffer.wrap(v).order(ByteOrder.nativeOrder()).putInt(value);
        if (LibC.c().setsockopt(fd, level, name, v, 4) < 0) {
            throw new KernelException("setsockopt(" + level + ", " + name + ", " + value + ")", LibC.errno());
        }
    }

    /**
     * Asks for a receive buffer of {@code bytes}: {@code SO_RCVBUFFORCE} (CAP_NET_ADMIN, beyond {@code rmem_max})
     * first, else {@code SO_RCVBUF}, which the kernel caps.
     *
     * @return whether the forced size was accepted
     */
    public boolean setReceiveBuffer(int bytes) throws KernelException {
        try {
            setOption(LibC.SOL_SOCKET, LibC.SO_RCVBUFFORCE, bytes);
            return true;
        } catch (KernelException e) {
            setOption(LibC.SOL_SOCKET, LibC.SO_RCVBUF, bytes);
            return false;
        }
    }

    /**
     * Attaches a classic BPF program ({@code program}: {@code struct sock_filter} entries, 8 bytes each, native order)
     * that the kernel runs on every datagram before queueing it.
     */
    public void attachFilter(byte[] program) throws KernelException {
        int instructions = program.length / 8;
        if (instructions == 0 || program.length % 8 != 0 || instructions > 0xffff) {
            throw new IllegalArgumentException(
                    "a socket filter is 1-65535 instructions of 8 bytes, not " + program.length + " bytes");
        }
        try (Memory code = new Memory(program.length);
                Memory fprog = new Memory(2L * Native.POINTER_SIZE)) {
            code.write(0, program, 0, program.length);
            fprog.clear();
            fprog.setShort(
                    0, (short) instructions); // struct sock_fprog { unsigned short len; struct sock_filter *filter; }
            fprog.setPointer(Native.POINTER_SIZE, code);
            if (LibC.c().setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_ATTACH_FILTER, fprog, (int) fprog.size()) < 0) {
                throw new KernelException("setsockopt(SO_ATTACH_FILTER)", LibC.errno());
            }
        }
    }

    /** Makes {@link #receive} give up with EAGAIN after {@code millis}. */
    public void setReceiveTimeout(int millis) throws KernelException {
        int longSize = Native.LONG_SIZE;
        byte[] tv = new byte[2 * longSize];
        ByteBuffer b = ByteBuffer.wrap(tv).order(ByteOrder.nativeOrder());
        long sec = millis / 1000;
        long usec = (millis % 1000) * 1000L;
        if (longSize == 8) {
            b.putLong(0, sec).putLong(8, usec);
        } else {
            b.putInt(0, (int) sec).putInt(4, (int) usec);
        }
        if (LibC.c().setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVTIMEO, tv, tv.length) < 0) {
            throw new KernelException("setsockopt(SO_RCVTIMEO)", LibC.errno());
        }
    }

    /** The port id the kernel gave this socket. */
    public int portId() throws KernelException {
        byte[] addr = new byte[SOCKADDR_NL];
        int[] len = {SOCKADDR_NL};
        if (LibC.c().getsockname(fd, addr, len) < 0) {
            throw new KernelException("getsockname(netlink)", LibC.errno());
        }
        return ByteBuffer.wrap(addr).order(ByteOrder.nativeOrder()).getInt(4);
    }

    public void send(byte[] message) throws KernelException {
        send(message, message.length);
    }

    /**
     * Sends {@code messages[0, length)} as one datagram. Several netlink requests may be packed in it: the kernel
     * processes them in order, each as if sent alone, before the call returns.
     */
    public void send(byte[] messages, int length) throws KernelException {
        long n = DirectIo.send(fd, messages, length, 0);
        if (n < 0) {
            throw new KernelException("send(netlink)", LibC.errno());
        }
        if (n != length) {
            throw new KernelException("send(netlink) sent " + n + " of " + length + " bytes", LinuxErrno.EMSGSIZE);
        }
    }

    /**
     * Receives the next datagram from the kernel into {@code into}.
     *
     * @return its length
     * @throws KernelException EAGAIN on timeout, ENOBUFS when notifications were lost, EMSGSIZE when the datagram was
     *     longer than the buffer (it is consumed and lost)
     */
    public int receive(byte[] into) throws KernelException {
        return receive(into, 0);
    }

    /**
     * As {@link #receive}, without waiting: -1 when no datagram is queued. Lets a reader take what a burst left in the
     * socket with one call per datagram and no peek in between.
     */
    public int receiveNow(byte[] into) throws KernelException {
        return receive(into, LibC.MSG_DONTWAIT);
    }

    private int receive(byte[] into, int flags) throws KernelException {
        int capacity = (int) Math.min(into.length, receiveBuffer.size());
        while (true) {
            fromLength[0] = SOCKADDR_NL;
            long n = DirectIo.recvfrom(fd, receiveBuffer, capacity, LibC.MSG_TRUNC | flags, from, fromLength);
            if (n < 0) {
                int errno = LibC.errno();
                if (errno == LinuxErrno.EAGAIN && (flags & LibC.MSG_DONTWAIT) != 0) {
                    return -1; // no exception: an empty socket is the normal end of every burst
                }
                throw new KernelException("recvfrom(netlink)", errno);
            }
            int senderPort = fromView.getInt(4);
            if (senderPort != 0) {
                foreignDatagrams++;
                continue;
            }
            if (n > capacity) {
                throw new KernelException(
                        "recvfrom(netlink): datagram of " + n + " bytes, buffer of " + capacity, LinuxErrno.EMSGSIZE);
            }
            receiveBuffer.read(0, into, 0, (int) n);
            return (int) n;
        }
    }

    /**
     * Makes room for {@link #receiveMany}: up to {@code datagrams} datagrams of up to {@code datagramBytes} bytes each
     * per call. The native memory is reserved here, but the kernel touches only what it writes, so the pages of room
     * never used are never resident.
     */
    public void prepareBursts(int datagrams, int datagramBytes) {
        if (datagrams < 1 || datagramBytes < Netlink.HEADER_LENGTH) {
            throw new IllegalArgumentException("a burst is at least 1 datagram of at least " + Netlink.HEADER_LENGTH
                    + " bytes, not " + datagrams + " of " + datagramBytes);
        }
        burst = new Burst(datagrams, datagramBytes);
    }

    /**
     * Receives up to the prepared number of datagrams ({@link #prepareBursts}) in one system call ({@code recvmmsg}):
     * with {@code wait}, waits for the first one (up to the receive timeout) and takes what else is queued without
     * waiting; without, takes only what is queued. Read each with {@link #datagram} before the next call. A reader of
     * many small datagrams (a burst of misses, one notification each) thus pays one system call per burst instead of
     * one per datagram.
     *
     * @return how many datagrams were received, 0 when none was queued and {@code wait} is false; fewer than prepared
     *     means the socket was empty when the call returned
     * @throws KernelException EAGAIN when {@code wait} timed out, ENOBUFS when notifications were lost (reported by the
     *     call after the one that received the datagrams before the loss)
     */
    public int receiveMany(boolean wait) throws KernelException {
        Burst b = burst;
        if (b == null) {
            throw new IllegalStateException("receiveMany before prepareBursts");
        }
        int n = DirectIo.recvmmsg(
                fd, b.headers, b.count, LibC.MSG_TRUNC | (wait ? LibC.MSG_WAITFORONE : LibC.MSG_DONTWAIT));
        if (n < 0) {
            int errno = LibC.errno();
            if (errno == LinuxErrno.EAGAIN && !wait) {
                return 0;
            }
            throw new KernelException("recvmmsg(netlink)", errno);
        }
        b.received = n;
        b.resetNameLengths(n);
        return n;
    }

    /**
     * Copies datagram {@code i} of the last {@link #receiveMany} into {@code into}.
     *
     * @return its length, or -1 when a process, not the kernel, sent it (it is skipped)
     * @throws KernelException EMSGSIZE when it was longer than the room for it or than {@code into} (it is lost)
     */
    public int datagram(int i, byte[] into) throws KernelException {
        Burst b = burst;
        if (b == null || i < 0 || i >= b.received) {
            throw new IndexOutOfBoundsException("datagram " + i + " of " + (b == null ? 0 : b.received) + " received");
        }
        if (b.senderPort(i) != 0) {
            foreignDatagrams++;
            return -1;
        }
        long n = b.length(i);
        if (n > b.size || n > into.length) {
            throw new KernelException(
                    "recvmmsg(netlink): datagram of " + n + " bytes, room for " + Math.min(b.size, into.length),
                    LinuxErrno.EMSGSIZE);
        }
        b.data.get(i * b.size, into, 0, (int) n);
        return (int) n;
    }

    /**
     * The native side of {@code recvmmsg}: {@code count} {@code struct mmsghdr}s, each with one {@code iovec} into its
     * own slot of {@code size} bytes and its own {@code sockaddr_nl}. The layouts follow from the pointer and
     * {@code size_t} width (8 on LP64, 4 on ILP32): msghdr is name, namelen, iov, iovlen, control, controllen, flags at
     * 0, P, 2P, 3P, 4P, 5P, 6P, and mmsghdr adds msg_len at 7P, 8P bytes in all. Read through buffers over the native
     * memory, so nothing per datagram crosses into JNA.
     */
    private static final class Burst {
        private static final int P = Native.POINTER_SIZE;
        private static final int MMSGHDR = 8 * P;
        private static final int IOVEC = 2 * P;

        final int count;
        final int size;
        final Memory headers;
        private final Memory slots;
        private final Memory names;
        private final Memory iovecs;
        private final ByteBuffer headerView;
        private final ByteBuffer nameView;
        final ByteBuffer data;
        int received;

        Burst(int count, int size) {
            this.count = count;
            this.size = size;
            this.headers = new Memory((long) MMSGHDR * count);
            this.slots = new Memory((long) size * count);
            this.names = new Memory((long) SOCKADDR_NL * count);
            this.iovecs = new Memory((long) IOVEC * count);
            headers.clear();
            names.clear();
            iovecs.clear();
            for (int i = 0; i < count; i++) {
                long iov = (long) IOVEC * i;
                iovecs.setPointer(iov, slots.share((long) size * i));
                setSize(iovecs, iov + P, size);
                long h = (long) MMSGHDR * i;
                headers.setPointer(h, names.share((long) SOCKADDR_NL * i));
                headers.setInt(h + P, SOCKADDR_NL);
                headers.setPointer(h + 2L * P, iovecs.share(iov));
                setSize(headers, h + 3L * P, 1);
            }
            this.headerView = headers.getByteBuffer(0, headers.size()).order(ByteOrder.nativeOrder());
            this.nameView = names.getByteBuffer(0, names.size()).order(ByteOrder.nativeOrder());
            this.data = slots.getByteBuffer(0, slots.size());
        }

        private static void setSize(Memory m, long offset, long value) {
            if (Native.SIZE_T_SIZE == 8) {
                m.setLong(offset, value);
            } else {
                m.setInt(offset, (int) value);
            }
        }

        /** The kernel wrote back each name's length: make room for a whole one again. */
        void resetNameLengths(int n) {
            for (int i = 0; i < n; i++) {
                headerView.putInt(i * MMSGHDR + P, SOCKADDR_NL);
            }
        }

        long length(int i) {
            return Integer.toUnsignedLong(headerView.getInt(i * MMSGHDR + 7 * P));
        }

        int senderPort(int i) {
            return nameView.getInt(i * SOCKADDR_NL + 4);
        }
    }

    /**
     * Whether a datagram waits to be received: a peek that neither blocks nor takes it.
     *
     * @throws KernelException a pending socket error (ENOBUFS after an overflow), which the peek has taken off the
     *     socket
     */
    public boolean hasQueued() throws KernelException {
        fromLength[0] = SOCKADDR_NL;
        long n = DirectIo.recvfrom(
                fd, receiveBuffer, 0, LibC.MSG_PEEK | LibC.MSG_DONTWAIT | LibC.MSG_TRUNC, from, fromLength);
        if (n >= 0) {
            return true;
        }
        int errno = LibC.errno();
        if (errno == LinuxErrno.EAGAIN) {
            return false;
        }
        throw new KernelException("recvfrom(netlink, MSG_PEEK)", errno);
    }

    /** Datagrams dropped because they came from a process, not the kernel. */
    public long foreignDatagrams() {
        return foreignDatagrams;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            LibC.c().close(fd);
        }
    }
}
