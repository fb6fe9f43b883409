// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds one netlink request: the header, a fixed family struct written field by field, then attributes, each padded to
 * 4 bytes, nests included. {@link #build()} fills in the length; the sequence number is stamped later by whoever sends
 * it ({@link #stampSequence}).
 */
public final class MessageWriter {
    private byte[] buf = new byte[128];
    private int size;

    public MessageWriter(int type, int flags) {
        u32(0); // length, set by build()
        u16(type);
        u16(flags);
        u32(0); // sequence, stamped at send time
        u32(0); // port id: 0 lets the kernel fill in ours
    }

    public MessageWriter u8(int v) {
        ensure(1);
        buf[size++] = (byte) v;
        return this;
    }

    public MessageWriter u16(int v) {
        ensure(2);
        ByteBuffer.wrap(buf, size, 2).order(ByteOrder.nativeOrder()).putShort((short) v);
        size += 2;
        return this;
    }

    public MessageWriter u32(long v) {
        ensure(4);
        ByteBuffer.wrap(buf, size, 4).order(ByteOrder.nativeOrder()).putInt((int) v);
        size += 4;
        return this;
    }

    public MessageWriter raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, size, bytes.length);
        size += bytes.length;
        return this;
    }

    /** An attribute with {@code payload}, padded. */
    public MessageWriter attr(int type, byte[] payload) {
        int len = Netlink.ATTRIBUTE_HEADER_LENGTH + payload.length;
        if (len > 0xffff) {
            throw new IllegalArgumentException(
                    "attribute " + type + " of " + payload.length + " bytes does not fit nla_len");
        }
        u16(len);
        u16(type);
        raw(payload);
        pad();
        return this;
    }

    public MessageWriter attrU8(int type, int v) {
        return attr(type, new byte[] {(byte) v});
    }

    public MessageWriter attrU32(int type, long v) {
        byte[] b = new byte[4];
        ByteBuffer.wrap(b).order(ByteOrder.nativeOrder()).putInt((int) v);
        return attr(type, b);
    }

    /** A big-endian u16 (ports). */
    public MessageWriter attrBe16(int type, int v) {
        return attr(type, new byte[] {(byte) (v >>> 8), (byte) v});
    }

    /** A NUL-terminated string. */
    public MessageWriter attrString(int type, String s) {
        byte[] text = s.getBytes(StandardCharsets.UTF_8);
        return attr(type, Arrays.copyOf(text, text.length + 1));
    }

    /** Opens a nest; close it with {@link #endNested(int)} and the returned mark. */
    public int beginNested(int type) {
        int mark = size;
        u16(0);
        u16(type);
        return mark;
    }

    public MessageWriter endNested(int mark) {
        ByteBuffer.wrap(buf, mark, 2).order(ByteOrder.nativeOrder()).putShort((short) (size - mark));
        return this;
    }

    /** The finished message, its length filled in. */
    public byte[] build() {
        byte[] out = Arrays.copyOf(buf, size);
        ByteBuffer.wrap(out).order(ByteOrder.nativeOrder()).putInt(0, size);
        return out;
    }

    /** Writes {@code seq} into the header of {@code message}. */
    public static void stampSequence(byte[] message, int seq) {
        ByteBuffer.wrap(message).order(ByteOrder.nativeOrder()).putInt(8, seq);
    }

    /** The type of the message in {@code message}. */
    public static int typeOf(byte[] message) {
        return Short.toUnsignedInt(
                ByteBuffer.wrap(message).order(ByteOrder.nativeOrder()).getShort(4));
    }

    private void pad() {
        while ((size & 3) != 0) {
            u8(0);
        }
    }

    private void ensure(int n) {
        if (size + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
        }
    }
}
