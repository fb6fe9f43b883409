// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal.protocol;

import io.varpd.api.MacAddress;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.UUID;

/**
 * A VL2 log record (32 bytes): the mapping of {@code mac} in {@code vnetid} changed, so a cached destination for it
 * must go. Layout: type 0:4 (=1), id 4:16, mac 20:6, pad 26:2, vnetid 28:4.
 */
public record Vl2LogRecord(UUID id, MacAddress mac, long vnetid) implements LogRecord {
    public static final int SIZE = 32;

    public Vl2LogRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(mac, "mac");
        Wire.checkU32("vnetid", vnetid);
    }

    @Override
    public int size() {
        return SIZE;
    }

    @Override
    public void write(ByteBuffer out) {
        out.putInt(TYPE_VL2);
        Wire.putId(out, id);
        Wire.putMac(out, mac);
        out.putShort((short) 0);
        out.putInt((int) vnetid);
    }

    /** Reads the record after its type word. */
    static Vl2LogRecord decodeAfterType(ByteBuffer in) {
        UUID id = Wire.getId(in);
        MacAddress mac = Wire.getMac(in);
        in.getShort(); // pad
        return new Vl2LogRecord(id, mac, Wire.u32(in));
    }
}
