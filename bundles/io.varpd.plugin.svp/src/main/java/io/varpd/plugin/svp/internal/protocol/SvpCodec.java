// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32;

/**
 * Encodes and strictly decodes SVP v1 frames: a 16-byte {@link SvpHeader} and a body.
 *
 * <p>The CRC is the standard CRC-32 ({@link CRC32}) of the 16 header bytes with the CRC field zero, then the body,
 * stored big-endian at offset 12. Decoding refuses, with an {@link SvpProtocolException} naming what was wrong: a
 * version other than 1; an op that is not v1 or that no peer implements (UNKNOWN, BULK_REQ/ACK, SHOOTDOWN); a size
 * other than the op's (VL2_REQ 12, VL2_ACK 20, VL3_REQ 24, VL3_ACK 28, LOG_REQ 20, LOG_RM_ACK 4, PING/PONG 0; LOG_ACK
 * at least 4; LOG_RM 4 + 16 per id); a CRC mismatch. The size bound of a LOG_ACK against the count asked for belongs to
 * the request ({@link ClientRequest#acceptsReplySize}).
 */
public final class SvpCodec {
    /** {@code SVP_CURRENT_VERSION}. */
    public static final int VERSION = 1;
    /** A sanity bound for the variable-size bodies (LOG_ACK, LOG_RM): portolan has none. */
    public static final int MAX_VARIABLE_BODY = 1 << 20;

    private SvpCodec() {}

    /** The frame size of {@code message}: header plus body. */
    public static int frameSize(SvpMessage message) {
        return SvpHeader.SIZE + message.bodySize();
    }

    /** The whole frame of {@code message} under request id {@code id}. */
    public static byte[] encode(int id, SvpMessage message) {
        ByteBuffer b = ByteBuffer.allocate(frameSize(message));
        encode(id, message, b);
        return b.array();
    }

    /**
     * Writes the frame of {@code message} at the position of {@code out}, which must have {@link #frameSize} bytes
     * left; the position ends after the frame.
     */
    public static void encode(int id, SvpMessage message, ByteBuffer out) {
        if (out.order() != ByteOrder.BIG_ENDIAN) {
            throw new IllegalArgumentException("SVP is big-endian; the buffer is " + out.order());
        }
        int start = out.position();
        int size = message.bodySize();
        writeHeader(out, message.op().code(), size, id, 0);
        message.writeBody(out);
        if (out.position() - start != SvpHeader.SIZE + size) {
            throw new IllegalStateException(message.op() + " wrote " + (out.position() - start - SvpHeader.SIZE)
                    + " body bytes but declared " + size);
        }
        CRC32 crc = new CRC32();
        ByteBuffer frame = out.duplicate();
        frame.position(start).limit(out.position());
        crc.update(frame);
        out.putInt(start + 12, (int) crc.getValue());
    }

    private static void writeHeader(ByteBuffer out, int op, int size, int id, int crc) {
        out.putShort((short) VERSION);
        out.putShort((short) op);
        out.putInt(size);
        // The id is opaque to the server; written little-endian as illumos does on x86.
        out.putInt(Integer.reverseBytes(id));
        out.putInt(crc);
    }

    /** Reads the 16 header bytes at the position of {@code in} (advancing it) without judging them. */
    public static SvpHeader readHeader(ByteBuffer in) {
        int version = in.getShort() & 0xFFFF;
        int op = in.getShort() & 0xFFFF;
        int size = in.getInt();
        int id = Integer.reverseBytes(in.getInt());
        int crc = in.getInt();
        return new SvpHeader(version, op, size, id, crc);
    }

