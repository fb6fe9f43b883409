// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.netlink;

/** Interface-address constants ({@code linux/if_addr.h}): the {@code ifaddrmsg} layout and IFA attributes. */
public final class Addresses {
    /** {@code sizeof(struct ifaddrmsg)}: family, prefix length, flags, scope, index. */
    public static final int IFADDRMSG_LENGTH = 8;

    public static final int IFA_ADDRESS = 1;
    public static final int IFA_LOCAL = 2;

    private Addresses() {}
}
