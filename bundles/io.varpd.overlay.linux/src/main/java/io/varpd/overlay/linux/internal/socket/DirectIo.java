// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.socket;

import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * The calls every miss makes several times, {@code send}, {@code sendto}, {@code recvfrom} and {@code recvmmsg}, bound
 * by JNA's direct mapping: the arguments go to native code without the proxy, reflection and per-call conversion
 * objects of {@link LibC}'s interface mapping. That interface path ran a few dozen Java methods per system call, and on
 * a two-core machine their compilation, long after start, stole the CPU from the miss being answered. Where a C
 * {@code long} is 64 bits (LP64: x86-64, aarch64) {@code size_t} and {@code ssize_t} are bound as Java {@code long}: a
 * {@link NativeLong} result is made by reflection on every call, which was a sixth of a burst's Java time. errno is
 * read as for {@link LibC} ({@link LibC#errno()}).
 */
final class DirectIo {
    private static final boolean LP64 = Native.LONG_SIZE == 8;

    private DirectIo() {}

    static long send(int fd, byte[] buf, int length, int flags) {
        return LP64
                ? Lp64.send(fd, buf, length, flags)
                : Ilp32.send(fd, buf, new NativeLong(length), flags).longValue();
    }

    static long sendto(int fd, byte[] buf, int length, int flags, byte[] address, int addressLength) {
        return LP64
                ? Lp64.sendto(fd, buf, length, flags, address, addressLength)
                : Ilp32.sendto(fd, buf, new NativeLong(length), flags, address, addressLength)
                        .longValue();
    }

    static long recvfrom(int fd, Pointer buf, int length, int flags, byte[] from, int[] fromLength) {
        return LP64
                ? Lp64.recvfrom(fd, buf, length, flags, from, fromLength)
                : Ilp32.recvfrom(fd, buf, new NativeLong(length), flags, from, fromLength)
                        .longValue();
    }

    /**
     * {@code recvmmsg(fd, vec, vlen, flags, NULL)}: its arguments and result are {@code int}s and pointers on every
     * ABI, so one binding serves both.
     */
    static int recvmmsg(int fd, Pointer vec, int vlen, int flags) {
        return Any.recvmmsg(fd, vec, vlen, flags, Pointer.NULL);
    }

    /** Bound on every ABI. */
    private static final class Any {
        static {
            Native.register(Any.class, "c");
        }

        static native int recvmmsg(int fd, Pointer vec, int vlen, int flags, Pointer timeout);
    }

    /** Bound only where a C long is 64 bits. */
    private static final class Lp64 {
        static {
            Native.register(Lp64.class, "c");
        }

        static native long send(int fd, byte[] buf, long length, int flags);

        static native long sendto(int fd, byte[] buf, long length, int flags, byte[] address, int addressLength);

        static native long recvfrom(int fd, Pointer buf, long length, int flags, byte[] from, int[] fromLength);
    }

    /** Bound only where a C long is 32 bits. */
    private static final class Ilp32 {
        static {
            Native.register(Ilp32.class, "c");
        }

        static native NativeLong send(int fd, byte[] buf, NativeLong length, int flags);

        static native NativeLong sendto(
                int fd, byte[] buf, NativeLong length, int flags, byte[] address, int addressLength);

        static native NativeLong recvfrom(
                int fd, Pointer buf, NativeLong length, int flags, byte[] from, int[] fromLength);
    }
}
