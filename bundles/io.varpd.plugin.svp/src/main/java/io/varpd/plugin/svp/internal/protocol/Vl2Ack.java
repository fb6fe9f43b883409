// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal.protocol;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * VL2_ACK (20 bytes): the underlay address and port of a VL2 request's MAC. Layout: status 0:2 (a 16-bit field: the
 * original read it with a 32-bit swap, docs/architecture.md#where-varpd-differs-from-illumos-on-purpose), port 2:2,
 * address 4:16 (IPv4 as IPv4-mapped). On NOTFOUND portolan sends port 0 and {@code ::}.
 */
public record Vl2Ack(int status, int port, InetAddress address) implements SvpReply {
    public static final int SIZE = 20;

    public Vl2Ack {
        Wire.checkU16("status", status);
        Wire.checkU16("port", port);
        Objects.requireNonNull(address, "address");
    }

    @Override
    public SvpOp op() {
        return SvpOp.VL2_ACK;
    }

    @Override
    public int bodySize() {
        return SIZE;
    }

    @Override
    public void writeBody(ByteBuffer out) {
        out.putShort((short) status);
        out.putShort((short) port);
        Wire.putIp(out, address);
    }

    static Vl2Ack decode(ByteBuffer in) {
        int status = Wire.u16(in);
        int port = Wire.u16(in);
        return new Vl2Ack(status, port, Wire.getIp(in));
    }
}
