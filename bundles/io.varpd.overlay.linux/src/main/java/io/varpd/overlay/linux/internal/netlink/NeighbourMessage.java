// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.netlink;

import io.varpd.api.MacAddress;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * A decoded {@code RTM_*NEIGH} message: the {@code ndmsg} fields and the NDA attributes. Used for kernel notifications
 * (misses, FDB and neighbour changes) and dump replies alike.
 */
public record NeighbourMessage(
        int messageType, int family, int ifindex, int state, int flags, int ndmType, Attributes attributes) {

    public static boolean isNeighbourType(int type) {
        return type == Rtnetlink.RTM_NEWNEIGH || type == Rtnetlink.RTM_DELNEIGH || type == Rtnetlink.RTM_GETNEIGH;
    }

    /** Decodes {@code m}, which must be an {@code RTM_*NEIGH} message. */
    public static NeighbourMessage decode(NetlinkMessage m) throws MalformedMessageException {
        if (!isNeighbourType(m.type())) {
            throw new IllegalArgumentException("message type " + m.type() + " is not a neighbour message");
        }
        ByteBuffer b = m.body();
        if (b.limit() < Neighbours.NDMSG_LENGTH) {
            throw new MalformedMessageException("neighbour message of " + b.limit() + " bytes, shorter than ndmsg ("
                    + Neighbours.NDMSG_LENGTH + ")");
        }
        int family = Byte.toUnsignedInt(b.get(0));
        int ifindex = b.getInt(4);
        int state = Short.toUnsignedInt(b.getShort(8));
        int flags = Byte.toUnsignedInt(b.get(10));
        int type = Byte.toUnsignedInt(b.get(11));
        return new NeighbourMessage(
                m.type(), family, ifindex, state, flags, type, Attributes.parse(b, Neighbours.NDMSG_LENGTH));
    }

    /** {@code NDA_LLADDR} as a MAC; it must be 6 bytes. */
    public Optional<MacAddress> lladdr() throws MalformedMessageException {
        return attributes.bytes(Neighbours.NDA_LLADDR, MacAddress.LENGTH).map(MacAddress::of);
    }

    /** {@code NDA_DST}: 4 or 16 bytes. */
    public Optional<InetAddress> destination() throws MalformedMessageException {
        Optional<byte[]> b = attributes.bytes(Neighbours.NDA_DST);
        return b.isEmpty() ? Optional.empty() : Optional.of(InetBytes.address(b.get(), "NDA_DST"));
    }

    /** {@code NDA_PORT} (big-endian on the wire). */
    public Optional<Integer> port() throws MalformedMessageException {
        return attributes.be16(Neighbours.NDA_PORT);
    }

    /** {@code NDA_VNI} (host order). */
    public Optional<Long> vni() throws MalformedMessageException {
        return attributes.u32(Neighbours.NDA_VNI);
    }

    public boolean hasState(int bits) {
        return (state & bits) != 0;
    }

    public boolean hasFlag(int bits) {
        return (flags & bits) != 0;
    }
}
