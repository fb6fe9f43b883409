// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.netlink;

/**
 * Link constants ({@code linux/if_link.h}, {@code linux/if.h}): the {@code ifinfomsg} layout, IFLA attributes, the
 * link-info nest and the VXLAN attributes inside it.
 */
public final class Links {
    /** {@code sizeof(struct ifinfomsg)}: family, pad, type, index, flags, change. */
    public static final int IFINFOMSG_LENGTH = 16;
    /** {@code IFNAMSIZ} less the NUL: the longest interface name. */
    public static final int MAX_NAME_LENGTH = 15;

    public static final int IFF_UP = 0x1;

    public static final int IFLA_ADDRESS = 1;
    public static final int IFLA_IFNAME = 3;
    public static final int IFLA_MTU = 4;
    public static final int IFLA_LINK = 5;
    public static final int IFLA_MASTER = 10;
    public static final int IFLA_LINKINFO = 18;

    public static final int IFLA_INFO_KIND = 1;
    public static final int IFLA_INFO_DATA = 2;

    public static final int IFLA_VXLAN_ID = 1;
    /** The default remote (unicast {@code remote} or multicast {@code group}), IPv4. */
    public static final int IFLA_VXLAN_GROUP = 2;

    public static final int IFLA_VXLAN_LINK = 3;
    public static final int IFLA_VXLAN_LOCAL = 4;
    public static final int IFLA_VXLAN_LEARNING = 7;
    public static final int IFLA_VXLAN_AGEING = 8;
    public static final int IFLA_VXLAN_PROXY = 11;
    public static final int IFLA_VXLAN_L2MISS = 13;
    public static final int IFLA_VXLAN_L3MISS = 14;
    public static final int IFLA_VXLAN_PORT = 15;
    /** The default remote, IPv6. */
    public static final int IFLA_VXLAN_GROUP6 = 16;

    public static final int IFLA_VXLAN_LOCAL6 = 17;

    public static final String KIND_VXLAN = "vxlan";

    private Links() {}
}
