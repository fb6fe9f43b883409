// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.api;

/**
 * The error codes varpd reports, named and numbered as on illumos so that messages read like the original's.
 * {@link #describe()} gives the short strerror-style text.
 *
 * <p>1.1 adds {@link #EHOSTUNREACH}, so "the server is unreachable" is no longer told as "not found".
 */
public enum Errno {
    EPERM(1, "operation not permitted"),
    ENOENT(2, "no such entry"),
    E2BIG(7, "argument list too long"),
    EAGAIN(11, "resource temporarily unavailable"),
    ENOMEM(12, "not enough space"),
    EBUSY(16, "device busy"),
    EEXIST(17, "already exists"),
    ENXIO(6, "no such device or address"),
    EINVAL(22, "invalid argument"),
    ENOTSUP(48, "operation not supported"),
    ETIME(62, "timer expired"),
    EOVERFLOW(79, "value too large for defined data type"),
    EIO(5, "I/O error"),
    /** A server the answer depends on cannot be reached (since 1.1). */
    EHOSTUNREACH(148, "no route to host");

    private final int code;
    private final String text;

    Errno(int code, String text) {
        this.code = code;
        this.text = text;
    }

    /** The illumos errno number. */
    public int code() {
        return code;
    }

    /** The strerror-style description, e.g. "no such entry". */
    public String describe() {
        return text;
    }
}
