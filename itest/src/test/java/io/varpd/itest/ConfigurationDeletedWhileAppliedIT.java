// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.osgi.service.cm.Configuration;

/**
 * Issue 12: when a configuration was deleted while core applied it, core logged {@code IllegalStateException:
 * Configuration ... deleted} at ERROR with a full stack trace. Here several threads create, change and delete overlays
 * in a tight loop, in the real Felix stack, while everything the framework's bundles print is read (slf4j-simple prints
 * to System.err).
 */
class ConfigurationDeletedWhileAppliedIT {
    private static final int THREADS = 4;
    private static final int ROUNDS = 150;

    /** Copies what is printed into {@code copy} while passing it on. */
    private static PrintStream tee(PrintStream to, ByteArrayOutputStream copy) {
        return new PrintStream(
                new OutputStream() {
                    @Override
                    public void write(int b) {
                        to.write(b);
                        synchronized (copy) {
                            copy.write(b);
                        }
                    }

                    @Override
                    public void write(byte[] b, int off, int len) {
                        to.write(b, off, len);
                        synchronized (copy) {
                            copy.write(b, off, len);
                        }
                    }
                },
                true,
                StandardCharsets.UTF_8);
    }

    @Test
    void overlaysDeletedWhileCoreAppliesThemLeaveNoErrorInTheLog() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream err = System.err;
        PrintStream out = System.out;
        FelixHarness felix = FelixHarness.standard();
        System.setErr(tee(err, printed));
        System.setOut(tee(out, printed));
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            felix.start();
            felix.awaitService(io.varpd.api.admin.VarpdAdmin.class);
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                String link = "race" + t;
                work.add(pool.submit(() -> {
                    for (int round = 0; round < ROUNDS; round++) {
                        Configuration c = felix.createOverlay(
                                "direct",
                                link,
                                Map.of(
                                        "vnetid",
                                        7L,
                                        "direct/dest_ip",
                                        "192.0.2.10",
                                        "direct/dest_port",
                                        String.valueOf(4000 + round)));
                        if (round % 2 == 0) {
                            felix.updateConfiguration(c, Map.of("direct/dest_port", "4999"));
                        }
                        c.delete();
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
            // Configuration Admin delivers events in order and core applies them in order: once an
            // overlay made after the loop is active, core has seen every event of the loop.
            felix.createOverlay(
                    "direct",
                    "last0",
                    Map.of("vnetid", 7L, "direct/dest_ip", "192.0.2.10", "direct/dest_port", "4789"));
            felix.awaitInstance("last0", io.varpd.api.admin.InstanceState.ACTIVE);
            assertEquals(
                    List.of("last0"),
                    felix.admin().instances().stream().map(i -> i.link()).toList());
        } finally {
            pool.shutdownNow();
            felix.stop();
            System.setErr(err);
            System.setOut(out);
        }
        String log;
        synchronized (printed) {
            log = printed.toString(StandardCharsets.UTF_8);
        }
        List<String> bad = log.lines()
                .filter(l -> l.contains("IllegalStateException") || l.contains(" ERROR "))
                .limit(20)
                .toList();
        assertEquals(List.of(), bad, "no ERROR line and no IllegalStateException in the framework's output");
        assertTrue(log.contains("overlay race0 deleted"), "the log was read: core's INFO lines are in it");
    }
}
