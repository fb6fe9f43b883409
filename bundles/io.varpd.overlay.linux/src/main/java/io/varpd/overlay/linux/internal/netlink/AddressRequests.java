// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.netlink;

/** Address dumps, to learn the addresses of the bridge's own devices. */
public final class AddressRequests {
    private AddressRequests() {}

    /** Dumps every address of {@code family} (AF_INET, AF_INET6, or AF_UNSPEC for both). */
    public static byte[] dump(int family) {
        return new MessageWriter(Rtnetlink.RTM_GETADDR, Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP)
                .u8(family)
                .u8(0)
                .u8(0)
                .u8(0)
                .u32(0)
                .build();
    }
}
