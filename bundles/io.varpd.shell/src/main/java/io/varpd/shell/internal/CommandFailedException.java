// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.shell.internal;

/**
 * A {@code varpd:} command that did not do what it was asked: thrown into the shell so that the command session fails
 * (Karaf's {@code bin/client -b} and {@code ssh host 'cmd'} exit 1, a Gogo script stops), with dladm's line as the
 * message: {@code show-overlay: failed to find vxlan9: ENOENT: no overlay named 'vxlan9'}.
 *
 * <p>It carries no stack trace: it reports an operator's mistake or core's refusal, never a bug, so there is nothing
 * below the message worth printing (Karaf prints a trace only when asked to).
 */
public final class CommandFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    CommandFailedException(String message) {
        super(message, null, false, false);
    }
}
