// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal.protocol;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * LOG_ACK (4 + records): a status, then back-to-back log records filling the rest of the body.
 *
 * <p>The records are kept as the bytes that came in and parsed by {@link #records()}: a batch with a truncated or
 * unknown record is refused as a whole (docs/architecture.md#the-svp-client) without that being a fault of the
 * connection, whose framing was fine.
 */
public final class LogAck implements SvpReply {
    /** The status word alone. */
    public static final int MIN_SIZE = 4;

    private final int status;
    private final byte[] entries;

    private LogAck(int status, byte[] entries) {
        this.status = status;
        this.entries = entries;
    }

    /** An ack carrying {@code records}, encoded back to back. */
    public static LogAck of(int status, List<? extends LogRecord> records) {
        int size = records.stream().mapToInt(LogRecord::size).sum();
        ByteBuffer b = ByteBuffer.allocate(size);
        records.forEach(r -> r.write(b));
        return new LogAck(status, b.array());
    }

    /** An ack whose record area is exactly {@code entries} (which may be malformed). */
    public static LogAck ofRawEntries(int status, byte[] entries) {
        return new LogAck(status, entries.clone());
    }

    @Override
    public int status() {
        return status;
    }

    /** The record area as received (a copy). */
    public byte[] rawEntries() {
        return entries.clone();
    }

    /**
     * The records, in order.
     *
     * @throws SvpProtocolException for a truncated record or an unknown record type, naming the offset
     */
    public List<LogRecord> records() throws SvpProtocolException {
        ByteBuffer in = ByteBuffer.wrap(entries);
        List<LogRecord> out = new ArrayList<>();
        while (in.hasRemaining()) {
            int at = in.position();
            if (in.remaining() < 4) {
                throw new SvpProtocolException("LOG_ACK record at offset " + at + " is truncated: " + in.remaining()
                        + " bytes left, a record type needs 4");
            }
            int type = in.getInt();
            int need = type == LogRecord.TYPE_VL2
                    ? Vl2LogRecord.SIZE
                    : type == LogRecord.TYPE_VL3 ? Vl3LogRecord.SIZE : -1;
            if (need < 0) {
                throw new SvpProtocolException("LOG_ACK record at offset " + at + " has unknown type "
                        + Integer.toUnsignedString(type) + "; allowed: 1 (VL2), 2 (VL3)");
            }
            if (in.remaining() < need - 4) {
                throw new SvpProtocolException("LOG_ACK record at offset " + at + " of type " + type + " is truncated: "
                        + (in.remaining() + 4) + " bytes left, it needs " + need);
            }
            out.add(type == LogRecord.TYPE_VL2 ? Vl2LogRecord.decodeAfterType(in) : Vl3LogRecord.decodeAfterType(in));
        }
        return out;
    }

    @Override
    public SvpOp op() {
        return SvpOp.LOG_ACK;
    }

    @Override
    public int bodySize() {
        return MIN_SIZE + entries.length;
    }

    @Override
    public void writeBody(ByteBuffer out) {
        out.putInt(status);
        out.put(entries);
    }

    static LogAck decode(ByteBuffer in) {
        int status = in.getInt();
        byte[] entries = new byte[in.remaining()];
        in.get(entries);
        return new LogAck(status, entries);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogAck a && a.status == status && Arrays.equals(a.entries, entries);
    }

    @Override
    public int hashCode() {
        return 31 * status + Arrays.hashCode(entries);
    }

    @Override
    public String toString() {
        return "LogAck[status=" + SvpStatus.name(status) + ", " + entries.length + " bytes of records]";
    }
}
