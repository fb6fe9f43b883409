// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal.protocol;

import io.varpd.api.MacAddress;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * VL2_REQ (12 bytes): where does overlay MAC {@code mac} of virtual network {@code vnetid} live? Layout: mac 0:6, pad
 * 6:2 (zero), vnetid 8:4.
 */
public record Vl2Request(MacAddress mac, long vnetid) implements ClientRequest {
    public static final int SIZE = 12;

    public Vl2Request {
        Objects.requireNonNull(mac, "mac");
        Wire.checkU32("vnetid", vnetid);
    }

    @Override
    public SvpOp op() {
        return SvpOp.VL2_REQ;
    }

    @Override
    public int bodySize() {
        return SIZE;
    }

    @Override
    public void writeBody(ByteBuffer out) {
        Wire.putMac(out, mac);
        out.putShort((short) 0);
        out.putInt((int) vnetid);
    }

    static Vl2Request decode(ByteBuffer in) {
        MacAddress mac = Wire.getMac(in);
        in.getShort(); // pad: portolan ignores it, so does this side
        return new Vl2Request(mac, Wire.u32(in));
    }
}
