package io.varpd.overlay.linux.internal.socket;

import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * The two calls every miss makes several times, {@code send} and {@code recvfrom}, bound by JNA's
 * direct mapping: the arguments go to native code without the proxy, reflection and per-call
 * conversion objects of {@link LibC}'s interface mapping. That interface path ran a few dozen Java
 * methods per system call, and on a two-core machine their compilation, long after start, stole
 * the CPU from the miss being answered. errno is read as for {@link LibC} ({@link LibC#errno()}).
 */
final class DirectIo {
    static {
        Native.register(DirectIo.class, "c");
    }

    private DirectIo() {
    }

    static native NativeLong send(int fd, byte[] buf, NativeLong length, int flags);

    static native NativeLong recvfrom(int fd, Pointer buf, NativeLong length, int flags, byte[] from, int[] fromLength);
}
