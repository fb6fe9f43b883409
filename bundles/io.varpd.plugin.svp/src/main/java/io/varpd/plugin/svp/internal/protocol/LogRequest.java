// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal.protocol;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * LOG_REQ (20 bytes): send me up to {@code count} bytes of log records for the compute node whose underlay address is
 * {@code underlayIp}. Layout: count 0:4, ip 4:16.
 *
 * <p>portolan fills up to {@code count} bytes of records and does not count the 4-byte status word, so its LOG_ACK body
 * may be {@code count + 4} bytes: that is what {@link #acceptsReplySize} allows (the original compared against the
 * still byte-swapped count, docs/architecture.md#where-varpd-differs-from-illumos-on-purpose).
 */
public record LogRequest(long count, InetAddress underlayIp) implements ClientRequest {
    public static final int SIZE = 20;
    /** The count the client asks for (the original's 1024-byte log buffer). */
    public static final long DEFAULT_COUNT = 1024;

    public LogRequest {
        Wire.checkU32("count", count);
        Objects.requireNonNull(underlayIp, "underlayIp");
    }

    @Override
    public SvpOp op() {
        return SvpOp.LOG_REQ;
    }

    @Override
    public int bodySize() {
        return SIZE;
    }

    @Override
    public void writeBody(ByteBuffer out) {
        out.putInt((int) count);
        Wire.putIp(out, underlayIp);
    }

    @Override
    public boolean acceptsReplySize(long size) {
        return size >= LogAck.MIN_SIZE && size <= count + LogAck.MIN_SIZE;
    }

    @Override
    public String acceptedReplySizes() {
        return LogAck.MIN_SIZE + " to " + (count + LogAck.MIN_SIZE) + " bytes";
    }

    static LogRequest decode(ByteBuffer in) {
        long count = Wire.u32(in);
        return new LogRequest(count, Wire.getIp(in));
    }
}
