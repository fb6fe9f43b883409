// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.frame;

import static io.varpd.frame.ProxyArpTest.assertRejected;
import static io.varpd.frame.TestFrames.assertFrame;
import static io.varpd.frame.TestFrames.hex;
import static io.varpd.frame.TestFrames.lookup;
import static io.varpd.frame.TestFrames.withDestination;
import static io.varpd.frame.TestFrames.withSap;
import static io.varpd.frame.TestFrames.withSizes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.varpd.api.MacAddress;
import org.junit.jupiter.api.Test;

class ProxyNdpTest {
    static final String FD00_A = "fd00000000000000000000000000000a";
    static final String FD00_2 = "fd000000000000000000000000000002";
    /** IPv6 header of the NS: traffic class 0xe0, flow label 0x12345, payload 32, ICMPv6, hop limit 255. */
    static final String NS_IP6 = "6e012345 0020 3a ff |" + FD00_A + "| ff0200000000000000000001ff000002";
    /** NS for fd00::2 with a Source Link-Layer Address option; checksum computed independently. */
    static final String NS_ICMP = "87 00 7d85 00000000 |" + FD00_2 + "| 01 01 02000000000a";

    static final String NS = "3333ff000002 02000000000a 86dd |" + NS_IP6 + "|" + NS_ICMP;
    static final MacAddress RESOLVED = MacAddress.of(0x02_00_00_00_00_0bL);
    /** The advertisement expected for NS, written out by hand (checksum computed independently). */
    static final String NA_IP6_ICMP = "6e012345 0020 3a ff |" + FD00_2 + "|" + FD00_A + "| 88 00 1c88 60000000 |"
            + FD00_2 + "| 02 01 02000000000b";

    // Offsets in the untagged NS frame.
    static final int PLEN = 19;
    static final int NEXT_HEADER = 20;
    static final int SRC = 22;
    static final int DST = 38;
    static final int TYPE = 54;
    static final int TARGET = 62;
    static final int OPTION = 78;

    static Validation<NeighborSolicitation> validate(byte[] frame) {
        return ProxyNdp.validate(lookup(frame), frame, frame.length);
    }

    static void put(byte[] f, int off, String hex) {
        byte[] b = hex(hex);
        System.arraycopy(b, 0, f, off, b.length);
    }

    @Test
    void neighborSolicitationIsAcceptedWithItsAddresses() {
        NeighborSolicitation ns = validate(hex(NS)).value();
        assertEquals("fd00:0:0:0:0:0:0:2", ns.target().getHostAddress());
        assertEquals("fd00:0:0:0:0:0:0:a", ns.sourceIp().getHostAddress());
        assertEquals("02:00:00:00:00:0a", ns.sourceLinkLayer().toString());
    }

    @Test
    void nsToNonIpv6MulticastMacIsRejected() {
        byte[] f = hex(NS);
        assertRejected(
                ProxyNdp.validate(withDestination(lookup(f), RESOLVED), f, f.length), "does not start with 33:33");
    }

    @Test
    void nsWithNonIpv6SapIsRejected() {
        byte[] f = hex(NS);
        assertRejected(ProxyNdp.validate(withSap(lookup(f), 0x0800), f, f.length), "not IPv6: sap 0x0800");
    }

    @Test
    void nsLargerThan1518IsRejected() {
        byte[] f = hex(NS);
        assertRejected(ProxyNdp.validate(withSizes(lookup(f), 14, 1505), f, f.length), "> 1518");
    }

    @Test
    void nsShorterThan64IsRejected() {
        byte[] f = hex(NS);
        assertRejected(ProxyNdp.validate(withSizes(lookup(f), 14, 63), f, 77), "pktsize 63 < 64");
    }

    @Test
    void nsCopiedShorterThanDeclaredIsRejected() {
        byte[] f = hex(NS);
        assertRejected(ProxyNdp.validate(lookup(f), f, 80), "copied frame is 80 bytes");
    }

    @Test
    void nsWithIpVersion4IsRejected() {
        byte[] f = hex(NS);
        f[14] = 0x4e;
        assertRejected(validate(f), "not IPv6: version 4");
    }

    @Test
    void nsBehindAnExtensionHeaderIsRejected() {
        byte[] f = hex(NS);
        f[NEXT_HEADER] = 0; // hop-by-hop options
        assertRejected(validate(f), "not ICMPv6: next header 0");
    }

    @Test
    void nsToSiteScopeMulticastIsRejected() {
        byte[] f = hex(NS);
        f[DST + 1] = 0x05; // ff05::1:ff00:2
        assertRejected(validate(f), "is not a solicited-node or link-local multicast address");
    }

    @Test
    void nsToUnicastIsRejected() {
        byte[] f = hex(NS);
        put(f, DST, FD00_2);
        assertRejected(validate(f), "is not a solicited-node or link-local multicast address");
    }

    @Test
    void nsToAllNodesLinkLocalMulticastIsAccepted() {
        byte[] f = hex(NS);
        put(f, DST, "ff020000000000000000000000000001");
        assertEquals("fd00:0:0:0:0:0:0:2", validate(f).value().target().getHostAddress());
    }

    @Test
    void nsWithPayloadLengthBeyondTheFrameIsRejected() {
        byte[] f = hex(NS);
        f[PLEN] = 33;
        assertRejected(validate(f), "IPv6 payload length 33 exceeds the 32 bytes");
    }