    /**
     * Checks version, op and size of a header before its body is read, so a bad header never makes anyone wait for (or
     * allocate) a body.
     *
     * @return the op
     */
    public static SvpOp checkHeader(SvpHeader h) throws SvpProtocolException {
        if (h.version() != VERSION) {
            throw new SvpProtocolException("version " + h.version() + " in " + h + "; allowed: " + VERSION);
        }
        SvpOp op = SvpOp.of(h.op());
        if (op == null
                || op == SvpOp.UNKNOWN
                || op == SvpOp.BULK_REQ
                || op == SvpOp.BULK_ACK
                || op == SvpOp.SHOOTDOWN) {
            throw new SvpProtocolException(SvpOp.describe(h.op()) + " is not supported; allowed: PING, PONG,"
                    + " VL2_REQ/ACK, VL3_REQ/ACK, LOG_REQ/ACK, LOG_RM/ACK");
        }
        long size = h.unsignedSize();
        int fixed = fixedBodySize(op);
        if (fixed >= 0) {
            if (size != fixed) {
                throw new SvpProtocolException(op + " with a " + size + "-byte body; allowed: exactly " + fixed);
            }
        } else if (size < 4 || size > MAX_VARIABLE_BODY) {
            throw new SvpProtocolException(op + " with a " + size + "-byte body; allowed: 4-" + MAX_VARIABLE_BODY);
        } else if (op == SvpOp.LOG_RM && (size - 4) % 16 != 0) {
            throw new SvpProtocolException("LOG_RM with a " + size + "-byte body; allowed: 4 + 16 per id");
        }
        return op;
    }

    /** The body size of a fixed-size op, or -1 for LOG_ACK and LOG_RM (and unsupported ops). */
    public static int fixedBodySize(SvpOp op) {
        switch (op) {
            case PING:
            case PONG:
                return 0;
            case VL2_REQ:
                return Vl2Request.SIZE;
            case VL2_ACK:
                return Vl2Ack.SIZE;
            case VL3_REQ:
                return Vl3Request.SIZE;
            case VL3_ACK:
                return Vl3Ack.SIZE;
            case LOG_REQ:
                return LogRequest.SIZE;
            case LOG_RM_ACK:
                return LogRemoveAck.SIZE;
            default:
                return -1;
        }
    }

    /** The CRC a frame with header {@code h} and body {@code body} (its remaining bytes) must carry. */
    public static int crcOf(SvpHeader h, ByteBuffer body) {
        ByteBuffer header = ByteBuffer.allocate(SvpHeader.SIZE);
        writeHeader(header, h.op(), h.size(), h.id(), 0);
        CRC32 crc = new CRC32();
        crc.update(header.array());
        crc.update(body.duplicate());
        return (int) crc.getValue();
    }

    /**
     * Checks and decodes the body of a frame whose header {@code h} was read: header rules as {@link #checkHeader},
     * then {@code body} must hold exactly the size, then the CRC must match. Consumes {@code body}.
     */
    public static SvpMessage decodeBody(SvpHeader h, ByteBuffer body) throws SvpProtocolException {
        SvpOp op = checkHeader(h);
        if (body.remaining() != h.unsignedSize()) {
            throw new SvpProtocolException(
                    op + " declares " + h.unsignedSize() + " body bytes but " + body.remaining() + " were given");
        }
        int crc = crcOf(h, body);
        if (crc != h.crc()) {
            throw new SvpProtocolException(String.format("CRC mismatch in %s: computed %08x", h, crc));
        }
        ByteBuffer in = body.slice().order(ByteOrder.BIG_ENDIAN);
        body.position(body.limit());
        switch (op) {
            case PING:
                return new Ping();
            case PONG:
                return new Pong();
            case VL2_REQ:
                return Vl2Request.decode(in);
            case VL2_ACK:
                return Vl2Ack.decode(in);
            case VL3_REQ:
                return Vl3Request.decode(in);
            case VL3_ACK:
                return Vl3Ack.decode(in);
            case LOG_REQ:
                return LogRequest.decode(in);
            case LOG_ACK:
                return LogAck.decode(in);
            case LOG_RM:
                return LogRemove.decode(in);
            case LOG_RM_ACK:
                return LogRemoveAck.decode(in);
            default:
                throw new AssertionError(op);
        }
    }

    /** Decodes one whole frame: exactly a header and its body, all rules checked. */
    public static SvpFrame decode(byte[] frame) throws SvpProtocolException {
        if (frame.length < SvpHeader.SIZE) {
            throw new SvpProtocolException(
                    "a frame of " + frame.length + " bytes; a header alone has " + SvpHeader.SIZE);
        }
        ByteBuffer in = ByteBuffer.wrap(frame);
        SvpHeader h = readHeader(in);
        return new SvpFrame(h, decodeBody(h, in));
    }
}
