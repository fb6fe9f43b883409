// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.netlink;

/**
 * A message or attribute whose lengths do not add up. Raised only inside the codec; whoever reads from a socket catches
 * it, counts it and skips the message.
 */
public final class MalformedMessageException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedMessageException(String message) {
        super(message);
    }
}
