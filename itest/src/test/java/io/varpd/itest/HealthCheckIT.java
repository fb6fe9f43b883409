// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.admin.InstanceInfo;
import io.varpd.api.admin.InstanceState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.ResultLog;
import org.apache.felix.hc.api.execution.HealthCheckExecutionResult;
import org.apache.felix.hc.api.execution.HealthCheckSelector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An overlay's state as an operator sees it in the health checks and in the shell (issue 6): the real Felix Health
 * Check executor runs varpd's checks (the summary, selected by tag, and the overlay's own, selected by name), and Gogo
 * runs {@code varpd:show -f}. A files overlay whose mapping file breaks turns both checks WARN and its {@code show -f}
 * row DEGRADED, each with the plugin's message naming the file; fixing the file turns them back to OK and ONLINE. An
 * overlay waiting for its plugin is WARN; a configuration that cannot be applied is CRITICAL.
 *
 * <p>Everything is awaited: the file watcher, varpd's 2 s poll that publishes a new overlay's check and HC core's
 * result cache all lag by design.
 */
class HealthCheckIT {
    private static final String TAG = "varpd";
    private static final String SUMMARY = "varpd overlays";
    private static final String INSTANCE_PREFIX = "varpd overlay ";
    private static final String LINK = "health0";

    private static final String GOOD = """
            {
              "de:ad:be:ef:00:01": {"ip": "192.0.2.11", "port": 4789}
            }
            """;
    /** A missing comma at the end of line 2. */
    private static final String BROKEN = """
            {
              "de:ad:be:ef:00:01": {"ip": "192.0.2.11", "port": 4789}
              "de:ad:be:ef:00:02": {"ip": "192.0.2.12", "port": 4789}
            }
            """;

    private static final String FIXED = """
            {
              "de:ad:be:ef:00:01": {"ip": "192.0.2.11", "port": 4789},
              "de:ad:be:ef:00:02": {"ip": "192.0.2.12", "port": 4789}
            }
            """;

    @RegisterExtension
    final FelixHarness felix = FelixHarness.standard().withHealthChecks().withShell();

    @TempDir
    Path dir;

    /** One executed check, as the executor reported it. */
    private record Check(String name, Result.Status status, List<ResultLog.Entry> log) {
        static Check of(HealthCheckExecutionResult r) {
            List<ResultLog.Entry> entries = new ArrayList<>();
            r.getHealthCheckResult().forEach(entries::add);
            return new Check(
                    r.getHealthCheckMetadata().getName(),
                    r.getHealthCheckResult().getStatus(),
                    entries);
        }

        /** The log entries about {@code link} (each starts with the link name). */
        List<ResultLog.Entry> about(String link) {
            return log.stream()
                    .filter(e -> e.getMessage().startsWith(link + ":"))
                    .toList();
        }

        @Override
        public String toString() {
            return name + " " + status + " "
                    + log.stream()
                            .map(e -> e.getStatus() + " " + e.getMessage())
                            .collect(Collectors.joining(" | ", "[", "]"));
        }
    }

    /** One row of {@code show -f}: LINK, STATUS, DETAILS. */
    private record StatusRow(String link, String status, String details) {}

    // ---- probes --------------------------------------------------------------------------

    private List<Check> executeTagged() {
        return felix.healthCheckExecutor().execute(HealthCheckSelector.tags(TAG)).stream()
                .map(Check::of)
                .toList();
    }

    private Optional<Check> executeNamed(String name) {
        List<Check> found = felix.healthCheckExecutor().execute(HealthCheckSelector.names(name)).stream()
                .map(Check::of)
                .toList();
        return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }

    /** Runs the checks tagged varpd until the summary satisfies {@code done}; returns them all. */
    private List<Check> awaitTagged(String what, Predicate<Check> done) {
        return FelixHarness.await(
                "the checks tagged '" + TAG + "': " + what,
                this::executeTagged,
                checks -> summary(checks).filter(done).isPresent());
    }

