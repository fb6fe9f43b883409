// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal.protocol;

import java.nio.ByteBuffer;

/** LOG_RM_ACK (4 bytes): the status of a LOG_RM. */
public record LogRemoveAck(int status) implements SvpReply {
    public static final int SIZE = 4;

    @Override
    public SvpOp op() {
        return SvpOp.LOG_RM_ACK;
    }

    @Override
    public int bodySize() {
        return SIZE;
    }

    @Override
    public void writeBody(ByteBuffer out) {
        out.putInt(status);
    }

    static LogRemoveAck decode(ByteBuffer in) {
        return new LogRemoveAck(in.getInt());
    }
}
