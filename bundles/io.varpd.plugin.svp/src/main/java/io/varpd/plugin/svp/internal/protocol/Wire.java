// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal.protocol;

import io.varpd.api.MacAddress;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.UUID;

/** Field encodings shared by the SVP messages: addresses, MACs, UUIDs and unsigned ranges. */
final class Wire {
    static final long MAX_U32 = 0xFFFF_FFFFL;
    static final int MAX_U16 = 0xFFFF;

    private Wire() {}

    /** 16 bytes: IPv6 as is, IPv4 as IPv4-mapped {@code ::ffff:a.b.c.d}. */
    static void putIp(ByteBuffer out, InetAddress ip) {
        byte[] b = ip.getAddress();
        if (ip instanceof Inet4Address) {
            out.putLong(0L).putShort((short) 0).putShort((short) 0xFFFF).put(b);
        } else {
            out.put(b);
        }
    }

    /** 16 bytes; an IPv4-mapped address comes back as the {@link Inet4Address}. */
    static InetAddress getIp(ByteBuffer in) {
        byte[] b = new byte[16];
        in.get(b);
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new AssertionError("16 bytes are always an address", e);
        }
    }

    static void putMac(ByteBuffer out, MacAddress mac) {
        long bits = mac.toLong();
        out.putShort((short) (bits >>> 32)).putInt((int) bits);
    }

    static MacAddress getMac(ByteBuffer in) {
        long hi = in.getShort() & 0xFFFFL;
        long lo = in.getInt() & 0xFFFF_FFFFL;
        return MacAddress.of((hi << 32) | lo);
    }

    /** A log record id: 16 raw bytes, as a UUID (most significant byte first). */
    static void putId(ByteBuffer out, UUID id) {
        out.putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
    }

    static UUID getId(ByteBuffer in) {
        long msb = in.getLong();
        long lsb = in.getLong();
        return new UUID(msb, lsb);
    }

    static long u32(ByteBuffer in) {
        return in.getInt() & MAX_U32;
    }

    static int u16(ByteBuffer in) {
        return in.getShort() & MAX_U16;
    }

    static long checkU32(String field, long value) {
        if (value < 0 || value > MAX_U32) {
            throw new IllegalArgumentException(field + " " + value + " does not fit 32 unsigned bits");
        }
        return value;
    }

    static int checkU16(String field, int value) {
        if (value < 0 || value > MAX_U16) {
            throw new IllegalArgumentException(field + " " + value + " does not fit 16 unsigned bits");
        }
        return value;
    }
}
