// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.shell.internal;

/**
 * Thrown by {@code exit} in the varpd runtime's terminal shell (its {@code etc/gosh_profile} loads this class from this
 * bundle) to end the Gogo console the quiet way.
 *
 * <p>Gogo's console (org.apache.felix.gogo.shell 1.1) leaves its loop without a trace only at end of input; for any
 * other exception it prints a complaint. The one exception it takes as "the session is over" is an
 * {@link IllegalStateException} whose message is {@code session is closed}: it then prints {@code "gosh: " + exception}
 * and returns, after which gosh stops the framework exactly as at end of input. This is that exception, with a
 * {@link #toString()} that reads as what happened ({@code gosh: exit}) instead of a Java class name. It is never thrown
 * anywhere else, so it carries no stack trace.
 */
public final class ShellExit extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** The message Gogo's console recognises (compared with equals, so it must be exactly this). */
    static final String SESSION_CLOSED = "session is closed";

    /** Public, for Gogo's {@code new}. */
    public ShellExit() {
        super(SESSION_CLOSED);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }

    @Override
    public String toString() {
        return "exit";
    }
}
