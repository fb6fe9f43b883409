// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.netlink;

import io.varpd.api.MacAddress;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * A miss the kernel reports to userspace as an {@code RTM_GETNEIGH} multicast on {@code RTNLGRP_NEIGH}. Three kinds
 * arrive on the same group and differ only in details:
 *
 * <ul>
 *   <li>{@link Kind#L2_MISS}: the vxlan has no FDB entry for a destination MAC. {@code NDA_LLADDR}, no {@code NDA_DST},
 *       family {@code AF_INET} (not AF_BRIDGE), flags 0.
 *   <li>{@link Kind#L3_MISS}: the vxlan's proxy saw an ARP request / neighbour solicitation for an address it has no
 *       neighbour for. {@code NDA_DST}, family from the address, flags 0.
 *   <li>{@link Kind#APP_PROBE}: the neighbour code asks userspace ({@code app_solicit}) on behalf of traffic the host
 *       itself sends. {@code NDA_DST} and {@code NLM_F_REQUEST}.
 * </ul>
 *
 * Which attribute is present decides, never the family; {@code NDA_VNI} is a sentinel and ignored.
 *
 * @param mac the wanted MAC (L2 miss), else null
 * @param address the wanted IP (L3 miss, app probe), else null
 */
public record NeighbourMiss(Kind kind, int ifindex, MacAddress mac, InetAddress address) {
    public enum Kind {
        L2_MISS,
        L3_MISS,
        APP_PROBE
    }

    /**
     * The miss in {@code m}, or empty when {@code m} is not one (other types, FDB updates, noise). The same verdict as
     * decoding the whole message ({@link NeighbourMessage#decode}, then {@link #of(NeighbourMessage, boolean)}), in one
     * pass over the attributes without a map or a copy of each ({@link Reader}).
     */
    public static Optional<NeighbourMiss> of(NetlinkMessage m) throws MalformedMessageException {
        if (m.type() != Rtnetlink.RTM_GETNEIGH) {
            return Optional.empty();
        }
        ByteBuffer b = m.body();
        Reader r = new Reader();
        Kind kind = r.read(b, 0, b.limit(), m.flags());
        if (kind == null) {
            return Optional.empty();
        }
        return Optional.of(
                kind == Kind.L2_MISS
                        ? new NeighbourMiss(kind, r.ifindex(), r.mac(), null)
                        : new NeighbourMiss(kind, r.ifindex(), null, r.address()));
    }

    /**
     * Reads the miss in an {@code RTM_GETNEIGH} body where it lies, in one pass over the attributes, keeping only where
     * the wanted address is: the monitor's reader takes a burst's misses with one of these and no object per message (a
     * miss becomes objects only once it is worth asking about). One per thread: it holds the last message read.
     */
    public static final class Reader {
        private ByteBuffer b;
        private int family;
        private int ifindex;
        private int dst;
        private int dstLength;
        private long mac;

        /**
         * Reads the {@code RTM_GETNEIGH} body at {@code b[start, end)} whose header carried {@code flags}.
         *
         * @return the kind of miss, or null when the message is none (no address attribute); for an address miss the
         *     family is checked by {@link #address}
         */
        public Kind read(ByteBuffer b, int start, int end, int flags) throws MalformedMessageException {
            int size = end - start;
            if (size < Neighbours.NDMSG_LENGTH) {
                throw new MalformedMessageException("neighbour message of " + size + " bytes, shorter than ndmsg ("
                        + Neighbours.NDMSG_LENGTH + ")");
            }
            this.b = b;
            ifindex = b.getInt(start + 4);
            dst = -1;
            dstLength = 0;
            int lladdr = -1;
            int lladdrLength = 0;
            int p = start + Neighbours.NDMSG_LENGTH;
            while (end - p >= Netlink.ATTRIBUTE_HEADER_LENGTH) {
                int len = Short.toUnsignedInt(b.getShort(p));
                int type = Short.toUnsignedInt(b.getShort(p + 2)) & Netlink.NLA_TYPE_MASK;
                if (len < Netlink.ATTRIBUTE_HEADER_LENGTH || len > end - p) {
                    throw new MalformedMessageException("attribute " + type + " at " + (p - start) + " claims " + len
                            + " bytes; " + (end - p) + " left");
                }
                if (type == Neighbours.NDA_DST) { // the last one wins, as in the kernel's nla_parse
                    dst = p + Netlink.ATTRIBUTE_HEADER_LENGTH;
                    dstLength = len - Netlink.ATTRIBUTE_HEADER_LENGTH;
                } else if (type == Neighbours.NDA_LLADDR) {
                    lladdr = p + Netlink.ATTRIBUTE_HEADER_LENGTH;
                    lladdrLength = len - Netlink.ATTRIBUTE_HEADER_LENGTH;
                }
                p += Math.min(Netlink.align(len), end - p);
            }
            if (dst >= 0) {
                family = Byte.toUnsignedInt(b.get(start));
                return (flags & Netlink.NLM_F_REQUEST) != 0 ? Kind.APP_PROBE : Kind.L3_MISS;
            }
            if (lladdr >= 0) {
                if (lladdrLength != MacAddress.LENGTH) {
                    throw new MalformedMessageException("attribute " + Neighbours.NDA_LLADDR + " has " + lladdrLength
                            + " bytes, " + MacAddress.LENGTH + " expected");
                }
                long bits = 0;
                for (int i = 0; i < MacAddress.LENGTH; i++) {
                    bits = (bits << 8) | Byte.toUnsignedInt(b.get(lladdr + i));
                }
                mac = bits;
                return Kind.L2_MISS;
            }
            return null;
        }

        /** The ifindex of the message read. */
        public int ifindex() {
            return ifindex;
        }

        /** The wanted MAC of an L2 miss, as its 48 bits. */
        public long macBits() {
            return mac;
        }

        /** The wanted MAC of an L2 miss. */
        public MacAddress mac() {
            return MacAddress.of(mac);
        }

        /** The wanted address of an L3 miss or app probe; malformed when its family is not the message's. */
        public InetAddress address() throws MalformedMessageException {
            byte[] bytes = new byte[dstLength];
            b.get(dst, bytes);
            InetAddress a = InetBytes.address(bytes, "NDA_DST");
            int expected = a instanceof Inet4Address ? Rtnetlink.AF_INET : Rtnetlink.AF_INET6;
            if (family != expected) {
                throw new MalformedMessageException(
                        "neighbour miss of family " + family + " carries a " + dstLength + "-byte NDA_DST");
            }
            return a;
        }
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
