// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.varpd.overlay.linux.internal.netlink.ClassicBpf;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The capture's kernel filter: ARP, NS and NA received by the host, cut short; nothing else. */
class PacketCaptureTest {
    private static final int PKTTYPE = 4;
    private static final int HOST = 0;
    private static final int OUTGOING = 4;

    private static byte[] frame(int ethertype, int nextHeader, int icmpType) {
        ByteBuffer b = ByteBuffer.allocate(200);
        b.position(12);
        b.putShort((short) ethertype);
        b.put(20, (byte) nextHeader).put(54, (byte) icmpType);
        return b.array();
    }

    private static int verdict(byte[] frame, int packetType) {
        return ClassicBpf.run(PacketCapture.filter(), frame, k -> k == PKTTYPE ? packetType : 0);
    }

    @Test
    void arpAndNeighborDiscoveryReceivedAreKeptCutShort() {
        assertEquals(PacketCapture.SNAP, verdict(frame(0x0806, 0, 0), HOST));
        assertEquals(PacketCapture.SNAP, verdict(frame(0x86dd, 58, 135), HOST));
        assertEquals(PacketCapture.SNAP, verdict(frame(0x86dd, 58, 136), HOST));
    }

    @Test
    void everythingElseAndWhatTheHostSendsIsDropped() {
        assertEquals(0, verdict(frame(0x0806, 0, 0), OUTGOING));
        assertEquals(0, verdict(frame(0x0800, 58, 135), HOST));
        assertEquals(0, verdict(frame(0x86dd, 6, 135), HOST));
        assertEquals(0, verdict(frame(0x86dd, 58, 128), HOST));
        assertEquals(0, verdict(frame(0x86dd, 58, 134), HOST));
    }
}
