// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.frame;

import static io.varpd.frame.ProxyArpTest.assertRejected;
import static io.varpd.frame.TestFrames.concat;
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

class DhcpRedirectTest {
    static final String IP_UDP = "45 00 0148 0000 0000 40 11 79a6 00000000 ffffffff | 0044 0043 0134 0000";
    /** A DHCPDISCOVER-shaped BOOTP body: op 1, htype 1, hlen 6, then zeros to 300 bytes. */
    static final byte[] BOOTP = concat(hex("01010600 12345678"), new byte[292]);

    static final MacAddress SERVER = MacAddress.of(0x02_00_00_00_00_53L);

    /** 342 bytes: untagged broadcast from 02:..:0a, IPv4 0.0.0.0 -> 255.255.255.255, UDP 68 -> 67. */
    static byte[] discover() {
        return concat(hex("ffffffffffff 02000000000a 0800 |" + IP_UDP), BOOTP);
    }

    static Validation<EthernetHeader> validate(byte[] frame) {
        return DhcpRedirect.validate(lookup(frame), frame, frame.length);
    }

    @Test
    void broadcastDhcpDiscoverIsAccepted() {
        byte[] f = discover();
        assertEquals(342, f.length);
        assertEquals("02:00:00:00:00:0a", validate(f).value().source().toString());
    }

    @Test
    void dhcpWithNonIpv4SapIsRejected() {
        byte[] f = discover();
        assertRejected(DhcpRedirect.validate(withSap(lookup(f), 0x86dd), f, f.length), "not IPv4: sap 0x86dd");
    }

    @Test
    void dhcpToUnicastMacIsRejected() {
        byte[] f = discover();
        assertRejected(DhcpRedirect.validate(withDestination(lookup(f), SERVER), f, f.length), "not broadcast");
    }

    @Test
    void dhcpLargerThan1518IsRejected() {
        byte[] f = discover();
        assertRejected(DhcpRedirect.validate(withSizes(lookup(f), 14, 1505), f, f.length), "> 1518");
    }

    @Test
    void dhcpShorterThan328IsRejected() {
        byte[] f = discover();
        assertRejected(DhcpRedirect.validate(withSizes(lookup(f), 14, 327), f, 341), "pktsize 327 < 328");
    }

    @Test
    void dhcpWithMacHeaderShorterThan14IsRejected() {
        byte[] f = discover();
        assertRejected(DhcpRedirect.validate(withSizes(lookup(f), 12, 330), f, f.length), "hdrsize 12 < 14");
    }

    @Test
    void dhcpCopiedLengthMustEqualTheDeclaredLength() {
        byte[] f = discover();
        assertRejected(DhcpRedirect.validate(lookup(f), f, 341), "copied frame is 341 bytes");
        byte[] longer = concat(f, new byte[4]);
        assertRejected(DhcpRedirect.validate(lookup(f), longer, longer.length), "copied frame is 346 bytes");
    }

    @Test
    void dhcpOverTcpIsRejected() {
        byte[] f = discover();
        f[14 + 9] = 6; // version 4, protocol TCP: the original let this through
        assertRejected(validate(f), "not IPv4/UDP: version 4, protocol 6");
    }

    @Test
    void dhcpWithIpVersion6IsRejected() {
        byte[] f = discover();
        f[14] = 0x65; // protocol still 17: the original let this through too
        assertRejected(validate(f), "not IPv4/UDP: version 6, protocol 17");
    }

    @Test
    void dhcpWithIpHeaderLengthBelow20IsRejected() {
        byte[] f = discover();
        f[14] = 0x44;
        assertRejected(validate(f), "IPv4 header length 16 is less than 20");
    }

    @Test
    void dhcpWithIpOptionsFindsTheUdpHeaderAfterThem() {
        // IHL 6: four bytes of IP options (a NOP padded), UDP follows at offset 14 + 24.
        byte[] f = concat(
                hex("ffffffffffff 02000000000a 0800 | 46 00 014c 0000 0000 40 11 0000 00000000 ffffffff"
                        + "| 01000000 | 0044 0043 0134 0000"),
                BOOTP);
        assertEquals(346, f.length);
        assertEquals(14, validate(f).value().length());
    }

    @Test
    void dhcpServerToClientPortsAreRejected() {
        byte[] f = discover();
        f[35] = 67;
        f[37] = 68;
        assertRejected(validate(f), "UDP ports 67 -> 68, expected 68 -> 67");
    }

    @Test
    void redirectOverwritesOnlyTheEthernetDestination() {
        byte[] f = discover();
        byte[] redirected = DhcpRedirect.redirect(f, f.length, SERVER);
        byte[] expected = concat(hex("020000000053 02000000000a 0800 |" + IP_UDP), BOOTP);
        assertArrayEquals(expected, redirected);
        assertArrayEquals(discover(), f, "the caller's frame is not modified");
    }

    @Test
    void redirectKeepsTheVlanTag() {
        byte[] f = concat(hex("ffffffffffff 02000000000a 8100 0005 0800 |" + IP_UDP), BOOTP);
        assertEquals(5, validate(f).value().vlan());
        byte[] expected = concat(hex("020000000053 02000000000a 8100 0005 0800 |" + IP_UDP), BOOTP);
        assertArrayEquals(expected, DhcpRedirect.redirect(f, f.length, SERVER));
    }

    @Test
    void redirectRefusesLessThanAMacHeader() {
        assertThrows(IllegalArgumentException.class, () -> DhcpRedirect.redirect(new byte[13], 13, SERVER));
    }
}
