// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal.protocol;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.UUID;

/**
 * A VL3 log record (44 bytes): overlay IP {@code ip} in {@code vnetid} moved, so local guests must learn its MAC again.
 * It carries no MAC: the client asks with a VL3 request. Layout: type 0:4 (=2), id 4:16, ip 20:16, pad 36:2, vlan 38:2,
 * vnetid 40:4.
 */
public record Vl3LogRecord(UUID id, InetAddress ip, int vlan, long vnetid) implements LogRecord {
    public static final int SIZE = 44;

    public Vl3LogRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(ip, "ip");
        Wire.checkU16("vlan", vlan);
        Wire.checkU32("vnetid", vnetid);
    }

    @Override
    public int size() {
        return SIZE;
    }

    @Override
    public void write(ByteBuffer out) {
        out.putInt(TYPE_VL3);
        Wire.putId(out, id);
        Wire.putIp(out, ip);
        out.putShort((short) 0);
        out.putShort((short) vlan);
        out.putInt((int) vnetid);
    }

    /** Reads the record after its type word. */
    static Vl3LogRecord decodeAfterType(ByteBuffer in) {
        UUID id = Wire.getId(in);
        InetAddress ip = Wire.getIp(in);
        in.getShort(); // pad
        int vlan = Wire.u16(in);
        return new Vl3LogRecord(id, ip, vlan, Wire.u32(in));
    }
}
