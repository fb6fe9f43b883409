// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.IpAddresses;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LinkCodecTest {
    @BeforeAll
    static void littleEndian() {
        Assumptions.assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "vectors are from x86-64");
    }

    private static LinkMessage asNotification(byte[] request) throws MalformedMessageException {
        // A create request has the layout of the RTM_NEWLINK the kernel sends back: decode it as one.
        request[4] = Rtnetlink.RTM_NEWLINK;
        return LinkMessage.decode(MessageSplitter.split(request, request.length, r -> {
                    throw new AssertionError(r);
                })
                .get(0));
    }

    @Test
    void createCarriesTheVxlanAttributesAsTheKernelPrintsThem() {
        byte[] m = LinkRequests.createVxlan(
                new VxlanSpec("vx0", 4242, IpAddresses.parse("192.0.2.1").orElseThrow(), 4789, 2, 1450, 0));
        String text = Hex.text(m);
        // seen in strace (section 2.9): IFLA_VXLAN_ID 4242, IFLA_VXLAN_LOCAL, IFLA_VXLAN_PORT 4789 big-endian
        assertTrue(text.contains("08 00 01 00 92 10 00 00"), text);
        assertTrue(text.contains("08 00 04 00 c0 00 02 01"), text);
        assertTrue(text.contains("06 00 0f 00 12 b5 00 00"), text);
        assertTrue(text.contains("05 00 07 00 00 00 00 00"), "learning off: " + text);
        assertTrue(text.contains("05 00 0b 00 01 00 00 00"), "proxy on: " + text);
        assertTrue(text.contains("05 00 0d 00 01 00 00 00"), "l2miss on: " + text);
        assertTrue(text.contains("05 00 0e 00 01 00 00 00"), "l3miss on: " + text);
        assertEquals("10 00 05 06", text.substring(12, 23), "RTM_NEWLINK REQUEST|ACK|EXCL|CREATE");
    }

    @Test
    void createdSettingsDecodeBack() throws Exception {
        LinkMessage l = asNotification(LinkRequests.createVxlan(new VxlanSpec(
                "vx-tenant-42", 42, IpAddresses.parse("2001:db8::1").orElseThrow(), 4790, 7, 0, 9)));
        assertEquals("vx-tenant-42", l.name());
        assertEquals(Links.KIND_VXLAN, l.kind());
        assertEquals(9, l.master());
        assertEquals(0, l.mtu());
        assertEquals(42, l.vxlan().vni());
        assertEquals(IpAddresses.parse("2001:db8::1").orElseThrow(), l.vxlan().local());
        assertEquals(4790, l.vxlan().port());
        assertEquals(7, l.vxlan().link());
        assertFalse(l.vxlan().learning());
        assertTrue(l.vxlan().proxy() && l.vxlan().l2miss() && l.vxlan().l3miss());
    }

    @Test
    void anIpv6LocalGoesInLocal6AndNotInLocal() {
        byte[] m = LinkRequests.createVxlan(
                new VxlanSpec("vx3", 13, IpAddresses.parse("fd00:0:46::1").orElseThrow(), 4789, 2, 0, 0));
        String text = Hex.text(m);
        // IFLA_VXLAN_LOCAL6 (17), 16 bytes, as `ip link add vx3 type vxlan id 13 local fd00:0:46::1` sends it
        assertTrue(text.contains("14 00 11 00 fd 00 00 00 00 46 00 00 00 00 00 00 00 00 00 01"), text);
        assertFalse(text.contains("08 00 04 00"), "no IFLA_VXLAN_LOCAL: " + text);
    }

    @Test
    void anIpv6RemoteAsTheKernelReportsItIsTheUnderlayHintWithoutALocal() throws Exception {
        // `ip -d link show vx4` for `ip link add vx4 type vxlan id 14 remote fd00:0:46::2 dstport 4789`:
        // IFLA_VXLAN_GROUP6 (16) as seen in strace, and no local at all.
        byte[] group6 = Hex.bytes("14 00 10 00 fd 00 00 00 00 46 00 00 00 00 00 00 00 00 00 02");
        LinkMessage l = LinkMessage.decode(
                MessageSplitter.split(vxlanNotification(group6), vxlanNotification(group6).length, r -> {
                            throw new AssertionError(r);
                        })
                        .get(0));
        assertNull(l.vxlan().local());
        assertEquals(IpAddresses.parse("fd00:0:46::2").orElseThrow(), l.vxlan().remote());
        assertEquals(l.vxlan().remote(), l.vxlan().underlayHint());
        assertEquals(14, l.vxlan().vni());
        assertEquals(4789, l.vxlan().port());
    }

    @Test
    void aLocalIsPreferredToTheRemoteAsTheUnderlayHint() throws Exception {
        // IFLA_VXLAN_GROUP 192.0.2.2, IFLA_VXLAN_LOCAL 192.0.2.1
        byte[] both = Hex.bytes("08 00 02 00 c0 00 02 02 08 00 04 00 c0 00 02 01");
        LinkMessage l =
                LinkMessage.decode(MessageSplitter.split(vxlanNotification(both), vxlanNotification(both).length, r -> {
                            throw new AssertionError(r);
                        })
                        .get(0));
        assertEquals(IpAddresses.parse("192.0.2.2").orElseThrow(), l.vxlan().remote());
        assertEquals(IpAddresses.parse("192.0.2.1").orElseThrow(), l.vxlan().underlayHint());
    }

    @Test
    void aRemoteOfTheWrongSizeIsMalformed() {
        byte[] shortGroup6 = Hex.bytes("10 00 10 00 fd 00 00 00 00 46 00 00 00 00 00 00");
        assertThrows(
                MalformedMessageException.class,
                () -> LinkMessage.decode(MessageSplitter.split(
                                vxlanNotification(shortGroup6), vxlanNotification(shortGroup6).length, r -> {})
                        .get(0)));
    }

    /** An RTM_NEWLINK for vx4 (ifindex 4, VNI 14, port 4789) whose IFLA_INFO_DATA also holds {@code attributes}. */
    private static byte[] vxlanNotification(byte[] attributes) {
        MessageWriter w = new MessageWriter(Rtnetlink.RTM_NEWLINK, 0)
                .u8(Rtnetlink.AF_UNSPEC)
                .u8(0)
                .u16(1)
                .u32(4)
                .u32(0)
                .u32(0);
        w.attrString(Links.IFLA_IFNAME, "vx4");
        int info = w.beginNested(Links.IFLA_LINKINFO);
        w.attrString(Links.IFLA_INFO_KIND, Links.KIND_VXLAN);
        int data = w.beginNested(Links.IFLA_INFO_DATA);
        w.attrU32(Links.IFLA_VXLAN_ID, 14);
        w.raw(attributes);
        w.attrBe16(Links.IFLA_VXLAN_PORT, 4789);
        w.endNested(data);
        w.endNested(info);
        return w.build();
    }

    @Test
    void aDeviceWithoutLocalHasNone() throws Exception {
        assertNull(asNotification(LinkRequests.createVxlan(new VxlanSpec("vx0", 1, null, 4789, 0, 0, 0)))
                .vxlan()
                .local());
    }

    @Test
    void setUpChangesOnlyTheUpFlag() {
        assertEquals(
                Hex.text(Hex.bytes("20 00 00 00 10 00 05 00 00 00 00 00 00 00 00 00"
                        + " 00 00 00 00 07 00 00 00 01 00 00 00 01 00 00 00")),
                Hex.text(LinkRequests.setUp(7, true)));
    }

    @Test
    void aCreatedVxlanCarriesTheMacItIsGiven() throws Exception {
        io.varpd.api.MacAddress mac = io.varpd.api.MacAddress.parse("0a:b2:00:00:42:01");
        String t = Hex.text(LinkRequests.createVxlan(new VxlanSpec("vx0", 1, null, 4789, 0, 0, 0, mac)));
        // IFLA_IFNAME "vx0", then IFLA_ADDRESS (10 bytes: header and MAC, padded to 12).
        assertTrue(t.contains("76 78 30 00 0a 00 01 00 0a b2 00 00 42 01 00 00"), "IFLA_ADDRESS: " + t);
        String none = Hex.text(LinkRequests.createVxlan(new VxlanSpec("vx0", 1, null, 4789, 0, 0, 0)));
        assertTrue(none.contains("76 78 30 00 44 00 12 00"), "IFLA_LINKINFO right after the name: " + none);
    }

    @Test
    void mtuAndMasterChangesTouchNothingElse() {
        // ifinfomsg of index 7 with flags and change 0 (the up flag stays), then the one attribute.
        assertEquals(
                Hex.text(Hex.bytes("28 00 00 00 10 00 05 00 00 00 00 00 00 00 00 00"
                        + " 00 00 00 00 07 00 00 00 00 00 00 00 00 00 00 00 08 00 04 00 dc 05 00 00")),
                Hex.text(LinkRequests.setMtu(7, 1500)));
        assertEquals(
                Hex.text(Hex.bytes("28 00 00 00 10 00 05 00 00 00 00 00 00 00 00 00"
                        + " 00 00 00 00 07 00 00 00 00 00 00 00 00 00 00 00 08 00 0a 00 00 00 00 00")),
                Hex.text(LinkRequests.setMaster(7, 0)));
    }

    @Test
    void getByNameCarriesTheName() {
        String t = Hex.text(LinkRequests.getByName("vx0"));
        assertTrue(t.endsWith("08 00 03 00 76 78 30 00"), t);
    }

    @Test
    void aTruncatedVxlanIdIsMalformed() {
        byte[] m = LinkRequests.createVxlan(new VxlanSpec("vx0", 4242, null, 4789, 0, 0, 0));
        String t = Hex.text(m);
        int at = t.indexOf("08 00 01 00 92 10 00 00") / 3;
        m[at] = 6; // IFLA_VXLAN_ID of 2 bytes
        assertThrows(MalformedMessageException.class, () -> asNotification(m));
    }

    @Test
    void addressNotificationPrefersLocal() throws Exception {
        byte[] m = new MessageWriter(Rtnetlink.RTM_NEWADDR, 0)
                .u8(Rtnetlink.AF_INET)
                .u8(24)
                .u8(0)
                .u8(0)
                .u32(3)
                .attr(Addresses.IFA_ADDRESS, new byte[] {10, 42, 0, (byte) 255})
                .attr(Addresses.IFA_LOCAL, new byte[] {10, 42, 0, 1})
                .build();
        AddressMessage a = AddressMessage.decode(
                MessageSplitter.split(m, m.length, r -> {}).get(0));
        assertEquals(3, a.index());
        assertEquals(IpAddresses.parse("10.42.0.1").orElseThrow(), a.address());
    }
}
