// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.socket;

import java.io.Closeable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * An {@code AF_PACKET} raw socket that only sends: whole Ethernet frames, written out through a device by ifindex.
 * Opened with protocol 0, it receives nothing. Used to announce resolved addresses into a bridge and to resend frames
 * through the vxlan. Thread-safe (each send is one system call with its own address).
 */
public final class PacketSender implements Closeable {
    private static final int SOCKADDR_LL = 20;
    private static final int ETHERNET_HEADER = 14;

    private final int fd;
    private volatile boolean closed;

    private PacketSender(int fd) {
        this.fd = fd;
    }

    /** Opens the socket in the calling thread's namespace (needs CAP_NET_RAW). */
    public static PacketSender open() throws KernelException {
        int fd = LibC.c().socket(LibC.AF_PACKET, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw new KernelException("socket(AF_PACKET)", LibC.errno());
        }
        return new PacketSender(fd);
    }

    /** Sends {@code frame} (from its Ethernet header on) out through device {@code ifindex}. */
    public void send(int ifindex, byte[] frame) throws KernelException {
        if (frame.length < ETHERNET_HEADER) {
            throw new KernelException(
                    "sendto(AF_PACKET): a frame of " + frame.length + " bytes has no Ethernet header",
                    LinuxErrno.EINVAL);
        }
        if (closed) {
            throw new KernelException("sendto(AF_PACKET): closed", LinuxErrno.EBADF);
        }
        byte[] addr = new byte[SOCKADDR_LL];
        ByteBuffer b = ByteBuffer.wrap(addr).order(ByteOrder.nativeOrder());
        b.putShort(0, (short) LibC.AF_PACKET);
        addr[2] = frame[12]; // sll_protocol: the ethertype, already in network order
        addr[3] = frame[13];
        b.putInt(4, ifindex);
        addr[11] = 6; // sll_halen
        System.arraycopy(frame, 0, addr, 12, 6); // sll_addr: the destination MAC
        long n = DirectIo.sendto(fd, frame, frame.length, 0, addr, addr.length);
        if (n < 0) {
            throw new KernelException("sendto(AF_PACKET, ifindex " + ifindex + ")", LibC.errno());
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            LibC.c().close(fd);
        }
    }
}
