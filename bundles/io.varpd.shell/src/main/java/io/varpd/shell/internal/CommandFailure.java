// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.shell.internal;

/**
 * Why a command could not do what it was asked: bad usage or a refused operation. The message is one sentence naming
 * what was wrong, without the command name (the caller adds it, as dladm does).
 */
final class CommandFailure extends Exception {
    private static final long serialVersionUID = 1L;

    CommandFailure(String message) {
        super(message);
    }
}
