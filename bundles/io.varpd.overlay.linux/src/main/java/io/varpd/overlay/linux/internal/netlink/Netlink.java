// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.netlink;

/**
 * The netlink framing constants ({@code linux/netlink.h}): header size, message types, header flags and the alignment
 * rule shared by messages and attributes.
 */
public final class Netlink {
    /** {@code sizeof(struct nlmsghdr)}. */
    public static final int HEADER_LENGTH = 16;
    /** {@code sizeof(struct nlattr)}. */
    public static final int ATTRIBUTE_HEADER_LENGTH = 4;

    public static final int NETLINK_ROUTE = 0;
    public static final int AF_NETLINK = 16;

    public static final int NLMSG_NOOP = 1;
    public static final int NLMSG_ERROR = 2;
    public static final int NLMSG_DONE = 3;
    public static final int NLMSG_OVERRUN = 4;

    public static final int NLM_F_REQUEST = 0x1;
    public static final int NLM_F_MULTI = 0x2;
    public static final int NLM_F_ACK = 0x4;
    public static final int NLM_F_ECHO = 0x8;
    /** Set on a dump part when the dump was interrupted by a change: its content may be inconsistent. */
    public static final int NLM_F_DUMP_INTR = 0x10;

    public static final int NLM_F_DUMP = 0x300;
    public static final int NLM_F_REPLACE = 0x100;
    public static final int NLM_F_EXCL = 0x200;
    public static final int NLM_F_CREATE = 0x400;
    public static final int NLM_F_APPEND = 0x800;
    /** On an NLMSG_ERROR: the original request's payload was left out. */
    public static final int NLM_F_CAPPED = 0x100;
    /** On an NLMSG_ERROR: extended-ack attributes follow. */
    public static final int NLM_F_ACK_TLVS = 0x200;

    /** Attribute type bits that are flags, not part of the type. */
    public static final int NLA_TYPE_MASK = 0x3fff;

    public static final int NLMSGERR_ATTR_MSG = 1;
    public static final int NLMSGERR_ATTR_OFFS = 2;

    /** Socket option level and options ({@code SOL_NETLINK}). */
    public static final int SOL_NETLINK = 270;

    public static final int NETLINK_ADD_MEMBERSHIP = 1;
    public static final int NETLINK_CAP_ACK = 10;
    public static final int NETLINK_EXT_ACK = 11;
    public static final int NETLINK_GET_STRICT_CHK = 12;

    private Netlink() {}

    /** {@code NLMSG_ALIGN}/{@code NLA_ALIGN}: rounds up to a multiple of 4. */
    public static int align(int length) {
        return (length + 3) & ~3;
    }
}
