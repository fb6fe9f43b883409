// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One netlink message as received: the {@code nlmsghdr} fields and the payload after the header.
 *
 * @param type {@code nlmsg_type}
 * @param flags {@code nlmsg_flags}
 * @param sequence {@code nlmsg_seq}
 * @param portId {@code nlmsg_pid}
 * @param payload a read-only buffer over the bytes after the header, in native order, position 0
 */
public record NetlinkMessage(int type, int flags, int sequence, int portId, ByteBuffer payload) {

    /** A copy of {@link #payload()} positioned at 0, so readers never share a position. */
    public ByteBuffer body() {
        return payload.duplicate().order(ByteOrder.nativeOrder()).position(0);
    }

    /** The payload length in bytes. */
    public int length() {
        return payload.limit();
    }

    public boolean hasFlag(int flag) {
        return (flags & flag) != 0;
    }
}
