// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.varpd.api.IpAddresses;
import io.varpd.api.MacAddress;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RequestPackerTest {
    private static final MacAddress MAC9 = MacAddress.of(0x02420a2a0009L);

    private static InetAddress ip(String s) {
        return IpAddresses.parse(s).orElseThrow();
    }

    /** {@code single} as a batch carries it: no ACK asked for, sequence 0 (stamped when sent). */
    private static byte[] withoutAck(byte[] single) {
        byte[] m = single.clone();
        ByteBuffer b = ByteBuffer.wrap(m).order(ByteOrder.nativeOrder());
        b.putShort(6, (short) (b.getShort(6) & ~Netlink.NLM_F_ACK));
        return m;
    }

    private static byte[] concat(byte[]... parts) {
        byte[] out = new byte[0];
        for (byte[] p : parts) {
            int at = out.length;
            out = Arrays.copyOf(out, at + p.length);
            System.arraycopy(p, 0, out, at, p.length);
        }
        return out;
    }

    @Test
    void packedInstallsAreTheSingleRequestsWithoutAckOneAfterAnother() {
        RequestPacker p = new RequestPacker(16); // grows on the way
        p.fdbReplace(3, MAC9, ip("192.0.2.9"), 0);
        p.fdbReplace(3, MAC9, ip("192.0.2.9"), 4790);
        p.fdbReplace(2, MAC9, ip("fd00:0:46::9"), 0);
        p.neighbourReplace(3, ip("10.42.0.9"), MAC9);
        p.neighbourReplace(3, ip("fd42::9"), MAC9);
        p.neighbourComplete(4, ip("10.42.0.9"), MAC9);
        byte[] expected = concat(
                withoutAck(NeighbourRequests.fdbReplace(3, MAC9, ip("192.0.2.9"), 0, -1)),
                withoutAck(NeighbourRequests.fdbReplace(3, MAC9, ip("192.0.2.9"), 4790, -1)),
                withoutAck(NeighbourRequests.fdbReplace(2, MAC9, ip("fd00:0:46::9"), 0, -1)),
                withoutAck(NeighbourRequests.neighbourReplace(3, ip("10.42.0.9"), MAC9)),
                withoutAck(NeighbourRequests.neighbourReplace(3, ip("fd42::9"), MAC9)),
                withoutAck(NeighbourRequests.neighbourComplete(4, ip("10.42.0.9"), MAC9)));
        assertEquals(6, p.count());
        assertEquals(Arrays.toString(expected), Arrays.toString(Arrays.copyOf(p.bytes(), p.size())));
    }

    @Test
    void aClearedPackerWritesOverItsOldBytesExactly() {
        RequestPacker p = new RequestPacker(256);
        p.fdbReplace(2, MacAddress.of(0xffff_ffff_fffeL), ip("fd00:ffff:ffff::ffff"), 65535);
        p.clear();
        p.neighbourReplace(3, ip("10.42.0.9"), MAC9);
        assertEquals(
                Arrays.toString(withoutAck(NeighbourRequests.neighbourReplace(3, ip("10.42.0.9"), MAC9))),
                Arrays.toString(Arrays.copyOf(p.bytes(), p.size())));
    }
}
