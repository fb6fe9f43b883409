// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.frame;

import static io.varpd.frame.TestFrames.assertFrame;
import static io.varpd.frame.TestFrames.hex;
import static io.varpd.frame.TestFrames.lookup;
import static io.varpd.frame.TestFrames.withSap;
import static io.varpd.frame.TestFrames.withSizes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.LookupRequest;
import io.varpd.api.MacAddress;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ProxyArpTest {
    static final String PAD = "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"; // 18 bytes of padding up to 60
    /** 02:..:0a (10.0.0.1) asks who has 10.0.0.2, broadcast, untagged, padded to 60 bytes. */
    static final String REQUEST = "ffffffffffff 02000000000a 0806"
            + "| 0001 0800 06 04 0001 | 02000000000a 0a000001 | 000000000000 0a000002 |" + PAD;

    static final MacAddress RESOLVED = MacAddress.of(0x02_00_00_00_00_0bL);

    static Validation<ArpRequest> validate(byte[] frame) {
        return ProxyArp.validate(lookup(frame), frame, frame.length);
    }

    static void assertRejected(Validation<?> v, String reasonPart) {
        assertFalse(v.isValid(), "expected a rejection mentioning '" + reasonPart + "'");
        assertTrue(v.reason().contains(reasonPart), v.reason());
    }

    @Test
    void arpRequestIsAcceptedWithItsAddresses() {
        ArpRequest r = validate(hex(REQUEST)).value();
        assertEquals("02:00:00:00:00:0a", r.senderMac().toString());
        assertEquals("10.0.0.1", r.senderIp().getHostAddress());
        assertEquals("10.0.0.2", r.targetIp().getHostAddress());
        assertEquals(0, r.ethernet().vlan());
    }

    @Test
    void arpWithOtherSapIsRejected() {
        byte[] f = hex(REQUEST);
        assertRejected(ProxyArp.validate(withSap(lookup(f), 0x0800), f, f.length), "not ARP: sap 0x0800");
    }

    @Test
    void arpLargerThan1518IsRejected() {
        byte[] f = hex(REQUEST);
        assertRejected(ProxyArp.validate(withSizes(lookup(f), 14, 1505), f, f.length), "> 1518");
    }

    @Test
    void arpShorterThan28IsRejected() {
        byte[] f = hex(REQUEST);
        assertRejected(ProxyArp.validate(withSizes(lookup(f), 14, 27), f, 41), "pktsize 27 < 28");
    }

    @Test
    void arpWithMacHeaderShorterThan14IsRejected() {
        byte[] f = hex(REQUEST);
        assertRejected(ProxyArp.validate(withSizes(lookup(f), 13, 47), f, f.length), "hdrsize 13 < 14");
    }

    @Test
    void arpCopiedLongerThanDeclaredIsRejected() {
        byte[] f = hex(REQUEST);
        assertRejected(ProxyArp.validate(withSizes(lookup(f), 14, 40), f, f.length), "copied frame is 60 bytes");
    }

    @Test
    void arpCopiedShorterThanDeclaredIsRejected() {
        byte[] f = hex(REQUEST);
        assertRejected(ProxyArp.validate(lookup(f), f, 50), "copied frame is 50 bytes");
    }

    @Test
    void arpLookupThatDisagreesWithTheFrameHeaderIsRejected() {
        byte[] f = hex(REQUEST);
        // The device claims a tagged header, the frame has none.
        assertRejected(ProxyArp.validate(withSizes(lookup(f), 18, 42), f, f.length), "disagrees with the lookup");
    }

    @Test
    void arpForNonEthernetHardwareIsRejected() {
        byte[] f = hex(REQUEST);
        f[15] = 6; // htype 6 (IEEE 802)
        assertRejected(validate(f), "htype 6");
    }

    @Test
    void arpForNonIpv4ProtocolIsRejected() {
        byte[] f = hex(REQUEST);
        f[16] = (byte) 0x86;
        f[17] = (byte) 0xdd;
        assertRejected(validate(f), "ptype 0x86dd");
    }

    @Test
    void arpWithOtherAddressLengthsIsRejected() {
        byte[] f = hex(REQUEST);
        f[18] = 8;
        assertRejected(validate(f), "hlen 8");
        f = hex(REQUEST);
        f[19] = 16;
        assertRejected(validate(f), "plen 16");
    }

    @Test
    void arpRequestWithOpcodeReplyIsRejected() {
        byte[] f = hex(REQUEST);
        f[21] = 2;
        assertRejected(validate(f), "not an ARP request: opcode 2");
    }

    @Test
    void gratuitousArpIsNotAnswered() {
        byte[] f = hex(REQUEST);
        f[41] = 1; // target IP 10.0.0.1 == sender IP
        assertRejected(validate(f), "gratuitous ARP (sender IP == target IP 10.0.0.1)");
    }

    @Test
    void arpReplyIsTheRequestRewrittenInPlace() {
        byte[] request = hex(REQUEST);
        byte[] reply = ProxyArp.buildReply(request, request.length, RESOLVED);
        assertFrame(
                "02000000000a 02000000000b 0806"
                        + "| 0001 0800 06 04 0002 | 02000000000b 0a000002 | 02000000000a 0a000001 |" + PAD,
                reply);
        assertArrayEquals(hex(REQUEST), request, "the caller's frame is not modified");
    }

    @Test
    void vlanTagIsKeptInArpReply() {
        // Priority 5, CFI 0, VLAN 123: the whole TCI a07b must survive.
        byte[] request = hex("ffffffffffff 02000000000a 8100 a07b 0806"
                + "| 0001 0800 06 04 0001 | 02000000000a 0a000001 | 000000000000 0a000002 |" + PAD);
        ArpRequest r =
                ProxyArp.validate(lookup(request), request, request.length).value();
        assertEquals(123, r.ethernet().vlan());
        byte[] reply = ProxyArp.buildReply(request, request.length, RESOLVED);
        assertFrame(
                "02000000000a 02000000000b 8100 a07b 0806"
                        + "| 0001 0800 06 04 0002 | 02000000000b 0a000002 | 02000000000a 0a000001 |" + PAD,
                reply);
    }

    @Test
    void arpPaddingIsKeptInReply() {
        byte[] request = hex(REQUEST);
        for (int i = 42; i < request.length; i++) {
            request[i] = (byte) i; // distinct padding bytes
        }
        byte[] reply = ProxyArp.buildReply(request, request.length, RESOLVED);
        assertEquals(60, reply.length);
        assertArrayEquals(Arrays.copyOfRange(request, 42, 60), Arrays.copyOfRange(reply, 42, 60));
    }

    @Test
    void arpReplyUsesOnlyTheCopiedLength() {
        byte[] buffer = Arrays.copyOf(hex(REQUEST), 1518); // a device buffer with room to spare
        LookupRequest req = lookup(hex(REQUEST));
        assertTrue(ProxyArp.validate(req, buffer, 60).isValid());
        assertEquals(60, ProxyArp.buildReply(buffer, 60, RESOLVED).length);
    }

    @Test
    void buildReplyRefusesAFrameTooShortForArp() {
        byte[] f = hex(REQUEST);
        assertThrows(IllegalArgumentException.class, () -> ProxyArp.buildReply(f, 41, RESOLVED));
    }
}
