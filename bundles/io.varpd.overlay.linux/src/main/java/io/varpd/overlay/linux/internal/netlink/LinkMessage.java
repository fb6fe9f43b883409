package io.varpd.overlay.linux.internal.netlink;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * A decoded {@code RTM_NEWLINK}/{@code RTM_DELLINK}: the {@code ifinfomsg} fields, the name, the
 * MTU, the master, and for a VXLAN device its settings from {@code IFLA_LINKINFO}.
 *
 * @param mtu 0 when absent
 * @param master the bridge's ifindex, 0 when none
 * @param kind the {@code IFLA_INFO_KIND}, empty for devices without one
 * @param vxlan the VXLAN settings when {@code kind} is {@value Links#KIND_VXLAN}, else null
 */
public record LinkMessage(int messageType, int index, int flags, String name, long mtu, long master, String kind,
        VxlanInfo vxlan) {

    /** What a VXLAN device was created with. {@code local} is null when unset. */
    public record VxlanInfo(long vni, InetAddress local, int port, long link, boolean learning, boolean proxy,
            boolean l2miss, boolean l3miss) {
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
            throw new MalformedMessageException("link message of " + b.limit() + " bytes, shorter than ifinfomsg ("
                    + Links.IFINFOMSG_LENGTH + ")");
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
        InetAddress local = null;
        Optional<byte[]> l4 = d.bytes(Links.IFLA_VXLAN_LOCAL, 4);
        Optional<byte[]> l6 = d.bytes(Links.IFLA_VXLAN_LOCAL6, 16);
        if (l4.isPresent()) {
            local = InetBytes.address(l4.get(), "IFLA_VXLAN_LOCAL");
        } else if (l6.isPresent()) {
            local = InetBytes.address(l6.get(), "IFLA_VXLAN_LOCAL6");
        }
        return new VxlanInfo(d.u32(Links.IFLA_VXLAN_ID).orElse(0L), local, d.be16(Links.IFLA_VXLAN_PORT).orElse(0),
                d.u32(Links.IFLA_VXLAN_LINK).orElse(0L), d.u8(Links.IFLA_VXLAN_LEARNING).orElse(0) != 0,
                d.u8(Links.IFLA_VXLAN_PROXY).orElse(0) != 0, d.u8(Links.IFLA_VXLAN_L2MISS).orElse(0) != 0,
                d.u8(Links.IFLA_VXLAN_L3MISS).orElse(0) != 0);
    }

    public boolean isUp() {
        return (flags & Links.IFF_UP) != 0;
    }
}
