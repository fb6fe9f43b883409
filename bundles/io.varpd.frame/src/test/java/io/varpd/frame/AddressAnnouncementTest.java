// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.IpAddresses;
import io.varpd.api.MacAddress;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AddressAnnouncementTest {
    private static final MacAddress MAC = MacAddress.of(0x02420a2a0009L);
    private static final Inet4Address IP =
            (Inet4Address) IpAddresses.parse("10.42.0.9").orElseThrow();
    private static final Inet6Address IP6 =
            (Inet6Address) IpAddresses.parse("fd42::9").orElseThrow();
    /** Where the advertisement's ICMPv6 message starts in an untagged frame. */
    private static final int NA = 14 + 40;

    private static byte[] unsolicited(int vlan) {
        return NeighborAdvertisement.unsolicited(
                vlan, MAC, IP6, NeighborAdvertisement.ALL_NODES_MAC, NeighborAdvertisement.ALL_NODES);
    }

    @Test
    void aGratuitousArpClaimsItsSenderAddress() {
        assertEquals(
                new AddressAnnouncement(IP, MAC),
                AddressAnnouncement.parse(GratuitousArp.build(0, MAC, IP, MacAddress.BROADCAST))
                        .orElseThrow());
    }

    @Test
    void aTaggedGratuitousArpClaimsItsSenderAddressToo() {
        assertEquals(
                new AddressAnnouncement(IP, MAC),
                AddressAnnouncement.parse(GratuitousArp.build(42, MAC, IP, MacAddress.BROADCAST))
                        .orElseThrow());
    }

    @Test
    void anArpReplyClaimsItsSenderAddress() {
        Inet4Address asker = (Inet4Address) IpAddresses.parse("10.42.0.1").orElseThrow();
        byte[] reply = ArpReply.build(0, MAC, IP, MacAddress.of(0x02420a2a0001L), asker);
        assertEquals(
                new AddressAnnouncement(IP, MAC),
                AddressAnnouncement.parse(reply).orElseThrow());
    }

    @Test
    void anArpProbeClaimsNothing() throws Exception {
        Inet4Address none = (Inet4Address) IpAddresses.parse("0.0.0.0").orElseThrow();
        assertTrue(AddressAnnouncement.parse(GratuitousArp.build(0, MAC, none, MacAddress.BROADCAST))
                .isEmpty());
    }

    @Test
    void otherFramesAndTruncatedArpAreNotAnnouncements() {
        byte[] garp = GratuitousArp.build(0, MAC, IP, MacAddress.BROADCAST);
        byte[] ipv4 = garp.clone();
        ipv4[12] = 0x08;
        ipv4[13] = 0x00;
        assertTrue(AddressAnnouncement.parse(ipv4).isEmpty());
        assertTrue(
                AddressAnnouncement.parse(Arrays.copyOf(garp, garp.length - 1)).isEmpty());
        assertTrue(AddressAnnouncement.parse(new byte[14]).isEmpty());
        byte[] otherOp = garp.clone();
        otherOp[14 + 7] = 3; // RARP request
        assertTrue(AddressAnnouncement.parse(otherOp).isEmpty());
    }

    @Test
    void anUnsolicitedAdvertisementClaimsItsTargetForItsLinkLayerAddress() {
        assertEquals(
                new AddressAnnouncement(IP6, MAC),
                AddressAnnouncement.parse(unsolicited(0)).orElseThrow());
        assertEquals(
                new AddressAnnouncement(IP6, MAC),
                AddressAnnouncement.parse(unsolicited(7)).orElseThrow());
    }

    @Test
    void theLinkLayerAddressIsFoundAfterOtherOptions() {
        byte[] na = unsolicited(0);
        // Put an 8-byte option of another type (a nonce, type 14) in front of the link-layer one.
        byte[] longer = new byte[na.length + 8];
        System.arraycopy(na, 0, longer, 0, NA + 24);
        longer[NA + 24] = 14;
        longer[NA + 25] = 1;
        System.arraycopy(na, NA + 24, longer, NA + 32, 8);
        longer[14 + 5] = 40; // payload length 32 + 8
        assertEquals(
                new AddressAnnouncement(IP6, MAC),
                AddressAnnouncement.parse(longer).orElseThrow());
    }

    @Test
    void anAdvertisementWithoutOverrideMovesNothing() {
        byte[] na = unsolicited(0);
        na[NA + 4] = (byte) NeighborAdvertisement.FLAG_SOLICITED;
        assertTrue(AddressAnnouncement.parse(na).isEmpty());
    }

    @Test
    void anAdvertisementAReceiverWouldDiscardClaimsNothing() {
        byte[] hops = unsolicited(0);
        hops[14 + 7] = 64; // forwarded: not from the link
        byte[] code = unsolicited(0);
        code[NA + 1] = 1;
        byte[] multicastTarget = unsolicited(0);
        multicastTarget[NA + 8] = (byte) 0xff;
        byte[] zeroLengthOption = unsolicited(0);
        zeroLengthOption[NA + 25] = 0;
        byte[] noOption = Arrays.copyOf(unsolicited(0), NA + 24);
        noOption[14 + 5] = 24;
        byte[] truncated = Arrays.copyOf(unsolicited(0), NA + 30);
        byte[] solicitation = unsolicited(0);
        solicitation[NA] = (byte) 135;
        for (byte[] f :
                new byte[][] {hops, code, multicastTarget, zeroLengthOption, noOption, truncated, solicitation}) {
            assertTrue(AddressAnnouncement.parse(f).isEmpty(), Arrays.toString(f));
        }
    }
}
