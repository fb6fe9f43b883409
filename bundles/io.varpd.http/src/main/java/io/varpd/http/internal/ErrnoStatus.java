// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.http.internal;

import io.varpd.api.Errno;

/**
 * The HTTP status of each errno varpd reports.
 *
 * <p>ENOENT is 404; EEXIST, and the "not in a state that allows this" errors EAGAIN (the instance's plugin is absent),
 * ENXIO (the instance is not active) and EBUSY, are 409 Conflict: the request is fine and may succeed later, once the
 * instance is ACTIVE. 503 was rejected for them because it says the whole service is down, which it is not. EINVAL,
 * EOVERFLOW, E2BIG and ENOTSUP (the plugin cannot do this, e.g. set a target on a POINT overlay) are 400: the request
 * must change. EPERM is 403 (a read-only property). ETIME is 504 Gateway Timeout: the request was fine, but what the
 * API waited for did not answer in time, either a plugin asked for a diagnostic lookup (an svp server that is slow or
 * gone) or core applying a configuration change (which may still take effect; the instance's status will tell). A 500
 * would call it a bug, which it is not. EHOSTUNREACH is 503 Service Unavailable: what the answer depends on (an svp
 * mapping server) cannot be reached now; the request may succeed later. Everything else (EIO, ENOMEM) is 500.
 *
 * <p>In a create or a change ({@link #ofChange}), ENOENT and EAGAIN describe the request's values, not the path or the
 * overlay's state: a property names a file that does not exist, or a required property is missing. They are 400 there,
 * so that 404 keeps meaning "no such overlay or path".
 */
final class ErrnoStatus {
    private ErrnoStatus() {}

    /** The status of an error answered to a create or a change of an existing overlay. */
    static int ofChange(Errno errno) {
        return errno == Errno.ENOENT || errno == Errno.EAGAIN ? 400 : of(errno);
    }

    static int of(Errno errno) {
        switch (errno) {
            case ENOENT:
                return 404;
            case EEXIST:
            case EAGAIN:
            case ENXIO:
            case EBUSY:
                return 409;
            case EINVAL:
            case EOVERFLOW:
            case E2BIG:
            case ENOTSUP:
                return 400;
            case EPERM:
                return 403;
            case ETIME:
                return 504;
            case EHOSTUNREACH:
                return 503;
            default:
                return 500;
        }
    }
}
