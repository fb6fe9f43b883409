// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.itest;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The instructions of a bnd {@code .bndrun} file that say which bundles run: {@code -runfw} and {@code -runbundles}. A
 * bndrun is a properties file ({@code key: value}, {@code #} comments, a trailing {@code \} continuing the value on the
 * next line, whose leading blanks are dropped), and {@code -runbundles} is a clause list such as
 * {@code a;version='[1.0.0,1.0.1)',b;version='[2,3)'}. Only the symbolic names are kept: the versions are the
 * resolver's business.
 */
final class Bndrun {
    static final String RUNBUNDLES = "-runbundles";
    static final String RUNFW = "-runfw";

    private final Properties instructions;

    private Bndrun(Properties instructions) {
        this.instructions = instructions;
    }

    static Bndrun read(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(in);
        }
    }

    static Bndrun parse(String text) {
        try {
            return parse(new StringReader(text));
        } catch (IOException e) {
            throw new IllegalStateException("a string cannot fail to read", e);
        }
    }

    private static Bndrun parse(Reader in) throws IOException {
        Properties p = new Properties();
        p.load(in);
        return new Bndrun(p);
    }

    /**
     * The symbolic names of {@code -runbundles}, in file order; empty when the instruction is absent (a bndrun never
     * resolved, or one whose resolution was not written back).
     */
    Optional<List<String>> runbundles() {
        String value = instructions.getProperty(RUNBUNDLES);
        if (value == null) {
            return Optional.empty();
        }
        return Optional.of(
                HeaderClauses.split(value).stream().map(HeaderClauses::name).toList());
    }

    /** The framework's symbolic name ({@code -runfw}), if given. */
    Optional<String> runfw() {
        return Optional.ofNullable(instructions.getProperty(RUNFW))
                .map(HeaderClauses::name)
                .filter(s -> !s.isEmpty());
    }
}
