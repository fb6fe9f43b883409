// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts one received datagram into its netlink messages. A header whose length is shorter than a header or longer than
 * what is left makes the rest of the datagram unreadable (there is no way to find the next message): the splitter
 * reports it once through {@link MalformedSink} and returns the messages before it. It never throws.
 */
public final class MessageSplitter {
    /** Told about each datagram that could not be read to its end. */
    @FunctionalInterface
    public interface MalformedSink {
        void malformed(String reason);
    }

    private MessageSplitter() {}

    /** The messages in {@code buf[0, length)}. */
    public static List<NetlinkMessage> split(byte[] buf, int length, MalformedSink sink) {
        List<NetlinkMessage> out = new ArrayList<>(4);
        if (length < 0 || length > buf.length) {
            sink.malformed("datagram length " + length + " outside a buffer of " + buf.length);
            return out;
        }
        ByteBuffer b = ByteBuffer.wrap(buf, 0, length).order(ByteOrder.nativeOrder());
        int offset = 0;
        while (offset < length) {
            int len = messageLength(b, offset, length, out.size(), sink);
            if (len < 0) {
                break;
            }
            out.add(message(b, offset, len));
            offset += Netlink.align(len);
        }
        return out;
    }

    /**
     * The length of the message at {@code offset} of the datagram {@code b[0, length)} (a native-order buffer), or -1
     * when the rest of the datagram cannot be read, which is reported to {@code sink} ({@code index}: how many messages
     * came before, for the report). The next message starts {@link Netlink#align aligned} after it. Lets a reader walk
     * a datagram in place, with no object per message, under the same rules as {@link #split}.
     */
    public static int messageLength(ByteBuffer b, int offset, int length, int index, MalformedSink sink) {
        int left = length - offset;
        if (left < Netlink.HEADER_LENGTH) {
            sink.malformed(left + " trailing bytes after message " + index + ", less than a header");
            return -1;
        }
        long messageLength = Integer.toUnsignedLong(b.getInt(offset));
        if (messageLength < Netlink.HEADER_LENGTH || messageLength > left) {
            sink.malformed("message " + index + " claims " + messageLength + " bytes; " + left + " left, at least "
                    + Netlink.HEADER_LENGTH + " needed");
            return -1;
        }
        return (int) messageLength;
    }

    /**
     * The message of {@code length} bytes at {@code offset} of {@code b} (native order), as {@link #split} gives it.
     */
    public static NetlinkMessage message(ByteBuffer b, int offset, int length) {
        int type = Short.toUnsignedInt(b.getShort(offset + 4));
        int flags = Short.toUnsignedInt(b.getShort(offset + 6));
        int seq = b.getInt(offset + 8);
        int pid = b.getInt(offset + 12);
        ByteBuffer payload = b.duplicate()
                .position(offset + Netlink.HEADER_LENGTH)
                .limit(offset + length)
                .slice()
                .order(ByteOrder.nativeOrder())
                .asReadOnlyBuffer()
                .order(ByteOrder.nativeOrder());
        return new NetlinkMessage(type, flags, seq, pid, payload);
    }
}
