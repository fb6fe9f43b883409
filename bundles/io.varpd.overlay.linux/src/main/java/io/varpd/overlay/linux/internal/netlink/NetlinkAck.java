// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.netlink;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * A decoded {@code NLMSG_ERROR}: an ACK when {@link #error()} is 0, else {@code -errno}, with the header of the request
 * it answers and the extended-ack text when the kernel gave one.
 *
 * <p>Layout: {@code s32 error}, the request's {@code nlmsghdr}, then the request's payload unless {@code NLM_F_CAPPED},
 * then TLVs ({@code NLMSGERR_ATTR_*}) if {@code NLM_F_ACK_TLVS}. An error that is neither 0 nor a negative errno
 * ({@code -4095..-1}) makes the message malformed.
 */
public record NetlinkAck(int error, int requestType, int requestSequence, Optional<String> message) {
    private static final int ERROR_HEADER = 4 + Netlink.HEADER_LENGTH;
    /** Linux's {@code MAX_ERRNO}: the kernel reports no error outside {@code -4095..-1}. */
    static final int MAX_ERRNO = 4095;

    public static NetlinkAck decode(NetlinkMessage m) throws MalformedMessageException {
        if (m.type() != Netlink.NLMSG_ERROR) {
            throw new IllegalArgumentException("message type " + m.type() + " is not NLMSG_ERROR");
        }
        ByteBuffer b = m.body();
        if (b.limit() < ERROR_HEADER) {
            throw new MalformedMessageException("NLMSG_ERROR of " + b.limit() + " bytes, " + ERROR_HEADER + " needed");
        }
        int error = b.getInt(0);
        if (error > 0 || error < -MAX_ERRNO) {
            // Otherwise errno() would be negative (or MIN_VALUE) and the request reported as "errno -N".
            throw new MalformedMessageException("NLMSG_ERROR carries error " + error + "; allowed: 0 (an ACK) or a"
                    + " negative errno from -1 to -" + MAX_ERRNO);
        }
        long requestLength = Integer.toUnsignedLong(b.getInt(4));
        int requestType = Short.toUnsignedInt(b.getShort(8));
        int requestSeq = b.getInt(12);
        Optional<String> text = Optional.empty();
        if (m.hasFlag(Netlink.NLM_F_ACK_TLVS)) {
            long tlvs = m.hasFlag(Netlink.NLM_F_CAPPED)
                    ? ERROR_HEADER
                    : 4 + Netlink.align((int) Math.min(requestLength, 1 << 20));
            if (requestLength < Netlink.HEADER_LENGTH || tlvs > b.limit()) {
                throw new MalformedMessageException(
                        "NLMSG_ERROR echoes a request of " + requestLength + " bytes in a message of " + b.limit());
            }
            text = Attributes.parse(b, (int) tlvs)
                    .string(Netlink.NLMSGERR_ATTR_MSG)
                    .filter(s -> !s.isEmpty());
        }
        return new NetlinkAck(error, requestType, requestSeq, text);
    }

    public boolean isAck() {
        return error == 0;
    }

    /** The positive errno, 0 for an ACK. */
    public int errno() {
        return -error;
    }
}
