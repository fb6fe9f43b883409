// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.frame;

import static io.varpd.frame.TestFrames.assertFrame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.varpd.api.MacAddress;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** Frames built without a request: gratuitous ARP, fresh ARP replies, unsolicited advertisements. */
class AnnouncementFramesTest {
    static final MacAddress MAC_B = MacAddress.of(0x02_00_00_00_00_0bL);
    static final MacAddress MAC_A = MacAddress.of(0x02_00_00_00_00_0aL);

    static Inet4Address v4(String s) throws Exception {
        return (Inet4Address) InetAddress.getByName(s);
    }

    static Inet6Address v6(String s) throws Exception {
        return (Inet6Address) InetAddress.getByName(s);
    }

    @Test
    void gratuitousArpUntaggedIs42Bytes() throws Exception {
        byte[] f = GratuitousArp.build(0, MAC_B, v4("10.0.0.2"), MacAddress.BROADCAST);
        assertFrame(
                "ffffffffffff 02000000000b 0806 | 0001 0800 06 04 0001"
                        + "| 02000000000b 0a000002 | ffffffffffff 0a000002",
                f);
    }

    @Test
    void gratuitousArpTaggedIs46BytesWithTciEqualToTheVlan() throws Exception {
        byte[] f = GratuitousArp.build(4094, MAC_B, v4("10.0.0.2"), MAC_A);
        assertFrame(
                "02000000000a 02000000000b 8100 0ffe 0806 | 0001 0800 06 04 0001"
                        + "| 02000000000b 0a000002 | ffffffffffff 0a000002",
                f);
    }

    @Test
    void gratuitousArpRefusesVlansOutside0To4094() throws Exception {
        Inet4Address ip = v4("10.0.0.2");
        assertThrows(IllegalArgumentException.class, () -> GratuitousArp.build(4095, MAC_B, ip, MAC_A));
        assertThrows(IllegalArgumentException.class, () -> GratuitousArp.build(-1, MAC_B, ip, MAC_A));
    }

    @Test
    void freshArpReplyCanBeBroadcast() throws Exception {
        byte[] f = ArpReply.build(7, MAC_B, v4("10.0.0.2"), MacAddress.BROADCAST, v4("10.0.0.1"));
        assertFrame(
                "ffffffffffff 02000000000b 8100 0007 0806 | 0001 0800 06 04 0002"
                        + "| 02000000000b 0a000002 | ffffffffffff 0a000001",
                f);
    }

    @Test
    void freshArpReplyToOneHostIsThatHostsAddress() throws Exception {
        byte[] f = ArpReply.build(0, MAC_B, v4("10.0.0.2"), MAC_A, v4("10.0.0.1"));
        // The same bytes as the in-place proxy reply, without padding.
        assertFrame(
                "02000000000a 02000000000b 0806 | 0001 0800 06 04 0002"
                        + "| 02000000000b 0a000002 | 02000000000a 0a000001",
                f);
    }

    @Test
    void unsolicitedAdvertisementHasOverrideOnly() throws Exception {
        byte[] f = NeighborAdvertisement.unsolicited(
                0, MAC_B, v6("fd00::2"), NeighborAdvertisement.ALL_NODES_MAC, NeighborAdvertisement.ALL_NODES);
        // Checksum 5a8f computed independently.
        assertFrame(
                "333300000001 02000000000b 86dd | 60000000 0020 3a ff"
                        + "| fd000000000000000000000000000002 | ff020000000000000000000000000001"
                        + "| 88 00 5a8f 20000000 | fd000000000000000000000000000002 | 02 01 02000000000b",
                f);
        assertEquals(0xffff, TestFrames.icmpv6WordSum(f, 14));
    }

    @Test
    void unsolicitedAdvertisementCanBeTagged() throws Exception {
        byte[] f = NeighborAdvertisement.unsolicited(
                42, MAC_B, v6("fd00::2"), NeighborAdvertisement.ALL_NODES_MAC, NeighborAdvertisement.ALL_NODES);
        assertEquals(18 + 72, f.length);
        assertFrame("333300000001 02000000000b 8100 002a 86dd", java.util.Arrays.copyOf(f, 18));
        assertEquals(0xffff, TestFrames.icmpv6WordSum(f, 18));
    }

    @Test
    void allNodesConstantsAreTheWellKnownAddresses() {
        assertEquals("ff02:0:0:0:0:0:0:1", NeighborAdvertisement.ALL_NODES.getHostAddress());
        assertEquals("33:33:00:00:00:01", NeighborAdvertisement.ALL_NODES_MAC.toString());
    }
}
