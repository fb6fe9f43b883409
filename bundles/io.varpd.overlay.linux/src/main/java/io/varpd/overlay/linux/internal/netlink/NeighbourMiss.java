package io.varpd.overlay.linux.internal.netlink;

import io.varpd.api.MacAddress;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * A miss the kernel reports to userspace as an {@code RTM_GETNEIGH} multicast on
 * {@code RTNLGRP_NEIGH}. Three kinds arrive on the same group and differ only in details:
 * <ul>
 * <li>{@link Kind#L2_MISS}: the vxlan has no FDB entry for a destination MAC. {@code NDA_LLADDR},
 * no {@code NDA_DST}, family {@code AF_INET} (not AF_BRIDGE), flags 0.</li>
 * <li>{@link Kind#L3_MISS}: the vxlan's proxy saw an ARP request / neighbour solicitation for an
 * address it has no neighbour for. {@code NDA_DST}, family from the address, flags 0.</li>
 * <li>{@link Kind#APP_PROBE}: the neighbour code asks userspace ({@code app_solicit}) on behalf of
 * traffic the host itself sends. {@code NDA_DST} and {@code NLM_F_REQUEST}.</li>
 * </ul>
 * Which attribute is present decides, never the family; {@code NDA_VNI} is a sentinel and ignored.
 *
 * @param mac the wanted MAC (L2 miss), else null
 * @param address the wanted IP (L3 miss, app probe), else null
 */
public record NeighbourMiss(Kind kind, int ifindex, MacAddress mac, InetAddress address) {
    public enum Kind { L2_MISS, L3_MISS, APP_PROBE }

    /** The miss in {@code m}, or empty when {@code m} is not one (other types, FDB updates, noise). */
    public static Optional<NeighbourMiss> of(NetlinkMessage m) throws MalformedMessageException {
        if (m.type() != Rtnetlink.RTM_GETNEIGH) {
            return Optional.empty();
        }
        return of(NeighbourMessage.decode(m), m.hasFlag(Netlink.NLM_F_REQUEST));
    }

    /** The miss in an already decoded {@code RTM_GETNEIGH}; {@code request} = its NLM_F_REQUEST flag. */
    public static Optional<NeighbourMiss> of(NeighbourMessage n, boolean request) throws MalformedMessageException {
        if (n.messageType() != Rtnetlink.RTM_GETNEIGH) {
            return Optional.empty();
        }
        Optional<InetAddress> dst = n.destination();
        if (dst.isPresent()) {
            InetAddress a = dst.get();
            int expected = a instanceof Inet4Address ? Rtnetlink.AF_INET : Rtnetlink.AF_INET6;
            if (n.family() != expected) {
                throw new MalformedMessageException("neighbour miss of family " + n.family() + " carries a "
                        + a.getAddress().length + "-byte NDA_DST");
            }
            return Optional.of(new NeighbourMiss(request ? Kind.APP_PROBE : Kind.L3_MISS, n.ifindex(), null, a));
        }
        Optional<MacAddress> mac = n.lladdr();
        if (mac.isPresent()) {
            return Optional.of(new NeighbourMiss(Kind.L2_MISS, n.ifindex(), mac.get(), null));
        }
        return Optional.empty();
    }
}
