// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts one received datagram into its netlink messages. A header whose length is shorter than a
 * header or longer than what is left makes the rest of the datagram unreadable (there is no way to
 * find the next message): the splitter reports it once through {@link MalformedSink} and returns
 * the messages before it. It never throws.
 */
public final class MessageSplitter {
    /** Told about each datagram that could not be read to its end. */
    @FunctionalInterface
    public interface MalformedSink {
        void malformed(String reason);
    }

    private MessageSplitter() {
    }

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
            int left = length - offset;
            if (left < Netlink.HEADER_LENGTH) {
                sink.malformed(left + " trailing bytes after message " + out.size() + ", less than a header");
                break;
            }
            long messageLength = Integer.toUnsignedLong(b.getInt(offset));
            if (messageLength < Netlink.HEADER_LENGTH || messageLength > left) {
                sink.malformed("message " + out.size() + " claims " + messageLength + " bytes; " + left
                        + " left, at least " + Netlink.HEADER_LENGTH + " needed");
                break;
            }
            int len = (int) messageLength;
            int type = Short.toUnsignedInt(b.getShort(offset + 4));
            int flags = Short.toUnsignedInt(b.getShort(offset + 6));
            int seq = b.getInt(offset + 8);
            int pid = b.getInt(offset + 12);
            ByteBuffer payload = b.duplicate().position(offset + Netlink.HEADER_LENGTH).limit(offset + len)
                    .slice().order(ByteOrder.nativeOrder()).asReadOnlyBuffer().order(ByteOrder.nativeOrder());
            out.add(new NetlinkMessage(type, flags, seq, pid, payload));
            offset += Netlink.align(len);
        }
        return out;
    }
}
