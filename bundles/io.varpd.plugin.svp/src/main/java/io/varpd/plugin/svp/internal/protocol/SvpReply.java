// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal.protocol;

/** An ack from the server; its first field is always a status ({@link SvpStatus}). */
public sealed interface SvpReply extends SvpMessage permits Vl2Ack, Vl3Ack, LogAck, LogRemoveAck {
    /** The status code ({@link SvpStatus#OK}, {@link SvpStatus#NOTFOUND}, ...). */
    int status();

    /** Whether the status is OK. */
    default boolean ok() {
        return status() == SvpStatus.OK;
    }
}
