// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.netlink;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * A decoded {@code RTM_NEWADDR}/{@code RTM_DELADDR}: which interface and which address ({@code IFA_LOCAL} when present,
 * as for IPv4 point-to-point, else {@code IFA_ADDRESS}).
 *
 * @param address null when the message carries none
 */
public record AddressMessage(int messageType, int family, int index, InetAddress address) {

    public static boolean isAddressType(int type) {
        return type == Rtnetlink.RTM_NEWADDR || type == Rtnetlink.RTM_DELADDR;
    }

    public static AddressMessage decode(NetlinkMessage m) throws MalformedMessageException {
        if (!isAddressType(m.type())) {
            throw new IllegalArgumentException("message type " + m.type() + " is not an address message");
        }
        ByteBuffer b = m.body();
        if (b.limit() < Addresses.IFADDRMSG_LENGTH) {
            throw new MalformedMessageException("address message of " + b.limit() + " bytes, shorter than ifaddrmsg ("
                    + Addresses.IFADDRMSG_LENGTH + ")");
        }
        int family = Byte.toUnsignedInt(b.get(0));
        int index = b.getInt(4);
        Attributes a = Attributes.parse(b, Addresses.IFADDRMSG_LENGTH);
        Optional<byte[]> raw = a.bytes(Addresses.IFA_LOCAL).or(() -> a.bytes(Addresses.IFA_ADDRESS));
        InetAddress address = raw.isPresent() ? InetBytes.address(raw.get(), "IFA_ADDRESS") : null;
        return new AddressMessage(m.type(), family, index, address);
    }
}
