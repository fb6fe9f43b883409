// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link MacAddress#parse}: the canonical spelling's fast path and the general parser agree. */
class MacAddressSpellingTest {
    @Test
    void canonicalAndDashedSpellingsOfRandomAddressesRoundTrip() throws VarpdException {
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 10_000; i++) {
            MacAddress mac = MacAddress.of(random.nextLong());
            String spelled = random.nextBoolean() ? mac.toString().toUpperCase() : mac.toString();
            assertEquals(mac, MacAddress.parse(spelled), spelled);
            assertEquals(mac, MacAddress.parse(spelled.replace(':', '-')), "general parser: " + spelled);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "de:ad:be:ef:0:1",
                "DE-AD-BE-EF-00-01",
                "dead.beef.0001",
                "De:aD:bE:eF:00:01",
                "de-ad-be-ef-00-01",
                "de:ad:be:ef:00:01"
            })
    void everySpellingGivesTheSameMac(String text) throws VarpdException {
        assertEquals(MacAddress.of(0xdeadbeef0001L), MacAddress.parse(text));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "de:ad:be:ef:00",
                "de:ad:be:ef:00:01:02",
                "de:ad:be:ef:00:0g",
                "de;ad;be;ef;00;01",
                "de:ad:be:ef:00-01x",
                "dead.beef",
                "not a mac at all"
            })
    void nonMacsAreRefusedWithEinval(String text) {
        VarpdException e = assertThrows(VarpdException.class, () -> MacAddress.parse(text));
        assertEquals(Errno.EINVAL, e.errno());
    }

    @Test
    void mixedSeparatorsOfCanonicalLengthGoToTheGeneralParser() throws VarpdException {
        // 17 characters but not colon-separated: the fast path must defer, not refuse.
        assertEquals(MacAddress.of(0xdeadbeef0001L), MacAddress.parse("de-ad:be-ef:00-01"));
    }
}