    /** Runs the overlay's own check, by name, until it satisfies {@code done}. */
    private Check awaitInstanceCheck(String link, String what, Predicate<Check> done) {
        return FelixHarness.await(
                        "check '" + INSTANCE_PREFIX + link + "': " + what,
                        () -> executeNamed(INSTANCE_PREFIX + link),
                        c -> c.filter(done).isPresent())
                .orElseThrow();
    }

    private static Optional<Check> summary(List<Check> checks) {
        return checks.stream().filter(c -> c.name().equals(SUMMARY)).findFirst();
    }

    /** Runs {@code varpd:show -f <link>} until its row satisfies {@code done}. */
    private StatusRow awaitShowF(String link, String what, Predicate<StatusRow> done) {
        GogoShell shell = felix.shell();
        // A probe that throws is "not yet": the command service may not be registered yet.
        return FelixHarness.await("varpd:show -f " + link + ": " + what, () -> statusRow(shell, link), done);
    }

    /**
     * The one row {@code show -f <link>} printed, in dladm's layout: a header, then the row, whose DETAILS may go on
     * over more lines (split at its commas, OFMT_WRAP), each continuation indented to where the DETAILS column starts.
     */
    private static StatusRow statusRow(GogoShell shell, String link) throws Exception {
        GogoShell.Output o = shell.run("varpd:show -f " + link);
        assertEquals("", o.err(), "show -f " + link + " reported a problem");
        List<String> lines = o.out().lines().toList();
        assertTrue(lines.size() >= 2, "a header and a row: " + o.out());
        String header = lines.get(0);
        assertEquals(List.of("LINK", "STATUS", "DETAILS"), List.of(header.trim().split("\\s+")), o.out());
        String[] cells = lines.get(1).split("\\s+", 3);
        assertEquals(3, cells.length, "three columns: " + lines.get(1));
        StringBuilder details = new StringBuilder(cells[2]);
        int column = header.indexOf("DETAILS");
        for (String more : lines.subList(2, lines.size())) {
            assertTrue(
                    more.length() > column && more.substring(0, column).isBlank(),
                    "a continuation of DETAILS only: '" + more + "' in " + o.out());
            details.append(more.substring(column));
        }
        return new StatusRow(cells[0], cells[1], details.toString());
    }

