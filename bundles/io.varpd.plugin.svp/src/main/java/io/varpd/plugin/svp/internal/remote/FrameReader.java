// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal.remote;

import io.varpd.plugin.svp.internal.protocol.SvpCodec;
import io.varpd.plugin.svp.internal.protocol.SvpHeader;
import io.varpd.plugin.svp.internal.protocol.SvpMessage;
import io.varpd.plugin.svp.internal.protocol.SvpOp;
import io.varpd.plugin.svp.internal.protocol.SvpProtocolException;
import io.varpd.plugin.svp.internal.protocol.SvpReply;
import java.nio.ByteBuffer;
import java.util.function.BiConsumer;
import java.util.function.IntFunction;

/**
 * Cuts the byte stream of one connection into acks (docs/architecture.md#the-svp-client): frames may arrive split
 * across reads, and one read may hold several. Each header is judged as soon as its 16 bytes are in, before its body is
 * awaited: version 1; an ack op (VL2_ACK, VL3_ACK, LOG_ACK, LOG_RM_ACK); an id that a query on this connection is
 * awaiting; the op answering that query's op (the original did not cross-check this); a size that query accepts (exact
 * for the fixed acks, 4 to count + 4 for LOG_ACK); a frame that fits the connection's read buffer, since a frame that
 * cannot be whole in the buffer can never be completed (a LOG_REQ count above the buffer would otherwise invite one,
 * and the connection would spin on a full buffer until its query timed out). Then the body is awaited and the CRC
 * checked. Any violation is an {@link SvpProtocolException}, after which the stream cannot be trusted (the connection
 * resets and makes a new reader).
 */
final class FrameReader {
    private final int maxFrameSize;
    private SvpHeader header;
    private Query query;

    /** @param maxFrameSize the largest frame, header included, the connection can hold in its read buffer */
    FrameReader(int maxFrameSize) {
        if (maxFrameSize < SvpHeader.SIZE) {
            throw new IllegalArgumentException(
                    "a read buffer of " + maxFrameSize + " bytes cannot hold a " + SvpHeader.SIZE + "-byte header");
        }
        this.maxFrameSize = maxFrameSize;
    }

    /**
     * Consumes every complete frame in {@code in} (a buffer in read mode), handing each with its query to
     * {@code onAck}; leaves an incomplete frame's bytes in {@code in} (a header already judged is remembered).
     *
     * @param awaiting the query with the given id on this connection, or null; it must be READING (fully written) to be
     *     answered
     */
    void read(ByteBuffer in, IntFunction<Query> awaiting, BiConsumer<Query, SvpReply> onAck)
            throws SvpProtocolException {
        while (true) {
            if (header == null) {
                if (in.remaining() < SvpHeader.SIZE) {
                    return;
                }
                SvpHeader h = SvpCodec.readHeader(in);
                SvpOp op = SvpCodec.checkHeader(h);
                if (op != SvpOp.VL2_ACK && op != SvpOp.VL3_ACK && op != SvpOp.LOG_ACK && op != SvpOp.LOG_RM_ACK) {
                    throw new SvpProtocolException(
                            "the server sent " + op + "; allowed: VL2_ACK, VL3_ACK, LOG_ACK," + " LOG_RM_ACK");
                }
                Query q = awaiting.apply(h.id());
                if (q == null || q.state != Query.State.READING) {
                    throw new SvpProtocolException("the server sent " + op + " for id "
                            + Integer.toUnsignedString(h.id()) + ", which no query on this connection is awaiting");
                }
                if (op != q.request.replyOp()) {
                    throw new SvpProtocolException(
                            "the server answered " + q + " with " + op + "; allowed: " + q.request.replyOp());
                }
                if (!q.request.acceptsReplySize(h.unsignedSize())) {
                    throw new SvpProtocolException("the server answered " + q + " with a " + h.unsignedSize() + "-byte "
                            + op + ", which the request does not allow; allowed: " + q.request.acceptedReplySizes());
                }
                if (SvpHeader.SIZE + h.unsignedSize() > maxFrameSize) {
                    throw new SvpProtocolException("the server answered " + q + " with a " + h.unsignedSize()
                            + "-byte " + op + ", which a connection cannot buffer; allowed: at most "
                            + (maxFrameSize - SvpHeader.SIZE) + " bytes");
                }
                header = h;
                query = q;
            }
            int size = header.size();
            if (in.remaining() < size) {
                return;
            }
            ByteBuffer body = in.slice(in.position(), size);
            in.position(in.position() + size);
            SvpMessage m = SvpCodec.decodeBody(header, body);
            Query q = query;
            header = null;
            query = null;
            onAck.accept(q, (SvpReply) m);
        }
    }

    /** The size of the frame being read (header + body), 0 between frames: a read buffer must hold it. */
    int pendingFrameSize() {
        return header == null ? 0 : SvpHeader.SIZE + header.size();
    }
}
