// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal.protocol;

import java.nio.ByteBuffer;

/** PONG (no body), portolan's answer to PING. The client never asks for one. */
public record Pong() implements SvpMessage {
    @Override
    public SvpOp op() {
        return SvpOp.PONG;
    }

    @Override
    public int bodySize() {
        return 0;
    }

    @Override
    public void writeBody(ByteBuffer out) {
        // no body
    }
}
