// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.files.internal;

import static io.varpd.plugin.files.internal.FilesProperties.CONFIG;
import static io.varpd.plugin.files.internal.FilesProperties.SKIP_BAD_ENTRIES;
import static io.varpd.plugin.files.internal.MappingFileReaderTest.VXLAN;
import static io.varpd.plugin.files.internal.MappingFileReaderTest.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.Errno;
import io.varpd.api.LookupRequest;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import io.varpd.api.plugin.RecordingLookupQuery.Answer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a start or reload reports (issue 12): the reload log line, statuses that keep their explanation within core's
 * 255 characters, and {@code files/skip_bad_entries}.
 */
class FilesReloadReportTest {
    private static final String SOURCE = "02:00:00:00:00:01";
    private static final String GOOD_A =
            "\"de:ad:be:ef:00:0a\": {\"ip\": \"10.0.0.1\", \"port\": 4789, \"arp\": \"10.55.0.10\"}";
    private static final String GOOD_B = "\"de:ad:be:ef:00:0b\": {\"ip\": \"10.0.0.2\", \"port\": 4789}";

    /** Two good entries and, one per line from line 4 on, the five kinds of bad entry of issue 12. */
    private static final String FIVE_BAD = "{\n " + GOOD_A + ",\n " + GOOD_B + ",\n"
            + " \"de:ad:be:ef:00:01\": {\"ip\": \"not-an-ip\", \"port\": 4789},\n"
            + " \"de:ad:be:ef:00:02\": {\"ip\": \"10.0.0.3\", \"port\": 0},\n"
            + " \"de:ad:be:ef:00:03\": {\"ip\": \"10.0.0.3\", \"port\": 70000, \"note\": {\"x\": [1, 2]}},\n"
            + " \"ff:ff:ff:ff:ff:ff\": {\"ip\": \"10.0.0.3\", \"port\": 4789},\n"
            + " \"01:00:5e:00:00:01\": {\"ip\": \"10.0.0.3\", \"port\": 4789}\n}\n";

    private static final String CLEAN = "{\n " + GOOD_A + ",\n " + GOOD_B + "\n}\n";

    @TempDir
    Path dir;

    private final FakeProvider provider = new FakeProvider();
    private final FilesPlugin plugin = new FilesPlugin(FileWatcher.manual());
    private Path file;

    @AfterEach
    void closePlugin() {
        plugin.deactivate();
    }

    private FilesInstance created(String json, boolean skip) throws Exception {
        file = Files.writeString(dir.resolve("overlay.json"), json);
        FilesInstance state = plugin.create(provider, VXLAN);
        plugin.setProperty(state, CONFIG, file.toString());
        if (skip) {
            plugin.setProperty(state, SKIP_BAD_ENTRIES, "true");
        }
        return state;
    }

    private FilesInstance started(String json, boolean skip) throws Exception {
        FilesInstance state = created(json, skip);
        plugin.start(state);
        return state;
    }

