// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.netlink;

import io.varpd.api.MacAddress;
import java.net.InetAddress;

/**
 * The neighbour and FDB requests of the bridge, byte for byte what {@code ip neigh} and {@code bridge fdb ... self}
 * send. FDB requests always carry {@code NTF_SELF}: without it, on a vxlan that is a bridge port, the kernel would put
 * the entry in the bridge's FDB and still ACK. Entries are {@code NUD_NOARP|NUD_PERMANENT}: never aged (6.15+ ages
 * dynamic FDB entries even while in use) and never revalidated (the vxlan proxy would swallow the probes).
 */
public final class NeighbourRequests {
    /** What {@code bridge fdb ... permanent} and {@code ip neigh ... nud permanent} send. */
    public static final int STATE_PERMANENT = Neighbours.NUD_NOARP | Neighbours.NUD_PERMANENT;

    private static final int NEW = Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK;

    private NeighbourRequests() {}

    /**
     * Creates or replaces the vxlan FDB entry {@code mac -> dst}.
     *
     * @param port the destination UDP port, 0 to use the device's
     * @param vni the destination VNI, negative to use the device's
     */
    public static byte[] fdbReplace(int ifindex, MacAddress mac, InetAddress dst, int port, long vni) {
        MessageWriter w = ndmsg(
                Rtnetlink.RTM_NEWNEIGH,
                NEW | Netlink.NLM_F_REPLACE | Netlink.NLM_F_CREATE,
                Rtnetlink.AF_BRIDGE,
                ifindex,
                STATE_PERMANENT,
                Neighbours.NTF_SELF);
        return fdbAttributes(w, mac, dst, port, vni).build();
    }

    /**
     * Adds a remote to the entry for {@code mac}, creating it. The all-zeros (default) entry can only be made this way:
     * the kernel refuses REPLACE for it.
     */
    public static byte[] fdbAppend(int ifindex, MacAddress mac, InetAddress dst, int port) {
        MessageWriter w = ndmsg(
                Rtnetlink.RTM_NEWNEIGH,
                NEW | Netlink.NLM_F_APPEND | Netlink.NLM_F_CREATE,
                Rtnetlink.AF_BRIDGE,
                ifindex,
                STATE_PERMANENT,
                Neighbours.NTF_SELF);
        return fdbAttributes(w, mac, dst, port, -1).build();
    }

    /** Deletes the entry for {@code mac} with all its remotes. */
    public static byte[] fdbDelete(int ifindex, MacAddress mac) {
        return ndmsg(Rtnetlink.RTM_DELNEIGH, NEW, Rtnetlink.AF_BRIDGE, ifindex, STATE_PERMANENT, Neighbours.NTF_SELF)
                .attr(Neighbours.NDA_LLADDR, mac.toBytes())
                .build();
    }

    /** Dumps the FDB of {@code ifindex} (needs strict checking on the socket to be filtered by the kernel). */
    public static byte[] fdbDump(int ifindex) {
        return ndmsg(
                        Rtnetlink.RTM_GETNEIGH,
                        Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP,
                        Rtnetlink.AF_BRIDGE,
                        ifindex,
                        0,
                        0)
                .build();
    }

    /**
     * Asks for the one vxlan FDB entry of {@code mac} ({@code bridge fdb get MAC dev DEV self}): the kernel's
     * {@code vxlan_fdb_get} answers with one {@code RTM_NEWNEIGH} (the first remote) or ENOENT. {@code rtnl_fdb_get}
     * checks strictly: state and type 0, flags only SELF or MASTER.
     */
    public static byte[] fdbGet(int ifindex, MacAddress mac) {
        return ndmsg(
                        Rtnetlink.RTM_GETNEIGH,
                        Netlink.NLM_F_REQUEST,
                        Rtnetlink.AF_BRIDGE,
                        ifindex,
                        0,
                        Neighbours.NTF_SELF)
                .attr(Neighbours.NDA_LLADDR, mac.toBytes())
                .build();
    }

    /**
     * Dumps the IPv4 and IPv6 neighbours of {@code ifindex} ({@code ip neigh show dev DEV}). With strict checking the
     * kernel refuses a header ifindex in a neighbour dump; the device goes in {@code NDA_IFINDEX}.
     */
    public static byte[] neighbourDump(int ifindex) {
        return ndmsg(Rtnetlink.RTM_GETNEIGH, Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP, Rtnetlink.AF_UNSPEC, 0, 0, 0)
                .attrU32(Neighbours.NDA_IFINDEX, ifindex)
                .build();
    }

    /** Creates or replaces the permanent neighbour {@code ip -> mac} on {@code ifindex}. */
    public static byte[] neighbourReplace(int ifindex, InetAddress ip, MacAddress mac) {
        return ndmsg(
                        Rtnetlink.RTM_NEWNEIGH,
                        NEW | Netlink.NLM_F_REPLACE | Netlink.NLM_F_CREATE,
                        InetBytes.family(ip),
                        ifindex,
                        STATE_PERMANENT,
                        0)
                .attr(Neighbours.NDA_DST, ip.getAddress())
                .attr(Neighbours.NDA_LLADDR, mac.toBytes())
                .build();
    }

    /**
     * Completes an existing neighbour {@code ip} on {@code ifindex} as REACHABLE at {@code mac} ({@code NLM_F_REPLACE}
     * without {@code NLM_F_CREATE}: ENOENT when there is none). The kernel then sends the packets queued on it and
     * keeps managing it (ageing, unicast probes) as if an answer had arrived.
     */
    public static byte[] neighbourComplete(int ifindex, InetAddress ip, MacAddress mac) {
        return ndmsg(
                        Rtnetlink.RTM_NEWNEIGH,
                        NEW | Netlink.NLM_F_REPLACE,
                        InetBytes.family(ip),
                        ifindex,
                        Neighbours.NUD_REACHABLE,
                        0)
                .attr(Neighbours.NDA_DST, ip.getAddress())
                .attr(Neighbours.NDA_LLADDR, mac.toBytes())
                .build();
    }

    /** Deletes the neighbour {@code ip} on {@code ifindex}. */
    public static byte[] neighbourDelete(int ifindex, InetAddress ip) {
        return ndmsg(Rtnetlink.RTM_DELNEIGH, NEW, InetBytes.family(ip), ifindex, Neighbours.NUD_PERMANENT, 0)
                .attr(Neighbours.NDA_DST, ip.getAddress())
                .build();
    }

    private static MessageWriter fdbAttributes(MessageWriter w, MacAddress mac, InetAddress dst, int port, long vni) {
        w.attr(Neighbours.NDA_LLADDR, mac.toBytes()).attr(Neighbours.NDA_DST, dst.getAddress());
        if (port != 0) {
            w.attrBe16(Neighbours.NDA_PORT, port);
        }
        if (vni >= 0) {
            w.attrU32(Neighbours.NDA_VNI, vni);
        }
        return w;
    }

    private static MessageWriter ndmsg(int type, int flags, int family, int ifindex, int state, int ntf) {
        return new MessageWriter(type, flags)
                .u8(family)
                .u8(0)
                .u16(0)
                .u32(ifindex)
                .u16(state)
                .u8(ntf)
                .u8(0);
    }
}
