// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.itest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;

/**
 * Runs command lines as a Gogo console user would: through the framework's real {@link CommandProcessor}, so Gogo
 * parses the line, finds the command service by scope and function and routes the command's {@code System.out} and
 * {@code System.err} to this session.
 */
public final class GogoShell {
    private final CommandProcessor processor;

    GogoShell(CommandProcessor processor) {
        this.processor = Objects.requireNonNull(processor, "processor");
    }

    /** What one command printed. */
    public record Output(String out, String err) {}

    /**
     * Runs {@code line} in a fresh session with empty input.
     *
     * @throws Exception what Gogo throws, e.g. when no command of that name is registered (yet)
     */
    public Output run(String line) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
                CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), o, e)) {
            session.execute(line);
            o.flush();
            e.flush();
        }
        return new Output(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
