// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.netlink;

import io.varpd.api.MacAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * One entry of a bridge's own forwarding table as rtnetlink reports it ({@code bridge fdb show br BR}): a MAC the
 * bridge learned on one of its ports, in one VLAN (0: none). Guests are found here: the entries the bridge learned on
 * its local ports.
 *
 * <p>The bridge reports its entries as {@code AF_BRIDGE} neighbour messages whose {@code ndm_ifindex} is the port and
 * whose {@code NDA_MASTER} is the bridge; the entries a port device keeps itself (the vxlan's remotes, flagged
 * {@code NTF_SELF}) carry no {@code NDA_MASTER} and are not the bridge's. Entries in state {@code NUD_PERMANENT} are
 * the bridge's "local" entries, the MACs of its own ports and of itself: the host's interfaces, never a guest.
 *
 * @param removed whether the message says the entry is gone ({@code RTM_DELNEIGH})
 * @param mac the learned MAC, unicast and not zero
 * @param port the ifindex of the port it was learned on
 * @param vlan the VLAN of the entry, 0 when it has none
 */
public record BridgePortEntry(boolean removed, MacAddress mac, int port, int vlan) {

    /**
     * The learned entry {@code m} says about bridge {@code bridge}, or empty for every message that is not one: another
     * family or bridge, a port device's own entry, a permanent (local) entry, an entry on the bridge device itself, a
     * multicast or zero MAC.
     *
     * @throws MalformedMessageException when the message is too short or an attribute is damaged
     */
    public static Optional<BridgePortEntry> of(NetlinkMessage m, int bridge) throws MalformedMessageException {
        if (m.type() != Rtnetlink.RTM_NEWNEIGH && m.type() != Rtnetlink.RTM_DELNEIGH) {
            return Optional.empty();
        }
        NeighbourMessage n = NeighbourMessage.decode(m);
        if (n.family() != Rtnetlink.AF_BRIDGE
                || n.hasState(Neighbours.NUD_PERMANENT)
                || n.ifindex() == bridge
                || n.ifindex() <= 0) {
            return Optional.empty();
        }
        Optional<Long> master = n.attributes().u32(Neighbours.NDA_MASTER);
        if (master.isEmpty() || master.get() != Integer.toUnsignedLong(bridge)) {
            return Optional.empty();
        }
        Optional<MacAddress> mac = n.lladdr();
        if (mac.isEmpty() || mac.get().isMulticast() || mac.get().equals(MacAddress.ZERO)) {
            return Optional.empty();
        }
        Optional<byte[]> vlan = n.attributes().bytes(Neighbours.NDA_VLAN);
        int v = 0;
        if (vlan.isPresent()) {
            if (vlan.get().length != 2) {
                throw new MalformedMessageException("NDA_VLAN of " + vlan.get().length + " bytes, not 2");
            }
            v = Short.toUnsignedInt(
                    ByteBuffer.wrap(vlan.get()).order(ByteOrder.nativeOrder()).getShort());
        }
        return Optional.of(new BridgePortEntry(m.type() == Rtnetlink.RTM_DELNEIGH, mac.get(), n.ifindex(), v));
    }

    /**
     * Dumps the forwarding table of bridge {@code bridge} ({@code bridge fdb show br BR}): the bridge goes in
     * {@code NDA_MASTER}, as strict checking wants it. Replies are read with {@link #of}, which also drops anything
     * another kernel might add.
     */
    public static byte[] dumpRequest(int bridge) {
        return new MessageWriter(Rtnetlink.RTM_GETNEIGH, Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP)
                .u8(Rtnetlink.AF_BRIDGE)
                .u8(0)
                .u16(0)
                .u32(0)
                .u16(0)
                .u8(0)
                .u8(0)
                .attrU32(Neighbours.NDA_MASTER, bridge)
                .build();
    }

    /**
     * A classic BPF socket filter (native-order {@code struct sock_filter} entries) for a socket joined to
     * {@code RTNLGRP_NEIGH} that keeps only what a bridge watch reads: {@code RTM_NEWNEIGH} and {@code RTM_DELNEIGH} of
     * family {@code AF_BRIDGE}. The group's other traffic, the vxlan's misses above all ({@code RTM_GETNEIGH}, one per
     * dropped packet) and the IPv4 and IPv6 neighbours, never reaches the watch. Each notification is one message in
     * its own datagram, so the header of the first message is the only one.
     */
    public static byte[] notificationFilter() {
        final int ldH = 0x28;
        final int ldB = 0x30;
        final int jeq = 0x15;
        final int ret = 0x06;
        int newNeigh = host16(Rtnetlink.RTM_NEWNEIGH);
        int delNeigh = host16(Rtnetlink.RTM_DELNEIGH);
        ByteBuffer b = ByteBuffer.allocate(7 * 8).order(ByteOrder.nativeOrder());
        insn(b, ldH, 0, 0, 4); // nlmsg_type
        insn(b, jeq, 1, 0, newNeigh); // -> load family
        insn(b, jeq, 0, 3, delNeigh); // else drop
        insn(b, ldB, 0, 0, 16); // ndm_family, right after the 16-byte nlmsghdr
        insn(b, jeq, 0, 1, Rtnetlink.AF_BRIDGE);
        insn(b, ret, 0, 0, 0xffff_ffff);
        insn(b, ret, 0, 0, 0);
        return b.array();
    }

    /** BPF loads halfwords in network order; netlink's are in host order. */
    private static int host16(int v) {
        return ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN
                ? Short.toUnsignedInt(Short.reverseBytes((short) v))
                : v;
    }

    private static void insn(ByteBuffer b, int code, int jt, int jf, int k) {
        b.putShort((short) code).put((byte) jt).put((byte) jf).putInt(k);
    }
}
