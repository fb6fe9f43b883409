// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.varpd.api.IpAddresses;
import io.varpd.api.MacAddress;
import java.net.InetAddress;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NeighbourRequestsTest {
    private static final MacAddress MAC9 = MacAddress.of(0x02420a2a0009L);

    @BeforeAll
    static void littleEndian() {
        Assumptions.assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "vectors are from x86-64");
    }

    private static InetAddress ip(String s) {
        return IpAddresses.parse(s).orElseThrow();
    }

    private static String stamped(byte[] m, int seq) {
        MessageWriter.stampSequence(m, seq);
        return Hex.text(m);
    }

    @Test
    void fdbReplaceIsWhatBridgeFdbReplaceSelfPermanentSends() {
        // strace of `bridge fdb replace 02:42:0a:2a:00:09 dev vx0 dst 192.0.2.9 self permanent` (section 3.4)
        String expected = Hex.text(
                Hex.bytes(
                        "30 00 00 00 1c 00 05 05 2a 00 00 00 00 00 00 00"
                                + " 07 00 00 00 03 00 00 00 c0 00 02 00 | 0a 00 02 00 02 42 0a 2a 00 09 00 00 | 08 00 01 00 c0 00 02 09"));
        assertEquals(expected, stamped(NeighbourRequests.fdbReplace(3, MAC9, ip("192.0.2.9"), 0, -1), 42));
    }

    @Test
    void fdbReplaceToAnIpv6RemoteIsWhatBridgeFdbReplaceSends() {
        // strace of `bridge fdb replace 02:42:0a:2a:00:09 dev vx3 dst fd00:0:46::9 self permanent`
        // (kernel 6.18, iproute2 6.1, vx3 = ifindex 2, an IPv6 vxlan): a 16-byte NDA_DST, family still AF_BRIDGE.
        String expected = Hex.text(Hex.bytes("3c 00 00 00 1c 00 05 05 81 b2 07 6b 00 00 00 00"
                + " 07 00 00 00 02 00 00 00 c0 00 02 00 | 0a 00 02 00 02 42 0a 2a 00 09 00 00"
                + " | 14 00 01 00 fd 00 00 00 00 46 00 00 00 00 00 00 00 00 00 09"));
        assertEquals(expected, stamped(NeighbourRequests.fdbReplace(2, MAC9, ip("fd00:0:46::9"), 0, -1), 0x6b07b281));
    }

    @Test
    void defaultEntryToAnIpv6PointIsWhatBridgeFdbAppendSends() {
        // strace of `bridge fdb append 00:00:00:00:00:00 dev vx3 dst fd00:0:46::2 self permanent`
        String expected = Hex.text(Hex.bytes("3c 00 00 00 1c 00 05 0c 81 b2 07 6b 00 00 00 00"
                + " 07 00 00 00 02 00 00 00 c0 00 02 00 | 0a 00 02 00 00 00 00 00 00 00 00 00"
                + " | 14 00 01 00 fd 00 00 00 00 46 00 00 00 00 00 00 00 00 00 02"));
        assertEquals(
                expected, stamped(NeighbourRequests.fdbAppend(2, MacAddress.ZERO, ip("fd00:0:46::2"), 0), 0x6b07b281));
    }

    @Test
    void anIpv6DropEntryHasTheSixteenByteUnspecifiedRemote() {
        // `bridge fdb replace MAC dev vx3 dst :: self permanent`: vxlan_xmit drops frames to it.
        byte[] m = NeighbourRequests.fdbReplace(2, MAC9, InetBytes.any(ip("fd00:0:46::1")), 0, -1);
        String text = Hex.text(m);
        assertEquals(60, m.length);
        assertEquals("14 00 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00", text.substring(text.length() - 59));
    }

    @Test
    void fdbPortIsBigEndianAndVniHostOrder() {
        byte[] m = NeighbourRequests.fdbReplace(3, MAC9, ip("192.0.2.9"), 8472, 4243);
        String text = Hex.text(m);
        assertEquals(64, m.length);
        assertEquals("06 00 06 00 21 18 00 00 08 00 07 00 93 10 00 00", text.substring(text.length() - 47));
    }

    @Test
    void fdbGetAsksForOneMacOfTheVxlanItself() {
        // What `bridge fdb get 02:42:0a:2a:00:09 dev vx0 self` sends: no dump flag, state and type 0
        // (rtnl_fdb_get refuses anything else), NTF_SELF so the vxlan rather than its bridge answers.
        String expected = Hex.text(Hex.bytes("28 00 00 00 1e 00 01 00 05 00 00 00 00 00 00 00"
                + " 07 00 00 00 03 00 00 00 00 00 02 00 | 0a 00 02 00 02 42 0a 2a 00 09 00 00"));
        assertEquals(expected, stamped(NeighbourRequests.fdbGet(3, MAC9), 5));
    }

    @Test
    void neighbourDumpNamesTheDeviceInAnAttributeNotTheHeader() {
        // Strict checking refuses a header ifindex in neighbour dumps (neigh_valid_dump_req).
        String expected = Hex.text(Hex.bytes("24 00 00 00 1e 00 01 03 09 00 00 00 00 00 00 00"
                + " 00 00 00 00 00 00 00 00 00 00 00 00 | 08 00 08 00 03 00 00 00"));
        assertEquals(expected, stamped(NeighbourRequests.neighbourDump(3), 9));
    }

    @Test
    void fdbDeleteCarriesOnlyTheMac() {
        String expected = Hex.text(Hex.bytes("28 00 00 00 1d 00 05 00 07 00 00 00 00 00 00 00"
                + " 07 00 00 00 03 00 00 00 c0 00 02 00 | 0a 00 02 00 02 42 0a 2a 00 09 00 00"));
        assertEquals(expected, stamped(NeighbourRequests.fdbDelete(3, MAC9), 7));
    }

    @Test
    void defaultEntryIsAppendedNotReplaced() {
        byte[] m = NeighbourRequests.fdbAppend(3, MacAddress.ZERO, ip("192.0.2.2"), 0);
        assertEquals("30 00 00 00 1c 00 05 0c", Hex.text(m).substring(0, 23));
    }

    @Test
    void fdbDumpIsAnNdmsgForTheDevice() {
        assertEquals(
                Hex.text(Hex.bytes(
                        "1c 00 00 00 1e 00 01 03 01 00 00 00 00 00 00 00 07 00 00 00 03 00 00 00 00 00 00 00")),
                stamped(NeighbourRequests.fdbDump(3), 1));
    }

    @Test
    void neighbourReplaceIsPermanentWithDestinationAndLladdr() {
        String expected = Hex.text(
                Hex.bytes(
                        "30 00 00 00 1c 00 05 05 02 00 00 00 00 00 00 00"
                                + " 02 00 00 00 03 00 00 00 c0 00 00 00 | 08 00 01 00 0a 2a 00 09 | 0a 00 02 00 02 42 0a 2a 00 09 00 00"));
        assertEquals(expected, stamped(NeighbourRequests.neighbourReplace(3, ip("10.42.0.9"), MAC9), 2));
    }

    @Test
    void ipv6NeighbourUsesAfInet6AndSixteenBytes() {
        byte[] m = NeighbourRequests.neighbourReplace(3, ip("fd42::9"), MAC9);
        assertEquals(16 + 12 + 20 + 12, m.length);
        assertEquals(Rtnetlink.AF_INET6, m[16]);
        assertEquals("14 00 01 00 fd 42", Hex.text(m).substring(28 * 3, 28 * 3 + 17));
    }

    @Test
    void neighbourCompleteReplacesOnlyAnExistingEntryAsReachable() {
        // NLM_F_REPLACE without NLM_F_CREATE (0x0105), NUD_REACHABLE (0x02), no NTF flags.
        String expected = Hex.text(
                Hex.bytes(
                        "30 00 00 00 1c 00 05 01 02 00 00 00 00 00 00 00"
                                + " 02 00 00 00 03 00 00 00 02 00 00 00 | 08 00 01 00 0a 2a 00 09 | 0a 00 02 00 02 42 0a 2a 00 09 00 00"));
        assertEquals(expected, stamped(NeighbourRequests.neighbourComplete(3, ip("10.42.0.9"), MAC9), 2));
    }

    @Test
    void neighbourDeleteCarriesTheDestination() {
        String expected = Hex.text(Hex.bytes("24 00 00 00 1d 00 05 00 03 00 00 00 00 00 00 00"
                + " 02 00 00 00 03 00 00 00 80 00 00 00 | 08 00 01 00 0a 2a 00 09"));
        assertEquals(expected, stamped(NeighbourRequests.neighbourDelete(3, ip("10.42.0.9")), 3));
    }

    @Test
    void ourRequestsDecodeBackThroughTheReader() throws Exception {
        byte[] m = NeighbourRequests.fdbReplace(3, MAC9, ip("2001:db8::9"), 4790, -1);
        NeighbourMessage n = NeighbourMessage.decode(MessageSplitter.split(m, m.length, r -> {
                    throw new AssertionError(r);
                })
                .get(0));
        assertEquals(MAC9, n.lladdr().orElseThrow());
        assertEquals(ip("2001:db8::9"), n.destination().orElseThrow());
        assertEquals(4790, n.port().orElseThrow());
    }
}