    /** Replaces the file as deploy tools do: a new file renamed over the old one. */
    private void replace(Path file, String content) throws Exception {
        Path next = Files.writeString(dir.resolve(file.getFileName() + ".new"), content);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static boolean isOk(Check c, String link) {
        return c.status() == Result.Status.OK
                && c.about(link).size() == 1
                && c.about(link).get(0).getMessage().equals(link + ": ONLINE");
    }

    private static boolean isWarnWith(Check c, String link, String text) {
        return c.status() == Result.Status.WARN
                && c.about(link).size() == 1
                && c.about(link).get(0).getStatus() == Result.Status.WARN
                && c.about(link).get(0).getMessage().contains(text);
    }

    // ---- tests ---------------------------------------------------------------------------

    @Test
    void aBrokenMappingFileTurnsTheChecksWarnAndShowDegradedNamingTheFileUntilItIsFixed() throws Exception {
        Path file = Files.writeString(dir.resolve("mapping.json"), GOOD).toAbsolutePath();
        felix.createOverlay("files", LINK, Map.of("vnetid", 91L, "files/config", file.toString()));
        felix.awaitInstance(LINK, InstanceState.ACTIVE);

        // 1. Well: OK in the summary and in the overlay's own check, ONLINE in the shell.
        List<Check> tagged = awaitTagged("OK with " + LINK + " ONLINE", c -> isOk(c, LINK));
        Check own = awaitInstanceCheck(LINK, "OK", c -> isOk(c, LINK));
        assertEquals(1, own.log().size(), own.toString());
        // The overlay's check carries the tag too, once varpd's poll has published it.
        tagged = FelixHarness.await(
                "both checks under the tag",
                this::executeTagged,
                l -> l.stream()
                        .map(Check::name)
                        .collect(Collectors.toSet())
                        .containsAll(Set.of(SUMMARY, INSTANCE_PREFIX + LINK)));
        assertTrue(tagged.stream().allMatch(c -> c.status() == Result.Status.OK), tagged.toString());
        StatusRow row = awaitShowF(LINK, "ONLINE", r -> r.status().equals("ONLINE"));
        assertEquals(new StatusRow(LINK, "ONLINE", "-"), row, "nothing to say when well");

        // 2. The file breaks: the plugin degrades the instance, naming the file.
        replace(file, BROKEN);
        InstanceInfo degraded = felix.awaitInstance(LINK, InstanceInfo::degraded, "degraded by the broken file");
        String detail = degraded.detail();
        assertTrue(detail.contains(file.toString()), "the plugin's message names the file: " + detail);

        Check summary = summary(awaitTagged("WARN naming the file", c -> isWarnWith(c, LINK, detail)))
                .orElseThrow();
        assertEquals(LINK + ": DEGRADED: " + detail, summary.about(LINK).get(0).getMessage(), summary.toString());
        own = awaitInstanceCheck(LINK, "WARN naming the file", c -> isWarnWith(c, LINK, detail));
        assertEquals(1, own.log().size(), own.toString());
        assertEquals(LINK + ": DEGRADED: " + detail, own.log().get(0).getMessage());
        row = awaitShowF(LINK, "DEGRADED", r -> r.status().equals("DEGRADED"));
        assertEquals(new StatusRow(LINK, "DEGRADED", detail), row, "the plugin's message in DETAILS");
        assertTrue(row.details().contains(file.toString()), row.toString());

        // 3. Fixed (in place, as an editor writes): OK and ONLINE again, with nothing left over.
        Files.writeString(file, FIXED);
        felix.awaitInstance(LINK, i -> !i.degraded(), "restored by the fixed file");
        awaitTagged("OK again", c -> isOk(c, LINK));
        own = awaitInstanceCheck(LINK, "OK again", c -> isOk(c, LINK));
        assertEquals(1, own.log().size(), own.toString());
        assertEquals(
                new StatusRow(LINK, "ONLINE", "-"),
                awaitShowF(LINK, "ONLINE again", r -> r.status().equals("ONLINE")));
    }

    @Test
    void anOverlayWaitingForItsPluginIsWarnNamingThePlugin() throws Exception {
        felix.createOverlay("later", "wait0", Map.of("vnetid", 20L));
        InstanceInfo waiting = felix.awaitInstance(
                "wait0",
                w -> w.state() == InstanceState.WAITING && w.detail().contains("later"),
                "WAITING for 'later'");

        String line = "wait0: WAITING: " + waiting.detail();
        Check summary = summary(awaitTagged("WARN for wait0", c -> isWarnWith(c, "wait0", "later")))
                .orElseThrow();
        assertEquals(line, summary.about("wait0").get(0).getMessage(), summary.toString());
        Check own = awaitInstanceCheck("wait0", "WARN", c -> isWarnWith(c, "wait0", "later"));
        assertEquals(line, own.log().get(0).getMessage(), own.toString());
        assertEquals(
                new StatusRow("wait0", "WAITING", waiting.detail()),
                awaitShowF("wait0", "WAITING", r -> r.status().equals("WAITING")));
    }

    @Test
    void aConfigurationThatCannotBeAppliedIsCriticalNamingTheProperty() throws Exception {
        felix.createOverlay(
                "direct", "bad0", Map.of("vnetid", 1L, "direct/dest_ip", "192.0.2.10", "direct/dest_port", 70000L));
        InstanceInfo error = felix.awaitInstance("bad0", InstanceState.ERROR);
        assertTrue(error.detail().contains("direct/dest_port"), error.detail());

        Predicate<Check> critical = c -> c.status() == Result.Status.CRITICAL
                && c.about("bad0").size() == 1
                && c.about("bad0").get(0).getStatus() == Result.Status.CRITICAL
                && c.about("bad0").get(0).getMessage().equals("bad0: ERROR: " + error.detail());
        awaitTagged("CRITICAL for bad0", critical);
        awaitInstanceCheck("bad0", "CRITICAL", critical);
        assertEquals(
                new StatusRow("bad0", "ERROR", error.detail()),
                awaitShowF("bad0", "ERROR", r -> r.status().equals("ERROR")));
    }
}
