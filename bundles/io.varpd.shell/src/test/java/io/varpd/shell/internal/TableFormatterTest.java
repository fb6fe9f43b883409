// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableFormatterTest {
    /** A row is just its values, in template order. */
    private static final List<TableFormatter.Column<List<String>>> TEMPLATE = List.of(
            new TableFormatter.Column<>("LINK", 8, r -> r.get(0)),
            new TableFormatter.Column<>("VALUE", 6, r -> r.get(1)),
            new TableFormatter.Column<>("POSSIBLE", 10, r -> r.get(2)));

    private final List<String> warnings = new ArrayList<>();

    private TableFormatter<List<String>> open(String fields, boolean parsable, boolean wrap) throws CommandFailure {
        return TableFormatter.open(TEMPLATE, fields, parsable, wrap, warnings::add);
    }

    private static String failure(String fields, boolean parsable) {
        return assertThrows(CommandFailure.class, () -> TableFormatter.open(TEMPLATE, fields, parsable, false, w -> {}))
                .getMessage();
    }

    @Test
    void headerComesBeforeTheFirstRowOnly() throws CommandFailure {
        TableFormatter<List<String>> t = open(null, false, false);
        assertEquals("LINK    VALUE POSSIBLE\nvx0     a     b\n", t.row(List.of("vx0", "a", "b")));
        assertEquals("vx1     c     d\n", t.row(List.of("vx1", "c", "d")));
    }

    @Test
    void lastFieldIsNotPadded() throws CommandFailure {
        String text = open(null, false, false).row(List.of("vx0", "a", "b"));
        assertEquals("vx0     a     b", text.split("\n")[1]);
    }

    @Test
    void valueAsWideAsItsFieldKeepsOneSpaceAndPushesTheRest() throws CommandFailure {
        String line =
                open(null, false, false).row(List.of("vxlan123", "a", "b")).split("\n")[1];
        // "vxlan123" is 8 wide in an 8-wide field: one space follows, and VALUE gives up one pad.
        assertEquals("vxlan123 a    b", line);
    }

    @Test
    void overflowIsAbsorbedByLaterShortValues() throws CommandFailure {
        String line =
                open(null, false, false).row(List.of("vxlan12345", "ab", "x")).split("\n")[1];
        // LINK overflows by 3; VALUE ("ab", 4 spare) gives up 3 of its padding, so POSSIBLE is back in line.
        assertEquals("vxlan12345 ab x", line);
    }

    @Test
    void overflowLargerThanTheRoomOfTheNextFieldCarriesOn() throws CommandFailure {
        String line = open(null, false, false)
                .row(List.of("averyverylonglink0", "abcd", "x"))
                .split("\n")[1];
        // LINK overflows by 11; "abcd" cannot fit in what is left of VALUE, so it is printed with one
        // space and the overflow shrinks by VALUE's unused room (2) to 10; POSSIBLE, last, follows.
        assertEquals("averyverylonglink0 abcd x", line);
    }

    @Test
    void valueLongerThanItsFieldCountsTheOverflowItself() throws CommandFailure {
        String line = open(null, false, false)
                .row(List.of("vx0", "toolongvalue", "x"))
                .split("\n")[1];
        assertEquals("vx0     toolongvalue x", line);
    }

    @Test
    void emptyValuePrintsAsDashes() throws CommandFailure {
        String line = open(null, false, false).row(List.of("vx0", "", "")).split("\n")[1];
        assertEquals("vx0     --    --", line);
    }

    @Test
    void wrappingSplitsACommaListAcrossLinesAtItsCommas() throws CommandFailure {
        String text = open(null, false, true).row(List.of("vx0", "rw", "direct,files,svp,x"));
        assertEquals(
                String.join(
                        "\n",
                        "LINK    VALUE POSSIBLE",
                        "vx0     rw    direct,",
                        "              files,svp,",
                        "              x",
                        ""),
                text);
    }

    @Test
    void wrappingContinuesEveryColumnThatNeedsIt() throws CommandFailure {
        String text = open(null, false, true).row(List.of("vx0", "a,b,c,d", "p,q"));
        assertEquals(String.join("\n", "LINK    VALUE POSSIBLE", "vx0     a,b,c, p,q", "        d     ", ""), text);
    }

    @Test
    void wrappingLeavesAValueWithoutCommasWhole() throws CommandFailure {
        String text = open(null, false, true).row(List.of("vx0", "a", "averyverylongvalue"));
        assertEquals("vx0     a     averyverylongvalue\n", text.split("\n", 2)[1]);
    }

    @Test
    void wrappingShowsAnEmptyValueAsDashes() throws CommandFailure {
        String text = open(null, false, true).row(List.of("vx0", "", "a"));
        assertEquals("vx0     --    a\n", text.split("\n", 2)[1]);
    }

    @Test
    void parsableRowsHaveNoHeaderAndEscapeColonsAndBackslashes() throws CommandFailure {
        TableFormatter<List<String>> t = open("link,possible", true, true);
        assertEquals("vx0:10.0.0.1\\:4789\n", t.row(List.of("vx0", "-", "10.0.0.1:4789")));
        assertEquals("vx1:a\\\\b\n", t.row(List.of("vx1", "-", "a\\b")));
    }

    @Test
    void parsableEmptyValueStaysEmpty() throws CommandFailure {
        assertEquals("vx0::x\n", open("link,value,possible", true, false).row(List.of("vx0", "", "x")));
    }

    @Test
    void parsableSingleFieldIsNotEscaped() throws CommandFailure {
        assertEquals("10.0.0.1:4789\n", open("possible", true, false).row(List.of("vx0", "-", "10.0.0.1:4789")));
    }

    @Test
    void fieldsAreSelectedByNameInAnyCaseAndOrder() throws CommandFailure {
        TableFormatter<List<String>> t = open("possible,LINK", false, false);
        assertEquals(List.of("POSSIBLE", "LINK"), t.fieldNames());
        assertEquals("POSSIBLE  LINK\nb         vx0\n", t.row(List.of("vx0", "a", "b")));
    }

    @Test
    void allSelectsEveryFieldInTemplateOrder() throws CommandFailure {
        assertEquals(
                List.of("LINK", "VALUE", "POSSIBLE"), open("ALL", false, false).fieldNames());
    }

    @Test
    void unknownFieldsAreSkippedWithAWarningInHumanMode() throws CommandFailure {
        TableFormatter<List<String>> t = open("link,bogus,value,worse", false, false);
        assertEquals(List.of("LINK", "VALUE"), t.fieldNames());
        assertEquals(List.of("ignoring unknown output fields: `bogus' `worse'"), warnings);
    }

    @Test
    void unknownFieldIsRefusedInParsableMode() {
        assertEquals("unknown output field: `bogus'", failure("link,bogus", true));
    }

    @Test
    void parsableModeNeedsExplicitFields() {
        assertEquals("output fields must be specified in parsable mode (-p requires -o)", failure(null, true));
        assertEquals("output field `all' invalid in parsable mode", failure("all", true));
    }

    @Test
    void noValidFieldIsRefusedNamingTheAllowedOnes() {
        assertEquals("no valid output fields; allowed: link, value, possible", failure("bogus", false));
        assertEquals("no valid output fields; allowed: link, value, possible", failure(",", false));
    }
}
