// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An established flow for the restart tests: 800 pings 5 ms apart (4 s) from a namespace, started before the daemon
 * stops and checked after the next one started: a single lost packet fails.
 */
final class PingFlood {
    private final Process ping;

    private PingFlood(Process ping) {
        this.ping = ping;
    }

    /** Starts flooding {@code target} from {@code ns}. */
    static PingFlood start(String ns, String target) throws IOException {
        return new PingFlood(new ProcessBuilder(
                        "ip", "netns", "exec", ns, "ping", "-n", "-q", "-i", "0.005", "-c", "800", "-W", "1", target)
                .redirectErrorStream(true)
                .start());
    }

    /** Waits for the flood to end and fails unless it ran (400 packets at least) and lost none. */
    void assertNoLoss(String what) throws InterruptedException, IOException {
        if (!ping.waitFor(60, TimeUnit.SECONDS)) {
            ping.destroyForcibly();
        }
        String out = new String(ping.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        System.out.println(what + " across the restart:\n" + out);
        Matcher m =
                Pattern.compile("(\\d+) packets transmitted, (\\d+) received").matcher(out);
        assertTrue(m.find(), out);
        assertTrue(Integer.parseInt(m.group(1)) >= 400, what + ": the flood ran: " + out);
        assertEquals(m.group(1), m.group(2), what + ": packets were lost across the restart:\n" + out);
    }
}
