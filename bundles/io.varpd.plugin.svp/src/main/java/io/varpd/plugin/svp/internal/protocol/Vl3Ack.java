// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal.protocol;

import io.varpd.api.MacAddress;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * VL3_ACK (28 bytes): the MAC owning a VL3 request's IP and where that MAC lives. Layout: status 0:4 (32-bit here,
 * unlike VL2_ACK), mac 4:6, underlay port 10:2, underlay address 12:16. On NOTFOUND everything after the status is
 * zero.
 */
public record Vl3Ack(int status, MacAddress mac, int port, InetAddress address) implements SvpReply {
    public static final int SIZE = 28;

    public Vl3Ack {
        Objects.requireNonNull(mac, "mac");
        Wire.checkU16("port", port);
        Objects.requireNonNull(address, "address");
    }

    @Override
    public SvpOp op() {
        return SvpOp.VL3_ACK;
    }

    @Override
    public int bodySize() {
        return SIZE;
    }

    @Override
    public void writeBody(ByteBuffer out) {
        out.putInt(status);
        Wire.putMac(out, mac);
        out.putShort((short) port);
        Wire.putIp(out, address);
    }

    static Vl3Ack decode(ByteBuffer in) {
        int status = in.getInt();
        MacAddress mac = Wire.getMac(in);
        int port = Wire.u16(in);
        return new Vl3Ack(status, mac, port, Wire.getIp(in));
    }
}
