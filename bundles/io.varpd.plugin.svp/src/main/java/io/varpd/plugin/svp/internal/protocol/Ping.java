// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal.protocol;

import java.nio.ByteBuffer;

/**
 * PING (no body). Part of the codec so every v1 message of the golden transcripts can be checked; the client never
 * sends it (the illumos client does not either, and treats PONG as an error).
 */
public record Ping() implements SvpMessage {
    @Override
    public SvpOp op() {
        return SvpOp.PING;
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
