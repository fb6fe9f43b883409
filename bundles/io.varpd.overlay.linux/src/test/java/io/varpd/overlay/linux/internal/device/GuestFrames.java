// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.device;

import io.varpd.api.MacAddress;
import java.net.InetAddress;
import java.nio.ByteBuffer;

/** Builds the guests' ARP and NDP frames the watch reads (tests). */
final class GuestFrames {
    private GuestFrames() {}

    static byte[] arp(int op, MacAddress source, MacAddress sender, InetAddress senderIp, InetAddress targetIp) {
        ByteBuffer b = ByteBuffer.allocate(42);
        b.put(MacAddress.BROADCAST.toBytes()).put(source.toBytes()).putShort((short) 0x0806);
        b.putShort((short) 1)
                .putShort((short) 0x0800)
                .put((byte) 6)
                .put((byte) 4)
                .putShort((short) op);
        b.put(sender.toBytes()).put(senderIp.getAddress()).put(new byte[6]).put(targetIp.getAddress());
        return b.array();
    }

    /** An NS (type 135) from {@code sourceIp}, or an NA (136) for {@code target}, with hop limit {@code hops}. */
    static byte[] ndp(int type, MacAddress source, InetAddress sourceIp, InetAddress target, int hops) {
        ByteBuffer b = ByteBuffer.allocate(14 + 40 + 24);
        b.put(MacAddress.of(0x3333ff000001L).toBytes()).put(source.toBytes()).putShort((short) 0x86dd);
        b.putInt(0x6000_0000).putShort((short) 24).put((byte) 58).put((byte) hops);
        b.put(sourceIp.getAddress()).put(new byte[16]);
        b.put((byte) type)
                .put((byte) 0)
                .putShort((short) 0)
                .putInt(type == 136 ? 0x6000_0000 : 0)
                .put(target.getAddress());
        return b.array();
    }
}
