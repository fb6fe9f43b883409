// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A classic BPF socket filter ({@code SO_ATTACH_FILTER}) that drops netlink notifications of one message type before
 * the kernel queues them. Every notification the kernel multicasts is one message in its own datagram, so the type at
 * offset 4 of the datagram is the only one in it.
 *
 * <p>Why. The monitor joins {@code RTNLGRP_NEIGH} for the misses, and that group also carries an {@code RTM_NEWNEIGH}
 * echo of every FDB entry and neighbour varpd installs: two per answered app probe, one per L2 miss. Nothing reads
 * them, yet each woke a monitor thread on a two-core machine beside the thread installing the next answer, and in a
 * burst they filled the receive buffer that the misses need.
 */
public final class TypeFilter {
    private static final int BPF_LD_H_ABS = 0x28;
    private static final int BPF_JMP_JEQ_K = 0x15;
    private static final int BPF_RET_K = 0x06;
    private static final int ACCEPT_ALL = 0xffff_ffff;
    private static final int INSTRUCTION = 8;
    /** The offset of {@code nlmsg_type} in {@code struct nlmsghdr}. */
    private static final int TYPE_OFFSET = 4;

    private TypeFilter() {}

    /**
     * The {@code struct sock_filter} array (8 bytes per instruction, native order) dropping datagrams whose first
     * message has type {@code type} and accepting every other one whole.
     */
    public static byte[] dropping(int type) {
        // BPF loads halfwords in network order; nlmsg_type is in host order.
        int loaded = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN
                ? Short.toUnsignedInt(Short.reverseBytes((short) type))
                : type;
        ByteBuffer b = ByteBuffer.allocate(4 * INSTRUCTION).order(ByteOrder.nativeOrder());
        instruction(b, BPF_LD_H_ABS, 0, 0, TYPE_OFFSET);
        instruction(b, BPF_JMP_JEQ_K, 0, 1, loaded); // equal: next (drop); else skip it (accept)
        instruction(b, BPF_RET_K, 0, 0, 0);
        instruction(b, BPF_RET_K, 0, 0, ACCEPT_ALL);
        return b.array();
    }

    private static void instruction(ByteBuffer b, int code, int jumpTrue, int jumpFalse, int k) {
        b.putShort((short) code).put((byte) jumpTrue).put((byte) jumpFalse).putInt(k);
    }
}
