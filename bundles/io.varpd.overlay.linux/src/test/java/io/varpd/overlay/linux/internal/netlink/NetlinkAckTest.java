// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NetlinkAckTest {
    @BeforeAll
    static void littleEndian() {
        Assumptions.assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "vectors are from x86-64");
    }

    private static NetlinkAck decode(byte[] b) throws MalformedMessageException {
        return NetlinkAck.decode(MessageSplitter.split(b, b.length, r -> {
                    throw new AssertionError(r);
                })
                .get(0));
    }

    @Test
    void capppedAckIsErrorZeroWithTheRequestHeader() throws Exception {
        NetlinkAck a = decode(Hex.bytes("24 00 00 00 02 00 00 01 2a 00 00 00 11 22 00 00 | 00 00 00 00 |"
                + " 30 00 00 00 1c 00 05 05 2a 00 00 00 00 00 00 00"));
        assertTrue(a.isAck());
        assertEquals(Rtnetlink.RTM_NEWNEIGH, a.requestType());
        assertEquals(42, a.requestSequence());
        assertTrue(a.message().isEmpty());
    }

    @Test
    void extendedAckTextIsSurfaced() throws Exception {
        byte[] b = new MessageWriter(Netlink.NLMSG_ERROR, Netlink.NLM_F_CAPPED | Netlink.NLM_F_ACK_TLVS)
                .u32(-17)
                .u32(48)
                .u16(Rtnetlink.RTM_NEWLINK)
                .u16(0x605)
                .u32(5)
                .u32(0)
                .attrString(Netlink.NLMSGERR_ATTR_MSG, "A VXLAN device with the specified VNI already exists.")
                .build();
        NetlinkAck a = decode(b);
        assertEquals(17, a.errno());
        assertEquals(5, a.requestSequence());
        assertEquals(
                "A VXLAN device with the specified VNI already exists.",
                a.message().orElseThrow());
    }

    @Test
    void uncappedErrorSkipsTheEchoedRequestBeforeTheText() throws Exception {
        byte[] request =
                NeighbourRequests.neighbourDelete(3, java.net.InetAddress.getByAddress(new byte[] {10, 42, 0, 9}));
        MessageWriter w = new MessageWriter(Netlink.NLMSG_ERROR, Netlink.NLM_F_ACK_TLVS)
                .u32(-22)
                .raw(request);
        byte[] b = w.attrString(Netlink.NLMSGERR_ATTR_MSG, "No link layer address given")
                .build();
        NetlinkAck a = decode(b);
        assertEquals(22, a.errno());
        assertEquals("No link layer address given", a.message().orElseThrow());
    }

    @Test
    void anErrorShorterThanItsHeaderIsMalformed() {
        byte[] b = new MessageWriter(Netlink.NLMSG_ERROR, 0).u32(0).u32(16).build();
        assertThrows(MalformedMessageException.class, () -> decode(b));
    }

    @Test
    void anEchoLongerThanTheMessageIsMalformed() {
        byte[] b = new MessageWriter(Netlink.NLMSG_ERROR, Netlink.NLM_F_ACK_TLVS)
                .u32(-22)
                .u32(400)
                .u16(28)
                .u16(5)
                .u32(1)
                .u32(0)
                .build();
        assertThrows(MalformedMessageException.class, () -> decode(b));
    }
    // Found by NetlinkDecoderFuzzTest: an NLMSG_ERROR whose error was not 0 or a negative errno
    // decoded as a failure with a negative "positive errno" (errno -1 here), which the request
    // socket reported as "errno -1" instead of counting the answer as malformed.
    @Test
    void anErrorAboveZeroIsMalformedRatherThanANegativeErrno() {
        // the capped ACK above with bit 0 of the error flipped: error = +1
        byte[] b = Hex.bytes("24 00 00 00 02 00 00 01 2a 00 00 00 11 22 00 00 | 01 00 00 00 |"
                + " 30 00 00 00 1c 00 05 05 2a 00 00 00 00 00 00 00");
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> decode(b));
        assertTrue(e.getMessage().contains("error 1") && e.getMessage().contains("-4095"), e.getMessage());
    }

    @Test
    void anErrorBeyondTheLargestErrnoIsMalformed() {
        for (int error : new int[] {-4096, Integer.MIN_VALUE}) {
            byte[] b = new MessageWriter(Netlink.NLMSG_ERROR, Netlink.NLM_F_CAPPED)
                    .u32(error)
                    .u32(36)
                    .u16(Rtnetlink.RTM_NEWNEIGH)
                    .u16(0x505)
                    .u32(42)
                    .u32(0)
                    .build();
            assertThrows(MalformedMessageException.class, () -> decode(b), "error " + error);
        }
    }

    @Test
    void theLargestErrnoIsStillAnError() throws Exception {
        byte[] b = new MessageWriter(Netlink.NLMSG_ERROR, Netlink.NLM_F_CAPPED)
                .u32(-4095)
                .u32(36)
                .u16(Rtnetlink.RTM_NEWNEIGH)
                .u16(0x505)
                .u32(42)
                .u32(0)
                .build();
        assertEquals(4095, decode(b).errno());
    }
}
