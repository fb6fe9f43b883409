// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.itest.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/varpd with a terminal, as a person starts it: the Gogo shell on a pseudo-terminal (made by util-linux
 * {@code script}), with the commands typed before the prompt appears, as a paste or a pipe into the terminal delivers
 * them.
 */
class TerminalShellIT {
    private static final Path SCRIPT = Path.of("/usr/bin/script");

    @TempDir
    Path dir;

    @Test
    void commandsTypedBeforeThePromptRunAndExitIsCleanWithTheLogInAFile() throws Exception {
        assumeTrue(Files.isExecutable(SCRIPT), "needs util-linux script(1) for a pseudo-terminal");
        // The same private copy, state folder and port as every runtime test, run on a terminal here.
        RuntimeProcess runtime = RuntimeProcess.copyInto(dir);
        Path home = runtime.home();
        Path state = runtime.state();
        // -q: no "Script started" lines; -e: script exits with bin/varpd's status; -f: flush at once.
        ProcessBuilder pb = new ProcessBuilder(
                        SCRIPT.toString(),
                        "-qef",
                        "-c",
                        home.resolve("bin/varpd").toString(),
                        "/dev/null")
                .redirectErrorStream(true);
        pb.environment().put("VARPD_STATE_DIR", state.toString());
        pb.environment().put("VARPD_HTTP_PORT", Integer.toString(runtime.port()));
        pb.environment().put("VARPD_CONSOLE_PASSWORD", runtime.password());
        pb.environment().put("VARPD_JAVA_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
        pb.environment().put("TERM", "dumb");
        Process varpd = pb.start();
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> copy(varpd.getInputStream(), screen), "terminal reader");
        reader.start();
        try {
            // Typed ahead: the framework has not even started when these reach the terminal.
            OutputStream keyboard = varpd.getOutputStream();
            keyboard.write("varpd:show nosuch0\nexit 0\n".getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
            boolean exited = varpd.waitFor(120, TimeUnit.SECONDS);
            reader.join(5_000);
            String text = screen(screen);
            assertTrue(exited, "bin/varpd did not stop after exit 0:\n" + text);
            assertTrue(
                    text.contains("show-overlay: failed to find nosuch0: ENOENT"),
                    "the typed-ahead command ran:\n" + text);
            assertFalse(text.contains("Command not found"), "the prompt came before the varpd commands:\n" + text);
            assertEquals(
                    List.of(),
                    text.lines()
                            .filter(l -> l.contains("Exception"))
                            .filter(l -> !l.contains("CommandFailedException: show-overlay"))
                            .toList(),
                    "exit is clean:\n" + text);
            assertTrue(text.contains("gosh: exit\r\ngosh: stopping shell and framework"), text);
            assertEquals(0, varpd.exitValue(), text);
            // Start-up logging went to the file bin/varpd named, not over the prompt.
            assertFalse(text.contains("org.eclipse.jetty"), "log lines on the terminal:\n" + text);
            assertTrue(text.contains("varpd: log: " + state.resolve("varpd.log")), text);
            String log = Files.readString(state.resolve("varpd.log"));
            assertTrue(log.contains("org.eclipse.jetty"), log);
        } finally {
            varpd.destroyForcibly();
            varpd.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        }
    }

    private static String screen(ByteArrayOutputStream screen) {
        synchronized (screen) {
            return screen.toString(StandardCharsets.UTF_8);
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream to) {
        byte[] buffer = new byte[4096];
        try (in) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                synchronized (to) {
                    to.write(buffer, 0, n);
                }
            }
        } catch (IOException closed) {
            // the process ended
        }
    }
}
