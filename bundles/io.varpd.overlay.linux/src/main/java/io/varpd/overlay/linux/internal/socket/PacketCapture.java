// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.socket;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import java.io.Closeable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * An {@code AF_PACKET} raw socket that receives the guests' address resolution: the ARP frames and the ICMPv6 Neighbor
 * Solicitations and Advertisements that any interface of the namespace receives (not those it sends), cut to their
 * first {@link #SNAP} bytes. A kernel filter keeps everything else out, so the socket costs one short filter run per
 * frame and wakes only for those.
 *
 * <p>Why every interface and not the bridge: a socket on a bridge device sees only what the bridge delivers to the
 * host, so never a unicast ARP reply between two guests and, under multicast snooping with a querier, not the
 * solicitations either. A frame received on a bridge port is seen here before the bridge forwards it; the caller keeps
 * those whose port it knows.
 *
 * <p>One thread reads; {@link #close} only marks the socket, and the reader closes it on its way out (a receive timeout
 * lets it notice), so the descriptor is never closed under a blocked read.
 */
public final class PacketCapture implements Closeable {
    /** Bytes kept of each frame: Ethernet, IPv6 and an NA's target address fit well inside. */
    public static final int SNAP = 128;

    private static final int ETH_P_ALL = 0x0003;
    private static final int SOCKADDR_LL = 20;
    private static final int PACKET_OUTGOING = 4;
    private static final int SKF_AD_PKTTYPE = 0xfffff000 + 4;
    private static final int SOL_PACKET = 263;
    private static final int PACKET_IGNORE_OUTGOING = 23;

    private final int fd;
    private final Memory buffer = new Memory(SNAP);
    private final byte[] from = new byte[SOCKADDR_LL];
    private final ByteBuffer fromView = ByteBuffer.wrap(from).order(ByteOrder.nativeOrder());
    private final int[] fromLength = new int[1];
    private volatile boolean open = true;
    private boolean fdClosed;

    private PacketCapture(int fd) {
        this.fd = fd;
    }

    /**
     * Opens the socket in the calling thread's namespace (needs CAP_NET_RAW), filtered, with receives that give up
     * after {@code timeoutMillis}.
     */
    public static PacketCapture open(int timeoutMillis) throws KernelException {
        LibC c = LibC.c();
        int protocol = Short.toUnsignedInt(Short.reverseBytes((short) ETH_P_ALL)); // htons, on any host order
        if (ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN) {
            protocol = ETH_P_ALL;
        }
        int fd = c.socket(LibC.AF_PACKET, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, protocol);
        if (fd < 0) {
            throw new KernelException("socket(AF_PACKET, ETH_P_ALL)", LibC.errno());
        }
        PacketCapture p = new PacketCapture(fd);
        try {
            // Without this the kernel clones every frame the namespace sends for this socket, only
            // for the filter to drop it (Linux 4.20+; older kernels just pay that cost).
            byte[] one = ByteBuffer.allocate(4)
                    .order(ByteOrder.nativeOrder())
                    .putInt(1)
                    .array();
            c.setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, one, one.length);
            p.attach(filter());
            p.timeout(timeoutMillis);
            return p;
        } catch (KernelException e) {
            p.closeNow();
            throw e;
        }
    }

    /**
     * The classic BPF program: ARP (0x0806), or IPv6 (0x86dd) whose next header is ICMPv6 (58) with type 135 (NS) or
     * 136 (NA); not sent by this host (packet type OUTGOING); cut to {@link #SNAP}. An NS or NA behind IPv6 extension
     * headers is not matched (NDP sends none).
     */
    static byte[] filter() {
        final int ldH = 0x28;
        final int ldB = 0x30;
        final int ldW = 0x20;
        final int jeq = 0x15;
        final int ret = 0x06;
        ByteBuffer b = ByteBuffer.allocate(12 * 8).order(ByteOrder.nativeOrder());
        insn(b, ldH, 0, 0, 12); // 0: ethertype
        insn(b, jeq, 6, 0, 0x0806); // 1: ARP -> 8
        insn(b, jeq, 0, 8, 0x86dd); // 2: else IPv6, or drop
        insn(b, ldB, 0, 0, 20); // 3: next header
        insn(b, jeq, 0, 6, 58); // 4: ICMPv6, or drop
        insn(b, ldB, 0, 0, 54); // 5: ICMPv6 type
        insn(b, jeq, 1, 0, 135); // 6: NS -> 8
        insn(b, jeq, 0, 3, 136); // 7: NA, or drop
        insn(b, ldW, 0, 0, SKF_AD_PKTTYPE); // 8
        insn(b, jeq, 1, 0, PACKET_OUTGOING); // 9: sent by us -> drop
        insn(b, ret, 0, 0, SNAP); // 10
        insn(b, ret, 0, 0, 0); // 11
        return b.array();
    }

    private static void insn(ByteBuffer b, int code, int jt, int jf, int k) {
        b.putShort((short) code).put((byte) jt).put((byte) jf).putInt(k);
    }

    private void attach(byte[] program) throws KernelException {
        try (Memory code = new Memory(program.length);
                Memory fprog = new Memory(2L * Native.POINTER_SIZE)) {
            code.write(0, program, 0, program.length);
            fprog.clear();
            fprog.setShort(0, (short) (program.length / 8));
            fprog.setPointer(Native.POINTER_SIZE, code);
            if (LibC.c().setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_ATTACH_FILTER, fprog, (int) fprog.size()) < 0) {
                throw new KernelException("setsockopt(AF_PACKET, SO_ATTACH_FILTER)", LibC.errno());
            }
        }
    }

    private void timeout(int millis) throws KernelException {
        byte[] tv = new byte[2 * Native.LONG_SIZE];
        ByteBuffer b = ByteBuffer.wrap(tv).order(ByteOrder.nativeOrder());
        if (Native.LONG_SIZE == 8) {
            b.putLong(0, millis / 1000).putLong(8, (millis % 1000) * 1000L);
        } else {
            b.putInt(0, millis / 1000).putInt(4, (millis % 1000) * 1000);
        }
        if (LibC.c().setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVTIMEO, tv, tv.length) < 0) {
            throw new KernelException("setsockopt(AF_PACKET, SO_RCVTIMEO)", LibC.errno());
        }
    }

    /** A frame received: its first bytes and the interface it came in on. */
    public record Frame(int ifindex, byte[] bytes, int length) {}

    /**
     * Waits for the next frame, up to the timeout: null on timeout or interruption, and once closed (the socket is then
     * closed by this, the reading thread).
     */
    public Frame receive(byte[] into) throws KernelException {
        if (!open) {
            closeNow();
            return null;
        }
        fromLength[0] = SOCKADDR_LL;
        long n = DirectIo.recvfrom(fd, buffer, (int) Math.min(into.length, SNAP), 0, from, fromLength);
        if (n < 0) {
            int errno = LibC.errno();
            if (errno == LinuxErrno.EAGAIN || errno == LinuxErrno.EINTR) {
                return null;
            }
            throw new KernelException("recvfrom(AF_PACKET)", errno);
        }
        buffer.read(0, into, 0, (int) n);
        return new Frame(fromView.getInt(4), into, (int) n);
    }

    public boolean isOpen() {
        return open;
    }

    /** Marks the socket closed; the reader closes it at its next return. */
    @Override
    public void close() {
        open = false;
    }

    /** Closes the descriptor; only the reading thread, or before any read. */
    public synchronized void closeNow() {
        open = false;
        if (!fdClosed) {
            fdClosed = true;
            LibC.c().close(fd);
        }
    }
}
