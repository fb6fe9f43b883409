// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.netlink;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * A decoded {@code RTM_NEWLINK}/{@code RTM_DELLINK}: the {@code ifinfomsg} fields, the name, the MTU, the master, and
 * for a VXLAN device its settings from {@code IFLA_LINKINFO}.
 *
 * @param mtu 0 when absent
 * @param master the bridge's ifindex, 0 when none
 * @param kind the {@code IFLA_INFO_KIND}, empty for devices without one
 * @param vxlan the VXLAN settings when {@code kind} is {@value Links#KIND_VXLAN}, else null
 */
public record LinkMessage(
        int messageType, int index, int flags, String name, long mtu, long master, String kind, VxlanInfo vxlan) {

    /**
     * What a VXLAN device was created with.
     *
     * @param local the source address, null when unset; the kernel also leaves out an unspecified one ({@code local ::}
     *     makes an IPv6 vxlan that says nothing about its family)
     * @param remote the default remote ({@code remote} or {@code group}), null when unset
     */
    public record VxlanInfo(
            long vni,
            InetAddress local,
            InetAddress remote,
            int port,
            long link,
            boolean learning,
            boolean proxy,
            boolean l2miss,
            boolean l3miss) {

        /** An address of the underlay's family as far as the kernel tells (local, else remote), or null. */
        public InetAddress underlayHint() {
            return local != null ? local : remote;
        }
    }

    public static boolean isLinkType(int type) {
        return type == Rtnetlink.RTM_NEWLINK || type == Rtnetlink.RTM_DELLINK;
    }

    public static LinkMessage decode(NetlinkMessage m) throws MalformedMessageException {
        if (!isLinkType(m.type())) {
            throw new IllegalArgumentException("message type " + m.type() + " is not a link message");
        }
        ByteBuffer b = m.body();
        if (b.limit() < Links.IFINFOMSG_LENGTH) {
            throw new MalformedMessageException(
                    "link message of " + b.limit() + " bytes, shorter than ifinfomsg (" + Links.IFINFOMSG_LENGTH + ")");
        }
        int index = b.getInt(4);
        int flags = b.getInt(8);
        Attributes a = Attributes.parse(b, Links.IFINFOMSG_LENGTH);
        String name = a.string(Links.IFLA_IFNAME).orElse("");
        long mtu = a.u32(Links.IFLA_MTU).orElse(0L);
        long master = a.u32(Links.IFLA_MASTER).orElse(0L);
        String kind = "";
        VxlanInfo vxlan = null;
        Optional<Attributes> info = a.nested(Links.IFLA_LINKINFO);
        if (info.isPresent()) {
            kind = info.get().string(Links.IFLA_INFO_KIND).orElse("");
            Optional<Attributes> data = info.get().nested(Links.IFLA_INFO_DATA);
            if (Links.KIND_VXLAN.equals(kind) && data.isPresent()) {
                vxlan = vxlan(data.get());
            }
        }
        return new LinkMessage(m.type(), index, flags, name, mtu, master, kind, vxlan);
    }

    private static VxlanInfo vxlan(Attributes d) throws MalformedMessageException {
        InetAddress local =
                address(d, Links.IFLA_VXLAN_LOCAL, "IFLA_VXLAN_LOCAL", Links.IFLA_VXLAN_LOCAL6, "IFLA_VXLAN_LOCAL6");
        InetAddress remote =
                address(d, Links.IFLA_VXLAN_GROUP, "IFLA_VXLAN_GROUP", Links.IFLA_VXLAN_GROUP6, "IFLA_VXLAN_GROUP6");
        return new VxlanInfo(
                d.u32(Links.IFLA_VXLAN_ID).orElse(0L),
                local,
                remote,
                d.be16(Links.IFLA_VXLAN_PORT).orElse(0),
                d.u32(Links.IFLA_VXLAN_LINK).orElse(0L),
                d.u8(Links.IFLA_VXLAN_LEARNING).orElse(0) != 0,
                d.u8(Links.IFLA_VXLAN_PROXY).orElse(0) != 0,
                d.u8(Links.IFLA_VXLAN_L2MISS).orElse(0) != 0,
                d.u8(Links.IFLA_VXLAN_L3MISS).orElse(0) != 0);
    }

    /** The IPv4 attribute {@code v4} if present, else the IPv6 one {@code v6}, else null. */
    private static InetAddress address(Attributes d, int v4, String v4Name, int v6, String v6Name)
            throws MalformedMessageException {
        Optional<byte[]> a4 = d.bytes(v4, 4);
        if (a4.isPresent()) {
            return InetBytes.address(a4.get(), v4Name);
        }
        Optional<byte[]> a6 = d.bytes(v6, 16);
        return a6.isPresent() ? InetBytes.address(a6.get(), v6Name) : null;
    }

    public boolean isUp() {
        return (flags & Links.IFF_UP) != 0;
    }
}
