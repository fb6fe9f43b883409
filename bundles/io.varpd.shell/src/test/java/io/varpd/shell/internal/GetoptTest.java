// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class GetoptTest {
    private static final List<Getopt.Spec> SPECS =
            List.of(Getopt.Spec.flag('p', "parsable"), Getopt.Spec.flag('f', "fma"), Getopt.Spec.value('o', "output"));

    private static Getopt.Parsed parse(String... args) throws CommandFailure {
        return Getopt.parse(SPECS, args);
    }

    private static String failure(String... args) {
        return assertThrows(CommandFailure.class, () -> parse(args)).getMessage();
    }

    @Test
    void clusteredFlagsAreSeparateOptions() throws CommandFailure {
        Getopt.Parsed p = parse("-pf");
        assertEquals(List.of(new Getopt.Option('p', null), new Getopt.Option('f', null)), p.options());
    }

    @Test
    void valueMayBeAttachedOrTheNextArgument() throws CommandFailure {
        assertEquals(List.of("a,b"), parse("-oa,b").values('o'));
        assertEquals(List.of("a,b"), parse("-o", "a,b").values('o'));
        assertEquals(List.of("x"), parse("-pox").values('o'));
    }

    @Test
    void nextArgumentIsTheValueEvenWhenItStartsWithADash() throws CommandFailure {
        assertEquals(List.of("-f"), parse("-o", "-f").values('o'));
    }

    @Test
    void longOptionsTakeValuesWithEqualsOrSeparately() throws CommandFailure {
        assertEquals(List.of("link"), parse("--output=link").values('o'));
        assertEquals(List.of("link"), parse("--output", "link").values('o'));
        assertEquals(1, parse("--fma").count('f'));
    }

    @Test
    void doubleDashEndsTheOptions() throws CommandFailure {
        Getopt.Parsed p = parse("-p", "--", "-f", "x");
        assertEquals(List.of("-f", "x"), p.operands());
        assertEquals(0, p.count('f'));
    }

    @Test
    void optionsMayFollowOperands() throws CommandFailure {
        Getopt.Parsed p = parse("vxlan0", "-f", "vxlan1");
        assertEquals(List.of("vxlan0", "vxlan1"), p.operands());
        assertEquals(1, p.count('f'));
    }

    @Test
    void aLoneDashIsAnOperand() throws CommandFailure {
        assertEquals(List.of("-"), parse("-").operands());
    }

    @Test
    void repeatedOptionsAreKeptInOrder() throws CommandFailure {
        Getopt.Parsed p = parse("-o", "a", "-o", "b");
        assertEquals(List.of("a", "b"), p.values('o'));
        assertEquals("b", p.last('o').orElseThrow());
    }

    @Test
    void singleRefusesARepeatedOption() {
        CommandFailure f = assertThrows(
                CommandFailure.class, () -> parse("-o", "a", "-o", "b").single('o'));
        assertEquals("the option -o cannot be specified more than once", f.getMessage());
    }

    @Test
    void unknownShortOptionIsNamed() {
        assertEquals("unrecognized option '-x'", failure("-px"));
    }

    @Test
    void unknownLongOptionIsNamed() {
        assertEquals("unrecognized option '--verbose'", failure("--verbose"));
    }

    @Test
    void missingValueIsNamed() {
        assertEquals("option '-o' requires a value", failure("-o"));
        assertEquals("option '--output' requires a value", failure("--output"));
    }

    @Test
    void longFlagRefusesAValue() {
        assertEquals("option '--fma' does not take a value", failure("--fma=yes"));
    }

    @Test
    void noArgumentsParseToNothing() throws CommandFailure {
        Getopt.Parsed p = Getopt.parse(SPECS);
        assertEquals(List.of(), p.options());
        assertEquals(List.of(), p.operands());
        assertEquals(List.of(), Getopt.parse(SPECS, (String[]) null).operands());
    }
}
