// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal.protocol;

/**
 * A request the client sends: only the ops portolan implements. PING (answered by portolan but never needed), BULK and
 * SHOOTDOWN (crash portolan) are deliberately not requests, so the client cannot send them.
 */
public sealed interface ClientRequest extends SvpMessage permits Vl2Request, Vl3Request, LogRequest, LogRemove {
    /** The op of the ack that answers this request (request op + 1). */
    default SvpOp replyOp() {
        return SvpOp.of(op().code() + 1);
    }

    /**
     * Whether an ack body of {@code size} bytes may answer this request: the exact size for the fixed-size acks,
     * {@code 4 <= size <= count + 4} for LOG_ACK.
     */
    default boolean acceptsReplySize(long size) {
        return size == SvpCodec.fixedBodySize(replyOp());
    }

    /** The ack body sizes {@link #acceptsReplySize} takes, for error messages. */
    default String acceptedReplySizes() {
        return "exactly " + SvpCodec.fixedBodySize(replyOp()) + " bytes";
    }
}
