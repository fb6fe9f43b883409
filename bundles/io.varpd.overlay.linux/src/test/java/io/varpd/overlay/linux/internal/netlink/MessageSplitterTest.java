// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MessageSplitterTest {
    private final List<String> malformed = new ArrayList<>();

    @BeforeAll
    static void littleEndian() {
        Assumptions.assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "vectors are from x86-64");
    }

    @Test
    void splitsConsecutiveMessagesOnTheirAlignedLengths() {
        byte[] unaligned = new MessageWriter(Rtnetlink.RTM_NEWNEIGH, 0).u8(7).build(); // 17 bytes, padded to 20
        byte[] two = new byte[20 + KernelVectors.L2_MISS.length];
        System.arraycopy(unaligned, 0, two, 0, unaligned.length);
        System.arraycopy(KernelVectors.L2_MISS, 0, two, 20, KernelVectors.L2_MISS.length);
        List<NetlinkMessage> ms = MessageSplitter.split(two, two.length, malformed::add);
        assertEquals(2, ms.size());
        assertEquals(1, ms.get(0).length());
        assertEquals(Rtnetlink.RTM_GETNEIGH, ms.get(1).type());
        assertEquals(KernelVectors.L2_MISS.length - 16, ms.get(1).length());
        assertTrue(malformed.isEmpty());
    }

    @Test
    void headerClaimingMoreThanTheDatagramIsReportedAndTheRestSkipped() {
        byte[] b = KernelVectors.L3_MISS_V4.clone();
        byte[] two = Arrays.copyOf(b, b.length * 2);
        System.arraycopy(b, 0, two, b.length, b.length);
        two[b.length] = (byte) 0xff; // second message claims 255 bytes
        List<NetlinkMessage> ms = MessageSplitter.split(two, two.length, malformed::add);
        assertEquals(1, ms.size());
        assertEquals(1, malformed.size());
    }

    @Test
    void headerShorterThanAHeaderIsReportedNotLooped() {
        byte[] b = KernelVectors.L3_MISS_V4.clone();
        b[0] = 8;
        assertTrue(MessageSplitter.split(b, b.length, malformed::add).isEmpty());
        assertEquals(1, malformed.size());
    }

    @Test
    void trailingBytesShorterThanAHeaderAreReported() {
        byte[] b = Arrays.copyOf(KernelVectors.L3_MISS_V4, KernelVectors.L3_MISS_V4.length + 8);
        assertEquals(1, MessageSplitter.split(b, b.length, malformed::add).size());
        assertEquals(1, malformed.size());
    }

    @Test
    void onlyTheReceivedLengthIsRead() {
        byte[] b = Arrays.copyOf(KernelVectors.L2_MISS, 4096);
        assertEquals(
                1,
                MessageSplitter.split(b, KernelVectors.L2_MISS.length, malformed::add)
                        .size());
        assertTrue(malformed.isEmpty());
    }

    @Test
    void aLengthOutsideTheBufferIsReported() {
        assertTrue(MessageSplitter.split(new byte[4], 8, malformed::add).isEmpty());
        assertEquals(1, malformed.size());
    }
}
