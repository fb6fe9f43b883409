// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.api;

import java.util.Objects;

/**
 * The one checked exception of varpd: an {@link Errno} plus a sentence a person can act on, naming what was wrong and
 * what is allowed (for example {@code "direct/dest_port: 70000 is out of range; allowed: 1-65535"}).
 */
public class VarpdException extends Exception {
    private static final long serialVersionUID = 1L;

    private final Errno errno;

    public VarpdException(Errno errno, String message) {
        super(message);
        this.errno = Objects.requireNonNull(errno, "errno");
    }

    public VarpdException(Errno errno, String message, Throwable cause) {
        super(message, cause);
        this.errno = Objects.requireNonNull(errno, "errno");
    }

    /** The errno-style code. */
    public Errno errno() {
        return errno;
    }

    /** {@code "EINVAL: <message>"}, the form logs and status lines use. */
    @Override
    public String toString() {
        return errno.name() + ": " + getMessage();
    }
}
