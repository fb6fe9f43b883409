// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.frame;

import static io.varpd.frame.TestFrames.assertFrame;
import static io.varpd.frame.TestFrames.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.LookupRequest;
import io.varpd.api.MacAddress;
import org.junit.jupiter.api.Test;

class EthernetHeaderTest {
    @Test
    void untaggedHeaderIs14Bytes() {
        EthernetHeader h =
                EthernetHeader.parse(hex("ffffffffffff 02000000000a 0806"), 14).value();
        assertEquals(MacAddress.BROADCAST, h.destination());
        assertEquals("02:00:00:00:00:0a", h.source().toString());
        assertFalse(h.tagged());
        assertEquals(0x0806, h.ethertype());
        assertEquals(14, h.length());
        assertEquals(0, h.vlan());
    }

    @Test
    void taggedHeaderKeepsPriorityAndCfiInTheTci() {
        EthernetHeader h = EthernetHeader.parse(hex("ffffffffffff 02000000000a 8100 b07b 86dd"), 18)
                .value();
        assertTrue(h.tagged());
        assertEquals(0xb07b, h.tci());
        assertEquals(123, h.vlan());
        assertEquals(0x86dd, h.ethertype());
        assertEquals(18, h.length());
        byte[] out = new byte[18];
        assertEquals(18, h.writeTo(out, 0));
        assertFrame("ffffffffffff 02000000000a 8100 b07b 86dd", out);
    }

    @Test
    void truncatedHeadersAreRejected() {
        assertFalse(EthernetHeader.parse(new byte[13], 13).isValid());
        assertFalse(EthernetHeader.parse(hex("ffffffffffff 02000000000a 8100 b07b 86"), 17)
                .isValid());
        assertFalse(EthernetHeader.parse(new byte[14], 15).isValid(), "length beyond the buffer");
        assertFalse(EthernetHeader.parse(new byte[14], -1).isValid());
    }

    @Test
    void vlanZeroBuildsAnUntaggedHeader() {
        EthernetHeader h = EthernetHeader.of(MacAddress.BROADCAST, MacAddress.ZERO, 0, 0x0800);
        byte[] out = new byte[14];
        assertEquals(14, h.writeTo(out, 0));
        assertFrame("ffffffffffff 000000000000 0800", out);
    }

    @Test
    void vlanOutOfRangeIsAProgrammingError() {
        assertThrows(
                IllegalArgumentException.class, () -> EthernetHeader.of(MacAddress.ZERO, MacAddress.ZERO, 4095, 0));
    }

    @Test
    void missRequestDescribesTheFrameAfterTheTag() {
        byte[] f = hex("ffffffffffff 020000000001 8100 a00c 0806" + "00".repeat(46));
        LookupRequest r = EthernetHeader.parse(f, f.length).value().missRequest(4242, f.length);

        assertEquals(
                new LookupRequest(4242, MacAddress.of(0x020000000001L), MacAddress.BROADCAST, 0x0806, 12, 18, 46), r);
    }
}
