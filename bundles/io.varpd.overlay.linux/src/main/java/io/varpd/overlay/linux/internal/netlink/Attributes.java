// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The attributes ({@code struct nlattr} TLVs) of one message or nest, by type. The flag bits of the type are masked
 * off; when a type repeats, the last one wins (as in the kernel's {@code nla_parse}). Every length is checked when
 * parsing and again by each typed accessor: an attribute that overruns its container, or whose payload has the wrong
 * size for its type, is a {@link MalformedMessageException}.
 */
public final class Attributes {
    private final Map<Integer, ByteBuffer> byType;

    private Attributes(Map<Integer, ByteBuffer> byType) {
        this.byType = byType;
    }

    /** Parses the attributes in {@code buf} from {@code offset} to its limit. */
    public static Attributes parse(ByteBuffer buf, int offset) throws MalformedMessageException {
        ByteBuffer b = buf.duplicate().order(ByteOrder.nativeOrder());
        int end = b.limit();
        if (offset > end) {
            throw new MalformedMessageException("attributes start at " + offset + " past the end " + end);
        }
        Map<Integer, ByteBuffer> map = new HashMap<>();
        int p = offset;
        while (end - p >= Netlink.ATTRIBUTE_HEADER_LENGTH) {
            int len = Short.toUnsignedInt(b.getShort(p));
            int type = Short.toUnsignedInt(b.getShort(p + 2)) & Netlink.NLA_TYPE_MASK;
            if (len < Netlink.ATTRIBUTE_HEADER_LENGTH || len > end - p) {
                throw new MalformedMessageException(
                        "attribute " + type + " at " + p + " claims " + len + " bytes; " + (end - p) + " left");
            }
            ByteBuffer payload = b.duplicate()
                    .position(p + Netlink.ATTRIBUTE_HEADER_LENGTH)
                    .limit(p + len)
                    .slice()
                    .order(ByteOrder.nativeOrder());
            map.put(type, payload);
            p += Math.min(Netlink.align(len), end - p);
        }
        // Fewer than 4 bytes left over are ignored, as the kernel's nla_parse does (it only warns).
        return new Attributes(map);
    }

    public boolean has(int type) {
        return byType.containsKey(type);
    }

    /** The payload of {@code type}, a fresh copy. */
    public Optional<byte[]> bytes(int type) {
        ByteBuffer b = byType.get(type);
        if (b == null) {
            return Optional.empty();
        }
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return Optional.of(out);
    }

    /** The payload of {@code type}, which must be exactly {@code length} bytes. */
    public Optional<byte[]> bytes(int type, int length) throws MalformedMessageException {
        Optional<byte[]> b = bytes(type);
        if (b.isPresent() && b.get().length != length) {
            throw new MalformedMessageException(
                    "attribute " + type + " has " + b.get().length + " bytes, " + length + " expected");
        }
        return b;
    }

    /** A host-order u32. */
    public Optional<Long> u32(int type) throws MalformedMessageException {
        ByteBuffer b = sized(type, 4);
        return b == null ? Optional.empty() : Optional.of(Integer.toUnsignedLong(b.getInt(0)));
    }

    /** A u8 (flags such as {@code IFLA_VXLAN_PROXY}). */
    public Optional<Integer> u8(int type) throws MalformedMessageException {
        ByteBuffer b = sized(type, 1);
        return b == null ? Optional.empty() : Optional.of(Byte.toUnsignedInt(b.get(0)));
    }

    /** A big-endian u16 (ports: {@code NDA_PORT}, {@code IFLA_VXLAN_PORT}). */
    public Optional<Integer> be16(int type) throws MalformedMessageException {
        ByteBuffer b = sized(type, 2);
        return b == null
                ? Optional.empty()
                : Optional.of(Short.toUnsignedInt(b.order(ByteOrder.BIG_ENDIAN).getShort(0)));
    }

    /** A string; a NUL ends it, none is required. */
    public Optional<String> string(int type) {
        return bytes(type).map(b -> {
            int n = 0;
            while (n < b.length && b[n] != 0) {
                n++;
            }
            return new String(b, 0, n, StandardCharsets.UTF_8);
        });
    }

    /** The attributes nested inside {@code type}. */
    public Optional<Attributes> nested(int type) throws MalformedMessageException {
        ByteBuffer b = byType.get(type);
        return b == null ? Optional.empty() : Optional.of(parse(b, 0));
    }

    private ByteBuffer sized(int type, int length) throws MalformedMessageException {
        ByteBuffer b = byType.get(type);
        if (b == null) {
            return null;
        }
        if (b.remaining() != length) {
            throw new MalformedMessageException(
                    "attribute " + type + " has " + b.remaining() + " bytes, " + length + " expected");
        }
        return b.duplicate().order(ByteOrder.nativeOrder());
    }
}