    private void rewrite(String json) throws IOException {
        FileTime before = Files.getLastModifiedTime(file);
        Files.writeString(file, json);
        Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() + 1000));
    }

    private TargetPoint lookup(FilesInstance state, String destination) {
        FakeLookupQuery q = FakeLookupQuery.of(SOURCE, destination, LookupRequest.ETHERTYPE_IPV4);
        plugin.lookup(state, q);
        return q.answer() == Answer.DROP ? null : q.target();
    }

    /** What the plugin logs while {@code action} runs (slf4j-simple writes to System.err). */
    private static String logOf(ThrowingRunnable action) throws Exception {
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(saved);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static void assertContains(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "expected '" + part + "' in: " + message);
        }
    }

    // --- the reload log ---------------------------------------------------------------------

    @Test
    void removingAnEntryLogsOneRemovedEntryAndItsReleasedAddresses() throws Exception {
        FilesInstance state = started(
                "{" + GOOD_A + ",\n \"de:ad:be:ef:00:0c\": {\"ip\": \"10.0.0.2\", \"port\": 4789,"
                        + " \"arp\": \"10.55.0.12\", \"ndp\": \"fd55::12\"}}",
                false);
        rewrite("{" + GOOD_A + "}");
        String log = logOf(state::checkNow);
        assertContains(
                log,
                "reloaded " + file + ": 1 entries now; entries: 0 added, 1 removed, 0 changed; overlay"
                        + " addresses: 0 moved to another MAC, 2 released, 0 new; 1 device cache entries updated");
    }

    @Test
    void theReloadLogCountsAddedChangedAndMovedSeparately() throws Exception {
        FilesInstance state = started("""
                {"de:ad:be:ef:00:0a": {"ip": "10.0.0.1", "port": 4789, "arp": "10.55.0.10"},
                 "de:ad:be:ef:00:0b": {"ip": "10.0.0.1", "port": 4789},
                 "de:ad:be:ef:00:0c": {"ip": "10.0.0.2", "port": 4789, "arp": "10.55.0.12"},
                 "de:ad:be:ef:00:0d": {"ip": "10.0.0.3", "dhcp-proxy": "de:ad:be:ef:00:0a"}}
                """, false);
        // A: its address moves to B; B: changed (gains it); C: destination changes; D: dhcp-proxy
        // changes; E: added, claiming a new address.
        rewrite("""
                {"de:ad:be:ef:00:0a": {"ip": "10.0.0.1", "port": 4789},
                 "de:ad:be:ef:00:0b": {"ip": "10.0.0.1", "port": 4789, "arp": "10.55.0.10"},
                 "de:ad:be:ef:00:0c": {"ip": "10.0.0.9", "port": 4789, "arp": "10.55.0.12"},
                 "de:ad:be:ef:00:0d": {"ip": "10.0.0.3", "dhcp-proxy": "de:ad:be:ef:00:0b"},
                 "de:ad:be:ef:00:0e": {"ip": "10.0.0.4", "port": 4789, "ndp": "fd55::e"}}
                """);
        String log = logOf(state::checkNow);
        assertContains(
                log,
                "5 entries now; entries: 1 added, 0 removed, 4 changed; overlay addresses: 1 moved to"
                        + " another MAC, 0 released, 1 new");
    }

    // --- huge values in statuses and logs ---------------------------------------------------

    @Test
    void aHugeValueInAReloadKeepsTheStatusShortWithTheExplanationFirst() throws Exception {
        FilesInstance state = started(CLEAN, false);
        MappingTable before = state.table();
        rewrite("{\n " + GOOD_A + ",\n \"de:ad:be:ef:00:0b\": {\"ip\": \"" + "9".repeat(1 << 20) + "\"}}");
        String log = logOf(state::checkNow);
        assertSame(before, state.table());
        assertEquals(1, provider.degrades().size());
        String status = provider.degrades().get(0);
        assertTrue(status.length() <= FilesInstance.STATUS_LIMIT, status.length() + ": " + status);
        assertTrue(
                status.startsWith("reload refused, serving the previous 2 entries:" + " line 3, column 30 (byte "),
                status);
        assertContains(
                status,
                "entry de:ad:be:ef:00:0b: field \"ip\": a string longer than 4096 characters (\"" + "9".repeat(40)
                        + "...\")",
                "; file " + file);
        assertTrue(log.length() < 2000, "the log line must not carry the value: " + log.length() + " characters");
    }

    @Test
    void aLongBadValueIsShortenedSoTheStatusKeepsTheExplanationAndTheFile() throws Exception {
        FilesInstance state = started(CLEAN, false);
        rewrite("{\n " + GOOD_A + ",\n \"de:ad:be:ef:00:0b\": {\"ip\": \"" + "a".repeat(2000) + "\"}}");
        String log = logOf(state::checkNow);
        String status = provider.degrades().get(0);
        assertTrue(status.length() <= FilesInstance.STATUS_LIMIT, status);
        // What is wrong, then the file; what is allowed only where room is left, and in the log.
        assertTrue(status.startsWith("reload refused, serving the previous 2 entries: line 3, column "), status);
        assertContains(
                status,
                "entry de:ad:be:ef:00:0b: field \"ip\" is not an IP address: \"" + "a".repeat(40)
                        + "...\" (2000 characters)",
                "; file " + file);
        assertContains(log, "(2000 characters); allowed: an IPv4 (192.0.2.1) or IPv6");
        assertTrue(log.length() < 2000, "the log line must not carry the value: " + log.length() + " characters");
    }

    @Test
    void aShortReasonKeepsWhatIsAllowedInTheStatus() throws Exception {
        FilesInstance state = started(CLEAN, false);
        rewrite("{\n " + GOOD_A + ",\n \"de:ad:be:ef:00:0b\": {\"port\": 0}}");
        state.checkNow();
        assertEquals(
                List.of("reload refused, serving the previous 2 entries: line 3, column 33: entry de:ad:be:ef:00:0b:"
                        + " field \"port\" is out of range: 0; allowed: an integer 1-65535; file " + file),
                provider.degrades());
    }

    // --- start refuses a bad file -------------------------------------------------------------

    @Test
    void byDefaultOneBadEntryRefusesTheStartNamingItsPlace() throws Exception {
        FilesInstance state = created(FIVE_BAD, false);
        VarpdException e = assertThrows(VarpdException.class, () -> plugin.start(state));
        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().startsWith("files/config " + file + ": line 4, column "), e.getMessage());
        assertContains(
                e.getMessage(),
                "entry de:ad:be:ef:00:01: field \"ip\" is not an IP address: \"not-an-ip\";" + " allowed: ");
        assertNull(state.table());
        assertEquals(List.of(), provider.degrades());
    }

    // --- files/skip_bad_entries ---------------------------------------------------------------

    @Test
    void withSkipBadEntriesTheRestIsServedAndTheStatusNamesTheSkippedEntries() throws Exception {
        FilesInstance state = created(FIVE_BAD, true);
        String log = logOf(() -> plugin.start(state));
        assertEquals(2, state.table().size());
        assertEquals(target("10.0.0.1", 4789), lookup(state, "de:ad:be:ef:00:0a"));
        assertEquals(target("10.0.0.2", 4789), lookup(state, "de:ad:be:ef:00:0b"));
        assertNull(lookup(state, "de:ad:be:ef:00:02"));
        assertEquals(1, provider.degrades().size());
        String status = provider.degrades().get(0);
        assertTrue(status.length() <= FilesInstance.STATUS_LIMIT, status);
        assertTrue(
                status.startsWith("skipped 5 bad entries of the mapping file (files/skip_bad_entries), serving 2:"
                        + " line 4: entry de:ad:be:ef:00:01: field \"ip\" is not an IP address: \"not-an-ip\"; line 5: entry"
                        + " de:ad:be:ef:00:02: field \"port\" is out of range: 0; and 3 more"),
                status);
        // The log names every listed one, with what is allowed.
        assertContains(
                log,
                "line 4: entry de:ad:be:ef:00:01",
                "line 5: entry de:ad:be:ef:00:02",
                "line 6: entry de:ad:be:ef:00:03: field \"port\" is out of range: 70000; allowed: an integer 1-65535",
                "line 7: key \"ff:ff:ff:ff:ff:ff\" is a broadcast address",
                "line 8: key \"01:00:5e:00:00:01\" is a multicast address",
                "; file " + file);
    }

    @Test
    void aLaterCleanReloadClearsTheSkippedEntriesStatus() throws Exception {
        FilesInstance state = started(FIVE_BAD, true);
        assertEquals(1, provider.degrades().size());
        rewrite(CLEAN);
        state.checkNow();
        assertEquals(1, provider.restores());
        assertEquals(2, state.table().size());
    }

    @Test
    void aReloadWithOtherBadEntriesReplacesTheStatus() throws Exception {
        FilesInstance state = started(CLEAN, true);
        assertEquals(List.of(), provider.degrades());
        rewrite(CLEAN.replace("\"port\": 4789}", "\"port\": 0}"));
        state.checkNow();
        assertEquals(
                List.of("skipped 1 bad entry of the mapping file (files/skip_bad_entries), serving 1: line 3:"
                        + " entry de:ad:be:ef:00:0b: field \"port\" is out of range: 0; file " + file),
                provider.degrades());
        // Removed from the device, as any entry that disappears.
        assertNull(lookup(state, "de:ad:be:ef:00:0b"));
    }

    @Test
    void aSkippedRedefinitionLeavesTheEarlierGoodEntryServing() throws Exception {
        FilesInstance state =
                created("{\n " + GOOD_A + ",\n \"de:ad:be:ef:00:0a\": {\"ip\": \"10.0.0.7\", \"port\": 0}\n}", true);
        plugin.start(state);
        assertEquals(target("10.0.0.1", 4789), lookup(state, "de:ad:be:ef:00:0a"));
        assertContains(provider.degrades().get(0), "skipped 1 bad entry", "line 3: entry de:ad:be:ef:00:0a");
    }

    @Test
    void aFileThatIsNotJsonIsRefusedEvenWithSkipBadEntries() throws Exception {
        FilesInstance state = created("{\n " + GOOD_A + ",\n \"de:ad:be:ef:00:0b\": {\"ip\": }\n}", true);
        VarpdException e = assertThrows(VarpdException.class, () -> plugin.start(state));
        assertContains(e.getMessage(), "line 3, column ", "JSON syntax error");
    }

    @Test
    void turningSkipOnAtRunTimeRereadsTheFile() throws Exception {
        FilesInstance state = started(CLEAN, false);
        rewrite(FIVE_BAD);
        state.checkNow();
        assertTrue(
                provider.degrades().get(0).startsWith("reload refused"),
                provider.degrades().get(0));
        plugin.setProperty(state, SKIP_BAD_ENTRIES, "true");
        state.checkNow();
        assertEquals(2, provider.degrades().size());
        assertTrue(
                provider.degrades().get(1).startsWith("skipped 5 bad entries"),
                provider.degrades().get(1));
    }

    @Test
    void manySkippedEntriesAreCountedAndTheStatusStillFits() throws Exception {
        StringBuilder json = new StringBuilder("{\n " + GOOD_A);
        for (int i = 0; i < 1000; i++) {
            json.append(String.format(",\n \"02:00:00:00:%02x:%02x\": {\"port\": 0}", i >> 8, i & 0xff));
        }
        FilesInstance state = created(json.append("\n}\n").toString(), true);
        plugin.start(state);
        String status = provider.degrades().get(0);
        assertTrue(status.length() <= FilesInstance.STATUS_LIMIT, status);
        assertContains(status, "skipped 1000 bad entries", "line 3: entry 02:00:00:00:00:00", "more");
        assertEquals(1, state.table().size());
    }
}
