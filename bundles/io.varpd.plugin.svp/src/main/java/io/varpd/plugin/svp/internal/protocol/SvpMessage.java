// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal.protocol;

import java.nio.ByteBuffer;

/**
 * One SVP v1 message body with its op. Every message writes itself in network byte order; the header around it (and its
 * CRC) is {@link SvpCodec}'s job.
 */
public sealed interface SvpMessage permits Ping, Pong, ClientRequest, SvpReply {
    /** The op this body travels under. */
    SvpOp op();

    /** The body length in bytes ({@code svp_size}). */
    int bodySize();

    /** Writes exactly {@link #bodySize()} bytes at the position of {@code out} (a big-endian buffer). */
    void writeBody(ByteBuffer out);
}
