// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.webconsole.internal.dashboard;

import io.varpd.api.admin.InstanceState;
import io.varpd.api.admin.ScriptedVarpdAdmin;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A benchmark, not a test: builds the overview HTML and the refresh JSON for 1,000 fake overlays (each with a
 * point-to-point destination and five minutes of history) and prints the time per overview and the bytes of one refresh
 * per overlay. The targets are 300 ms and 1 KB.
 *
 * <p>Run: {@code mvn -o -q test-compile -pl bundles/io.varpd.webconsole} and then {@code java -cp
 * <classes>:<test-classes>:<api jar> io.varpd.webconsole.internal.dashboard.DashboardBenchmark} (README "Web console"
 * has the one-line command).
 */
public final class DashboardBenchmark {
    private DashboardBenchmark() {}

    public static void main(String[] args) throws Exception {
        int overlays = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        ScriptedVarpdAdmin admin = new ScriptedVarpdAdmin();
        ManualClock clock = new ManualClock();
        Dashboard dashboard = new Dashboard(admin, clock);
        Links links = new Links("/system/console");
        for (int s = 0; s <= History.CAPACITY; s++) {
            for (int n = 0; n < overlays; n++) {
                String link = "vxlan" + n;
                boolean degraded = n % 50 == 0;
                admin.put(DashboardTest.instance(
                        link,
                        InstanceState.ACTIVE,
                        degraded,
                        degraded ? "svp server 192.0.2.1:1296 unreachable: connection refused; retrying" : "",
                        (long) s * n * 7));
                if (s == 0) {
                    DashboardTest.direct(admin, link, "192.0.2." + (n % 250 + 1), 4789);
                }
            }
            dashboard.tick();
            clock.advanceSeconds(5);
        }
        // Warm up, then measure.
        for (int i = 0; i < 30; i++) {
            dashboard.get(links, "", Map.of());
            dashboard.get(links, "/overview.json", Map.of());
        }
        int rounds = 50;
        long t0 = System.nanoTime();
        int htmlBytes = 0;
        for (int i = 0; i < rounds; i++) {
            htmlBytes = dashboard.get(links, "", Map.of()).body().getBytes(StandardCharsets.UTF_8).length;
        }
        long htmlNanos = (System.nanoTime() - t0) / rounds;
        t0 = System.nanoTime();
        int jsonBytes = 0;
        for (int i = 0; i < rounds; i++) {
            clock.advanceSeconds(5);
            jsonBytes = dashboard.get(links, "/overview.json", Map.of()).body().getBytes(StandardCharsets.UTF_8).length;
        }
        long jsonNanos = (System.nanoTime() - t0) / rounds;
        int historyBytes = dashboard
                .get(links, "/overview.json", Map.of("history", "1"))
                .body()
                .getBytes(StandardCharsets.UTF_8)
                .length;
        System.out.printf("overlays: %d%n", overlays);
        System.out.printf("overview HTML: %.1f ms, %d bytes (target: 300 ms)%n", htmlNanos / 1e6, htmlBytes);
        System.out.printf(
                "refresh JSON: %.1f ms, %d bytes, %d bytes per overlay (target: 1024)%n",
                jsonNanos / 1e6, jsonBytes, jsonBytes / overlays);
        System.out.printf(
                "first load with history (once per page view): %d bytes, %d per overlay%n",
                historyBytes, historyBytes / overlays);
    }
}
