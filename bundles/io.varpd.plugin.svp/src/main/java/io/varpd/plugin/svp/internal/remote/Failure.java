// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal.remote;

import io.varpd.api.Errno;
import java.util.Objects;

/**
 * Why a query got no answer from the server, as the plugin hands it to core with {@code Reply.fail}:
 * {@link Errno#EHOSTUNREACH} when no connection could carry it (refused, unreachable, not connected, reset) or
 * {@link Errno#ETIME} when the server did not answer in time. The reason is a sentence naming the server and the error,
 * shown by the diagnostic lookup.
 */
public record Failure(Errno errno, String reason) {
    public Failure {
        Objects.requireNonNull(errno, "errno");
        Objects.requireNonNull(reason, "reason");
    }

    static Failure unreachable(String reason) {
        return new Failure(Errno.EHOSTUNREACH, reason);
    }

    static Failure timedOut(String reason) {
        return new Failure(Errno.ETIME, reason);
    }
}
