// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.netlink;

import java.net.Inet4Address;

/** The link requests of the bridge: create a VXLAN device, set it up or down, delete it, find links. */
public final class LinkRequests {
    private LinkRequests() {}

    /** Creates the device of {@code spec}, down; fails with EEXIST if the name or the VNI is taken. */
    public static byte[] createVxlan(VxlanSpec spec) {
        MessageWriter w = ifinfomsg(
                Rtnetlink.RTM_NEWLINK,
                Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK | Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL,
                0,
                0,
                0);
        w.attrString(Links.IFLA_IFNAME, spec.name());
        if (spec.address() != null) {
            w.attr(Links.IFLA_ADDRESS, spec.address().toBytes());
        }
        if (spec.mtu() > 0) {
            w.attrU32(Links.IFLA_MTU, spec.mtu());
        }
        if (spec.master() > 0) {
            w.attrU32(Links.IFLA_MASTER, spec.master());
        }
        int info = w.beginNested(Links.IFLA_LINKINFO);
        w.attrString(Links.IFLA_INFO_KIND, Links.KIND_VXLAN);
        int data = w.beginNested(Links.IFLA_INFO_DATA);
        w.attrU32(Links.IFLA_VXLAN_ID, spec.vni());
        if (spec.local() != null) {
            w.attr(
                    spec.local() instanceof Inet4Address ? Links.IFLA_VXLAN_LOCAL : Links.IFLA_VXLAN_LOCAL6,
                    spec.local().getAddress());
        }
        w.attrBe16(Links.IFLA_VXLAN_PORT, spec.port());
        if (spec.underlayIndex() > 0) {
            w.attrU32(Links.IFLA_VXLAN_LINK, spec.underlayIndex());
        }
        w.attrU8(Links.IFLA_VXLAN_LEARNING, 0);
        w.attrU8(Links.IFLA_VXLAN_PROXY, 1);
        w.attrU8(Links.IFLA_VXLAN_L2MISS, 1);
        w.attrU8(Links.IFLA_VXLAN_L3MISS, 1);
        w.endNested(data);
        w.endNested(info);
        return w.build();
    }

    /** Sets the administrative state of {@code index}. */
    public static byte[] setUp(int index, boolean up) {
        return ifinfomsg(
                        Rtnetlink.RTM_NEWLINK,
                        Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK,
                        index,
                        up ? Links.IFF_UP : 0,
                        Links.IFF_UP)
                .build();
    }

    /** Sets the MTU of {@code index} ({@code ip link set DEV mtu N}). */
    public static byte[] setMtu(int index, int mtu) {
        return ifinfomsg(Rtnetlink.RTM_NEWLINK, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK, index, 0, 0)
                .attrU32(Links.IFLA_MTU, mtu)
                .build();
    }

    /** Makes {@code index} a port of bridge {@code master}, or of none for 0 ({@code ip link set DEV nomaster}). */
    public static byte[] setMaster(int index, int master) {
        return ifinfomsg(Rtnetlink.RTM_NEWLINK, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK, index, 0, 0)
                .attrU32(Links.IFLA_MASTER, master)
                .build();
    }

    public static byte[] delete(int index) {
        return ifinfomsg(Rtnetlink.RTM_DELLINK, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK, index, 0, 0)
                .build();
    }

    /** Asks for one link by name; the answer is an {@code RTM_NEWLINK} or ENODEV. */
    public static byte[] getByName(String name) {
        return ifinfomsg(Rtnetlink.RTM_GETLINK, Netlink.NLM_F_REQUEST, 0, 0, 0)
                .attrString(Links.IFLA_IFNAME, name)
                .build();
    }

    /** Dumps every link. */
    public static byte[] dump() {
        return ifinfomsg(Rtnetlink.RTM_GETLINK, Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP, 0, 0, 0)
                .build();
    }

    private static MessageWriter ifinfomsg(int type, int flags, int index, int ifFlags, int change) {
        return new MessageWriter(type, flags)
                .u8(Rtnetlink.AF_UNSPEC)
                .u8(0)
                .u16(0)
                .u32(index)
                .u32(ifFlags)
                .u32(change);
    }
}
