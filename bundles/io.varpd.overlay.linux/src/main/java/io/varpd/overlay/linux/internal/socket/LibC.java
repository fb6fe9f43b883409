// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.socket;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * The few libc calls the bridge needs, bound through JNA. Every call returns -1 and leaves errno
 * ({@link Native#getLastError()}) on failure; callers check. Socket addresses are passed as byte arrays laid out by
 * hand ({@code sockaddr_nl}: 12 bytes, {@code sockaddr_ll}: 20 bytes).
 */
interface LibC extends Library {
    int AF_PACKET = 17;
    int SOCK_RAW = 3;
    int SOCK_CLOEXEC = 0x80000;
    int SOL_SOCKET = 1;
    int SO_RCVBUF = 8;
    int SO_RCVTIMEO = 20;
    int SO_RCVBUFFORCE = 33;
    int SO_ATTACH_FILTER = 26;
    int MSG_PEEK = 0x2;
    int MSG_TRUNC = 0x20;
    int MSG_DONTWAIT = 0x40;
    int MSG_WAITFORONE = 0x10000;
    int O_RDONLY = 0;
    int O_CLOEXEC = 0x80000;
    int CLONE_NEWNET = 0x40000000;

    int socket(int domain, int type, int protocol);

    int bind(int fd, byte[] address, int length);

    int setsockopt(int fd, int level, int name, byte[] value, int length);

    int setsockopt(int fd, int level, int name, Pointer value, int length);

    int getsockname(int fd, byte[] address, int[] length);

    NativeLong send(int fd, byte[] buf, NativeLong length, int flags);

    NativeLong sendto(int fd, byte[] buf, NativeLong length, int flags, byte[] address, int addressLength);

    NativeLong recvfrom(int fd, Pointer buf, NativeLong length, int flags, byte[] from, int[] fromLength);

    int close(int fd);

    int open(String path, int flags);

    int setns(int fd, int nstype);

    /** Loaded on first use, so classes that never touch a socket do not need the native library. */
    final class Holder {
        static final LibC C = Native.load("c", LibC.class);

        private Holder() {}
    }

    static LibC c() {
        return Holder.C;
    }

    static int errno() {
        return Native.getLastError();
    }
}
