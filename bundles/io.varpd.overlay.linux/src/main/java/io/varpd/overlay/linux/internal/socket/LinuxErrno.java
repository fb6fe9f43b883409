// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.socket;

import io.varpd.api.Errno;
import java.util.Map;

/** Linux errno numbers the bridge meets, their names, and the varpd {@link Errno} each one becomes. */
public final class LinuxErrno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EINTR = 4;
    public static final int ENXIO = 6;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int ENODEV = 19;
    public static final int EINVAL = 22;
    public static final int ERANGE = 34;
    public static final int EMSGSIZE = 90;
    public static final int EOPNOTSUPP = 95;
    public static final int EAFNOSUPPORT = 97;
    public static final int EADDRNOTAVAIL = 99;
    public static final int ENOBUFS = 105;
    public static final int ETIMEDOUT = 110;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(EPERM, "EPERM"),
            Map.entry(ENOENT, "ENOENT"),
            Map.entry(EINTR, "EINTR"),
            Map.entry(ENXIO, "ENXIO"),
            Map.entry(EBADF, "EBADF"),
            Map.entry(EAGAIN, "EAGAIN"),
            Map.entry(ENOMEM, "ENOMEM"),
            Map.entry(EACCES, "EACCES"),
            Map.entry(EBUSY, "EBUSY"),
            Map.entry(EEXIST, "EEXIST"),
            Map.entry(ENODEV, "ENODEV"),
            Map.entry(EINVAL, "EINVAL"),
            Map.entry(ERANGE, "ERANGE"),
            Map.entry(EMSGSIZE, "EMSGSIZE"),
            Map.entry(EOPNOTSUPP, "EOPNOTSUPP"),
            Map.entry(EAFNOSUPPORT, "EAFNOSUPPORT"),
            Map.entry(EADDRNOTAVAIL, "EADDRNOTAVAIL"),
            Map.entry(ENOBUFS, "ENOBUFS"),
            Map.entry(ETIMEDOUT, "ETIMEDOUT"));

    private LinuxErrno() {}

    public static String name(int errno) {
        return NAMES.getOrDefault(errno, "errno " + errno);
    }

    /** The varpd code for a Linux errno; anything without a counterpart is EIO. */
    public static Errno toVarpd(int errno) {
        switch (errno) {
            case EPERM:
            case EACCES:
                return Errno.EPERM;
            case ENOENT:
                return Errno.ENOENT;
            case ENXIO:
            case ENODEV:
                return Errno.ENXIO;
            case EAGAIN:
                return Errno.EAGAIN;
            case ENOMEM:
            case ENOBUFS:
                return Errno.ENOMEM;
            case EBUSY:
                return Errno.EBUSY;
            case EEXIST:
                return Errno.EEXIST;
            case EINVAL:
            case EAFNOSUPPORT:
            case EADDRNOTAVAIL:
                return Errno.EINVAL;
            case ERANGE:
                return Errno.EOVERFLOW;
            case EOPNOTSUPP:
                return Errno.ENOTSUP;
            case ETIMEDOUT:
                return Errno.ETIME;
            default:
                return Errno.EIO;
        }
    }
}
