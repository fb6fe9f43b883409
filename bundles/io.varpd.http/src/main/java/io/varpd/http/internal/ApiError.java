// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.http.internal;

import io.varpd.api.Errno;
import io.varpd.api.VarpdException;
import java.util.Objects;

/**
 * A request the API refuses, with everything the answer needs: the HTTP status, the errno name for the {@code error}
 * field, a sentence for the {@code message} field and, for 405, the methods the route allows.
 */
final class ApiError extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final Errno errno;
    private final String allow;

    ApiError(int status, Errno errno, String message) {
        this(status, errno, message, null);
    }

    private ApiError(int status, Errno errno, String message, String allow) {
        super(message);
        this.status = status;
        this.errno = Objects.requireNonNull(errno, "errno");
        this.allow = allow;
    }

    /** 400 EINVAL: the request itself (path part, body, field) is wrong. */
    static ApiError badRequest(String message) {
        return new ApiError(400, Errno.EINVAL, message);
    }

    /** 405 ENOTSUP with the Allow header value. */
    static ApiError methodNotAllowed(String method, String path, String allow) {
        return new ApiError(
                405, Errno.ENOTSUP, "method " + method + " is not allowed on " + path + "; allowed: " + allow, allow);
    }

    /** The answer to a VarpdException from core, with its errno's status. */
    static ApiError from(VarpdException e) {
        return new ApiError(ErrnoStatus.of(e.errno()), e.errno(), e.getMessage());
    }

    /**
     * The answer to a VarpdException from a create or a change of an overlay that exists, where errors are about the
     * request's values ({@link ErrnoStatus#ofChange}).
     */
    static ApiError fromChange(VarpdException e) {
        return new ApiError(ErrnoStatus.ofChange(e.errno()), e.errno(), e.getMessage());
    }

    int status() {
        return status;
    }

    Errno errno() {
        return errno;
    }

    /** The Allow header value of a 405, else null. */
    String allow() {
        return allow;
    }
}
