// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MacAddressTest {
    @Test
    void everySpellingParsesToTheSameCanonicalAddress() throws Exception {
        MacAddress m = MacAddress.parse("de:ad:be:ef:00:01");
        assertEquals(m, MacAddress.parse("de:ad:be:ef:0:1"));
        assertEquals(m, MacAddress.parse("DE-AD-BE-EF-00-01"));
        assertEquals(m, MacAddress.parse("dead.beef.0001"));
        assertEquals("de:ad:be:ef:00:01", m.toString());
    }

    @Test
    void malformedAddressesAreRefusedNamingTheAcceptedForms() {
        for (String bad : new String[] {
            "",
            "de:ad:be:ef:00",
            "de:ad:be:ef:00:01:02",
            "de:ad:be:ef:00:100",
            "gg:ad:be:ef:00:01",
            "de::be:ef:00:01",
            "dead.beef",
            "10.0.0",
            "dead.beef.1"
        }) {
            VarpdException e = assertThrows(VarpdException.class, () -> MacAddress.parse(bad), bad);
            assertEquals(Errno.EINVAL, e.errno());
            assertTrue(e.getMessage().contains("allowed"), e.getMessage());
        }
    }

    @Test
    void typesFollowTheGroupBit() throws Exception {
        assertEquals(MacAddressType.BROADCAST, MacAddress.BROADCAST.type());
        assertEquals(
                MacAddressType.MULTICAST, MacAddress.parse("33:33:00:00:00:01").type());
        assertEquals(
                MacAddressType.UNICAST, MacAddress.parse("02:00:00:00:00:01").type());
        assertFalse(MacAddress.parse("02:00:00:00:00:01").isMulticast());
    }

    @Test
    void bytesRoundTrip() {
        byte[] b = {1, 2, 3, (byte) 0xfd, (byte) 0xfe, (byte) 0xff};
        assertEquals("01:02:03:fd:fe:ff", MacAddress.of(b).toString());
        byte[] out = new byte[8];
        MacAddress.of(b).writeTo(out, 2);
        assertEquals(MacAddress.of(b), MacAddress.of(out, 2));
    }
}
