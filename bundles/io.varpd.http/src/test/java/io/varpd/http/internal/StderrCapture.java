// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.http.internal;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** What slf4j-simple (the tests' logger, which writes to System.err) logged while it was open. */
final class StderrCapture implements AutoCloseable {
    private final PrintStream saved = System.err;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    StderrCapture() {
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    String text() {
        return captured.toString(StandardCharsets.UTF_8);
    }

    /** How many logged lines contain {@code fragment}. */
    long linesWith(String fragment) {
        return text().lines().filter(l -> l.contains(fragment)).count();
    }

    @Override
    public void close() {
        System.setErr(saved);
        saved.print(text());
    }
}