    @Test
    void nonNsIcmpWithCodeZeroIsRejected() {
        byte[] f = hex(NS);
        f[TYPE] = (byte) 136; // a Neighbor Advertisement; the original let this through (code 0)
        assertRejected(validate(f), "not a Neighbor Solicitation: ICMPv6 type 136 code 0");
    }

    @Test
    void nsWithNonZeroCodeIsRejected() {
        byte[] f = hex(NS);
        f[TYPE + 1] = 1;
        assertRejected(validate(f), "ICMPv6 type 135 code 1");
    }

    @Test
    void nsForMulticastTargetIsRejected() {
        byte[] f = hex(NS);
        put(f, TARGET, "ff020000000000000000000000000001");
        assertRejected(validate(f), "is multicast");
    }

    @Test
    void nsForV4MappedTargetIsRejected() {
        byte[] f = hex(NS);
        put(f, TARGET, "00000000000000000000ffff0a000002");
        assertRejected(validate(f), "is v4-mapped");
    }

    @Test
    void nsForLoopbackTargetIsRejected() {
        byte[] f = hex(NS);
        put(f, TARGET, "00000000000000000000000000000001");
        assertRejected(validate(f), "is loopback");
    }

    @Test
    void nsWithPayloadShorterThanItsFixedPartIsRejected() {
        byte[] f = hex(NS);
        f[PLEN] = 16;
        assertRejected(validate(f), "IPv6 payload length 16 is shorter than a Neighbor Solicitation");
    }

    @Test
    void nsWithZeroLengthOptionIsRejected() {
        byte[] f = hex(NS);
        f[OPTION + 1] = 0;
        assertRejected(validate(f), "NS option type 1 has length 0");
    }

    @Test
    void nsWithOptionRunningPastThePayloadIsRejected() {
        byte[] f = hex(NS);
        f[OPTION + 1] = 2; // 16 bytes, only 8 left
        assertRejected(validate(f), "runs past the end of the IPv6 payload");
    }

    @Test
    void nsWithoutSourceLinkLayerOptionIsRejected() {
        byte[] f = hex(NS);
        f[OPTION] = 14; // a Nonce option instead
        assertRejected(validate(f), "NS has no Source Link-Layer Address option");
    }

    @Test
    void sourceLinkLayerOptionOutsideThePayloadIsIgnored() {
        byte[] f = hex(NS);
        f[PLEN] = 24; // the option bytes become padding
        assertRejected(validate(f), "NS has no Source Link-Layer Address option");
    }

    @Test
    void duplicateAddressDetectionProbeIsRejected() {
        byte[] f = hex(NS);
        put(f, SRC, "00000000000000000000000000000000");
        f[PLEN] = 24;
        assertRejected(validate(f), "no Source Link-Layer Address option");
    }

    @Test
    void sourceLinkLayerOptionAfterAnotherOptionIsFound() {
        byte[] f = hex("3333ff000002 02000000000a 86dd | 6e012345 0028 3a ff |" + FD00_A
                + "| ff0200000000000000000001ff000002 | 87 00 0000 00000000 |" + FD00_2
                + "| 0e 01 010203040506 | 01 01 02000000000c");
        assertEquals("02:00:00:00:00:0c", validate(f).value().sourceLinkLayer().toString());
    }

    @Test
    void advertisementAnswersTheSolicitation() {
        byte[] ns = hex(NS);
        byte[] na = ProxyNdp.buildAdvertisement(ns, ns.length, RESOLVED);
        assertFrame("02000000000a 02000000000b 86dd |" + NA_IP6_ICMP, na);
        assertEquals(14 + 72, na.length);
        assertEquals(0xffff, TestFrames.icmpv6WordSum(na, 14), "checksum verified by a plain word sum");
        assertArrayEquals(hex(NS), ns, "the caller's frame is not modified");
    }

    @Test
    void vlanTagIsKeptInAdvertisement() {
        byte[] ns = hex("3333ff000002 02000000000a 8100 2064 86dd |" + NS_IP6 + "|" + NS_ICMP);
        assertEquals(
                100,
                ProxyNdp.validate(lookup(ns), ns, ns.length).value().ethernet().vlan());
        byte[] na = ProxyNdp.buildAdvertisement(ns, ns.length, RESOLVED);
        assertFrame("02000000000a 02000000000b 8100 2064 86dd |" + NA_IP6_ICMP, na);
        assertEquals(0xffff, TestFrames.icmpv6WordSum(na, 18));
    }

    @Test
    void advertisementIgnoresPaddingAndLongerOptionsOfTheSolicitation() {
        byte[] ns = hex(NS + "| 0000000000000000"); // 8 bytes of trailing padding
        byte[] na = ProxyNdp.buildAdvertisement(ns, ns.length, RESOLVED);
        assertFrame("02000000000a 02000000000b 86dd |" + NA_IP6_ICMP, na);
    }

    @Test
    void buildAdvertisementRefusesAFrameTooShortForAnNs() {
        byte[] ns = hex(NS);
        assertThrows(IllegalArgumentException.class, () -> ProxyNdp.buildAdvertisement(ns, 77, RESOLVED));
    }
}
