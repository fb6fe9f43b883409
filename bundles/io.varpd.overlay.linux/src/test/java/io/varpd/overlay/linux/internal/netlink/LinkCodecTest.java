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
        }).get(0));
    }

    @Test
    void createCarriesTheVxlanAttributesAsTheKernelPrintsThem() {
        byte[] m = LinkRequests.createVxlan(new VxlanSpec("vx0", 4242,
                IpAddresses.parse("192.0.2.1").orElseThrow(), 4789, 2, 1450, 0));
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
        LinkMessage l = asNotification(LinkRequests.createVxlan(new VxlanSpec("vx-tenant-42", 42,
                IpAddresses.parse("2001:db8::1").orElseThrow(), 4790, 7, 0, 9)));
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
    void aDeviceWithoutLocalHasNone() throws Exception {
        assertNull(asNotification(LinkRequests.createVxlan(new VxlanSpec("vx0", 1, null, 4789, 0, 0, 0))).vxlan().local());
    }

    @Test
    void setUpChangesOnlyTheUpFlag() {
        assertEquals(Hex.text(Hex.bytes("20 00 00 00 10 00 05 00 00 00 00 00 00 00 00 00"
                + " 00 00 00 00 07 00 00 00 01 00 00 00 01 00 00 00")), Hex.text(LinkRequests.setUp(7, true)));
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
        byte[] m = new MessageWriter(Rtnetlink.RTM_NEWADDR, 0).u8(Rtnetlink.AF_INET).u8(24).u8(0).u8(0).u32(3)
                .attr(Addresses.IFA_ADDRESS, new byte[] {10, 42, 0, (byte) 255})
                .attr(Addresses.IFA_LOCAL, new byte[] {10, 42, 0, 1}).build();
        AddressMessage a = AddressMessage.decode(MessageSplitter.split(m, m.length, r -> {
        }).get(0));
        assertEquals(3, a.index());
        assertEquals(IpAddresses.parse("10.42.0.1").orElseThrow(), a.address());
    }
}
