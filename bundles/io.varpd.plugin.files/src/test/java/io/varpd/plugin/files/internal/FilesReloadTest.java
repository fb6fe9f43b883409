// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.files.internal;

import static io.varpd.plugin.files.internal.FilesProperties.CONFIG;
import static io.varpd.plugin.files.internal.MappingFileReaderTest.VXLAN;
import static io.varpd.plugin.files.internal.MappingFileReaderTest.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.LookupRequest;
import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import io.varpd.api.plugin.RecordingLookupQuery.Answer;
import io.varpd.api.plugin.RecordingResolveQuery;
import io.varpd.plugin.files.internal.FakeProvider.Injection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesReloadTest {
    private static final String A = "de:ad:be:ef:00:0a";
    private static final String B = "de:ad:be:ef:00:0b";
    private static final String C = "de:ad:be:ef:00:0c";
    private static final String D = "de:ad:be:ef:00:0d";
    private static final String E = "de:ad:be:ef:00:0e";
    private static final String SOURCE = "02:00:00:00:00:01";

    private static final String V1 = """
            {"de:ad:be:ef:00:0a": {"ip": "10.0.0.1", "port": 4789, "arp": "10.55.0.10"},
             "de:ad:be:ef:00:0b": {"ip": "10.0.0.1", "port": 4789},
             "de:ad:be:ef:00:0c": {"ip": "10.0.0.2", "port": 4789, "arp": "10.55.0.12"},
             "de:ad:be:ef:00:0d": {"ip": "10.0.0.3"}}
            """;
    /** A same; B moved; C gone; D now complete; E new. */
    private static final String V2 = """
            {"de:ad:be:ef:00:0a": {"ip": "10.0.0.1", "port": 4789, "arp": "10.55.0.10"},
             "de:ad:be:ef:00:0b": {"ip": "10.0.0.2", "port": 4789},
             "de:ad:be:ef:00:0d": {"ip": "10.0.0.3", "port": 4789},
             "de:ad:be:ef:00:0e": {"ip": "10.0.0.4", "port": 4789, "arp": "10.55.0.12"}}
            """;

    private static final String BAD = "{\n  \"de:ad:be:ef:00:0a\": {\"ip\": \"10.0.0.1\", \"port\": 4789.5}\n}\n";

    @TempDir
    Path dir;

    private final FakeProvider provider = new FakeProvider();
    private FilesPlugin plugin = new FilesPlugin(FileWatcher.manual());
    private Path file;

    @AfterEach
    void closePlugin() {
        plugin.deactivate();
    }

    private FilesInstance startedOn(String json) throws Exception {
        file = Files.writeString(dir.resolve("overlay.json"), json);
        FilesInstance state = plugin.create(provider, VXLAN);
        plugin.setProperty(state, CONFIG, file.toString());
        plugin.start(state);
        return state;
    }

    /**
     * Rewrites the file in place and moves its modification time forward by a second, so the change is seen whatever
     * the file system's timestamp granularity.
     */
    private void rewrite(String json) throws IOException {
        FileTime before = Files.getLastModifiedTime(file);
        Files.writeString(file, json);
        Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() + 1000));
    }

    private FakeLookupQuery lookup(FilesInstance state, String destination) {
        FakeLookupQuery q = FakeLookupQuery.of(SOURCE, destination, LookupRequest.ETHERTYPE_IPV4);
        plugin.lookup(state, q);
        assertEquals(1, q.answers());
        return q;
    }

    private static Injection injection(String mac, TargetPoint target) throws VarpdException {
        return new Injection(MacAddress.parse(mac), target);
    }

    // --- good reloads ------------------------------------------------------------------------

    @Test
    void unchangedFileIsNotReadAgain() throws Exception {
        FilesInstance state = startedOn(V1);
        MappingTable before = state.table();
        state.checkNow();
        state.checkNow();
        assertSame(before, state.table());
        assertEquals(List.of(), provider.injections());
    }

    @Test
    void goodReloadServesTheNewFile() throws Exception {
        FilesInstance state = startedOn(V1);
        rewrite(V2);
        state.checkNow();
        assertEquals(target("10.0.0.2", 4789), lookup(state, B).target());
        assertEquals(Answer.DROP, lookup(state, C).answer());
        assertEquals(target("10.0.0.4", 4789), lookup(state, E).target());
        RecordingResolveQuery arp = new RecordingResolveQuery();
        plugin.arp(state, arp, MappingFileReaderTest.ip("10.55.0.12"));
        assertEquals(MacAddress.parse(E), arp.mac());
    }

    @Test
    void goodReloadInjectsOnlyChangedAndRemovedDestinations() throws Exception {
        FilesInstance state = startedOn(V1);
        rewrite(V2);
        state.checkNow();
        // A unchanged: nothing. D and E had no cached destination (a DROP is never cached): nothing.
        assertEquals(List.of(injection(B, target("10.0.0.2", 4789)), injection(C, null)), provider.injections());
        // 10.55.0.12 went from C (gone) to E: local guests are told.
        assertEquals(List.of("garp vlan 0 10.55.0.12 at " + E + " to ff:ff:ff:ff:ff:ff"), provider.announcements());
        assertEquals(List.of(), provider.degrades());
        assertEquals(0, provider.restores());
    }

    private MacAddress owner(FilesInstance state, String ip) {
        RecordingResolveQuery q = new RecordingResolveQuery();
        plugin.arp(state, q, MappingFileReaderTest.ip(ip));
        return q.mac();
    }

    @Test
    void anAddressMovingToAnotherMacWhileTheOldMacStaysIsPushed() throws Exception {
        FilesInstance state = startedOn("""
                {"de:ad:be:ef:00:0a": {"ip": "10.0.0.1", "port": 4789, "arp": "10.55.0.10", "ndp": "fd55::10"},
                 "de:ad:be:ef:00:0b": {"ip": "10.0.0.2", "port": 4789}}
                """);
        rewrite("""
                {"de:ad:be:ef:00:0a": {"ip": "10.0.0.1", "port": 4789},
                 "de:ad:be:ef:00:0b": {"ip": "10.0.0.2", "port": 4789, "arp": "10.55.0.10", "ndp": "fd55::10"}}
                """);
        state.checkNow();
        // A keeps its destination, so comparing MACs finds nothing. A's entry is removed (which takes
        // what the device derived from it, the neighbours at A) and put back, once for both
        // addresses; both addresses are announced at B.
        assertEquals(List.of(injection(A, null), injection(A, target("10.0.0.1", 4789))), provider.injections());
        assertEquals(
                List.of("garp vlan 0 10.55.0.10 at " + B + " to ff:ff:ff:ff:ff:ff", "una vlan 0 fd55::10 at " + B),
                provider.announcements());
        assertEquals(MacAddress.parse(B), owner(state, "10.55.0.10"));
        assertEquals(MacAddress.parse(B), owner(state, "fd55::10"));
    }

    @Test
    void anAddressDroppedWhileItsMacStaysIsPushedWithoutAnnouncement() throws Exception {
        FilesInstance state = startedOn("""
                {"de:ad:be:ef:00:0a": {"ip": "10.0.0.1", "port": 4789, "ndp": "fd55::10"}}
                """);
        rewrite("""
                {"de:ad:be:ef:00:0a": {"ip": "10.0.0.1", "port": 4789}}
                """);
        state.checkNow();
        assertEquals(List.of(injection(A, null), injection(A, target("10.0.0.1", 4789))), provider.injections());
        assertEquals(List.of(), provider.announcements());
        assertEquals(null, owner(state, "fd55::10"));
    }

    @Test
    void anAddressOfAMacTheDeviceNeverCachedNeedsNoRefresh() throws Exception {
        // D has no port, so the device never had an entry for it and derived nothing from it.
        FilesInstance state = startedOn("""
                {"de:ad:be:ef:00:0d": {"ip": "10.0.0.3", "arp": "10.55.0.13"},
                 "de:ad:be:ef:00:0b": {"ip": "10.0.0.2", "port": 4789}}
                """);
        rewrite("""
                {"de:ad:be:ef:00:0d": {"ip": "10.0.0.3"},
                 "de:ad:be:ef:00:0b": {"ip": "10.0.0.2", "port": 4789, "arp": "10.55.0.13"}}
                """);
        state.checkNow();
        assertEquals(List.of(), provider.injections());
        assertEquals(List.of("garp vlan 0 10.55.0.13 at " + B + " to ff:ff:ff:ff:ff:ff"), provider.announcements());
    }

    @Test
    void unchangedAddressesPushNothing() throws Exception {
        FilesInstance state = startedOn(V1);
        rewrite(V1.replace("\"ip\": \"10.0.0.3\"", "\"ip\": \"10.0.0.3\", \"port\": 4789"));
        state.checkNow();
        assertEquals(List.of(), provider.injections());
        assertEquals(List.of(), provider.announcements());
    }

    @Test
    void entryLosingItsPortIsRemovedFromTheDevice() throws Exception {
        FilesInstance state = startedOn(V1);
        rewrite(V1.replace("\"ip\": \"10.0.0.2\", \"port\": 4789", "\"ip\": \"10.0.0.2\""));
        state.checkNow();
        assertEquals(List.of(injection(C, null)), provider.injections());
        assertEquals(Answer.DROP, lookup(state, C).answer());
    }

    @Test
    void respelledMacsAndReorderedEntriesAreNoChange() throws Exception {
        FilesInstance state = startedOn(V1);
        rewrite("""
                {"DE-AD-BE-EF-00-0D": {"ip": "10.0.0.3"},
                 "dead.beef.000c": {"port": 4789, "arp": "10.55.0.12", "ip": "10.0.0.2"},
                 "de:ad:be:ef:0:b": {"ip": "10.0.0.1", "port": 4789},
                 "de:ad:be:ef:00:0a": {"ip": "::ffff:10.0.0.1", "port": 4789, "arp": "10.55.0.10"}}
                """);
        MappingTable before = state.table();
        state.checkNow();
        assertNotSame(before, state.table());
        assertEquals(List.of(), provider.injections());
    }

    @Test
    void fileRenamedOverTheOldOneIsSeenByItsFileKey() throws Exception {
        FilesInstance state = startedOn(V1);
        // Same size and same modification time: only the file key (inode) tells them apart.
        String sameLength = V1.replace("10.0.0.2", "10.0.0.9");
        Path replacement = Files.writeString(dir.resolve("overlay.json.new"), sameLength);
        Files.setLastModifiedTime(replacement, Files.getLastModifiedTime(file));
        Object oldKey = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class)
                .fileKey();
        Assumptions.assumeTrue(oldKey != null, "this file system has no file keys");
        Files.move(replacement, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        state.checkNow();
        assertEquals(target("10.0.0.9", 4789), lookup(state, C).target());
        assertEquals(List.of(injection(C, target("10.0.0.9", 4789))), provider.injections());
    }

    // --- bad reloads -------------------------------------------------------------------------

    @Test
    void badReloadKeepsServingTheOldMapAndDegradesNamingFileLineAndColumn() throws Exception {
        FilesInstance state = startedOn(V1);
        MappingTable before = state.table();
        rewrite(BAD);
        state.checkNow();
        assertSame(before, state.table());
        assertEquals(target("10.0.0.2", 4789), lookup(state, C).target());
        assertEquals(1, provider.degrades().size());
        String message = provider.degrades().get(0);
        assertTrue(message.startsWith("reload refused, serving the previous 4 entries:" + " line 2, column "), message);
        assertTrue(message.contains("field \"port\" has a fraction or an exponent: 4789.5"), message);
        assertTrue(message.endsWith("; file " + file), message);
        assertEquals(List.of(), provider.injections());
    }

    @Test
    void badVersionIsReportedOnce() throws Exception {
        FilesInstance state = startedOn(V1);
        rewrite(BAD);
        state.checkNow();
        state.checkNow();
        state.checkNow();
        assertEquals(1, provider.degrades().size());
    }

    @Test
    void anotherBadVersionReplacesTheMessage() throws Exception {
        FilesInstance state = startedOn(V1);
        rewrite(BAD);
        state.checkNow();
        rewrite("{\"not a mac\": {}}");
        state.checkNow();
        assertEquals(2, provider.degrades().size());
        assertTrue(
                provider.degrades().get(1).contains("not a mac"),
                provider.degrades().get(1));
        assertEquals(0, provider.restores());
    }

    @Test
    void emptiedFileIsABadVersion() throws Exception {
        FilesInstance state = startedOn(V1);
        rewrite("");
        state.checkNow();
        assertEquals(1, provider.degrades().size());
        assertTrue(
                provider.degrades().get(0).contains("empty"),
                provider.degrades().get(0));
        assertEquals(target("10.0.0.2", 4789), lookup(state, C).target());
    }

    @Test
    void fixingTheFileRestoresAndServesIt() throws Exception {
        FilesInstance state = startedOn(V1);
        rewrite(BAD);
        state.checkNow();
        rewrite(V2);
        state.checkNow();
        assertEquals(1, provider.restores());
        assertEquals(target("10.0.0.2", 4789), lookup(state, B).target());
        // Changes are computed against the map that was being served, V1.
        assertEquals(List.of(injection(B, target("10.0.0.2", 4789)), injection(C, null)), provider.injections());
        state.checkNow();
        assertEquals(1, provider.restores(), "restored once");
    }

    @Test
    void aFixedFileIsReportedGoodOnlyAfterItsChangesReachedTheDevice() throws Exception {
        FilesInstance state = startedOn(V1);
        rewrite(BAD);
        state.checkNow();
        provider.events.clear();
        rewrite(V2);
        state.checkNow();
        List<String> events = new java.util.ArrayList<>(provider.events);
        assertEquals("restore", events.get(events.size() - 1), events.toString());
        assertTrue(events.stream().anyMatch(e -> e.startsWith("inject ")), events.toString());
    }

    @Test
    void vanishedFileDegradesOnceAndKeepsServing() throws Exception {
        FilesInstance state = startedOn(V1);
        Path away = dir.resolve("away.json");
        Files.move(file, away);
        state.checkNow();
        state.checkNow();
        assertEquals(1, provider.degrades().size());
        assertTrue(
                provider.degrades().get(0).contains("no such file"),
                provider.degrades().get(0));
        assertEquals(target("10.0.0.2", 4789), lookup(state, C).target());
        // Moved back unchanged: nothing to load, the problem is gone.
        Files.move(away, file);
        state.checkNow();
        assertEquals(1, provider.restores());
        assertEquals(List.of(), provider.injections());
    }

    @Test
    void startClearsADegradedStatusLeftByABadReload() throws Exception {
        FilesInstance state = startedOn(V1);
        rewrite(BAD);
        state.checkNow();
        plugin.stop(state);
        rewrite(V2);
        plugin.start(state);
        assertEquals(1, provider.restores());
        assertEquals(target("10.0.0.2", 4789), lookup(state, B).target());
    }

    // --- lifecycle ---------------------------------------------------------------------------

    @Test
    void checkAfterStopDoesNothing() throws Exception {
        FilesInstance state = startedOn(V1);
        plugin.stop(state);
        rewrite(BAD);
        state.checkNow();
        assertNull(state.table());
        assertEquals(List.of(), provider.degrades());
        assertEquals(List.of(), provider.injections());
    }

    @Test
    void changingTheConfigOfAStartedInstanceTakesEffectAtTheNextStart() throws Exception {
        FilesInstance state = startedOn(V1);
        Path other = Files.writeString(dir.resolve("other.json"), V2);
        plugin.setProperty(state, CONFIG, other.toString());
        state.checkNow();
        assertEquals(target("10.0.0.1", 4789), lookup(state, B).target(), "still the file it started with");
        plugin.stop(state);
        plugin.start(state);
        assertEquals(target("10.0.0.2", 4789), lookup(state, B).target());
    }

    // --- reloads racing lookups --------------------------------------------------------------

    @Test
    void answerFromTheOldMapLandingAfterTheReloadIsCorrected() throws Exception {
        FilesInstance state = startedOn(V1);
        rewrite(V2);
        // The reload runs, and injects B's new destination, while the lookup holds B's old answer;
        // then the old answer reaches the device.
        FakeLookupQuery q = new FakeLookupQuery(
                FakeLookupQuery.request(SOURCE, B, LookupRequest.ETHERTYPE_IPV4), state::checkNow, provider);
        plugin.lookup(state, q);
        assertEquals(1, q.answers());
        assertEquals(target("10.0.0.1", 4789), q.target(), "answered from the map it started with");
        List<Object> writes = provider.deviceWrites();
        List<Object> toB = new ArrayList<>();
        for (Object w : writes) {
            if (((Injection) w).mac().equals(MacAddress.parse(B))) {
                toB.add(w);
            }
        }
        assertEquals(
                List.of(
                        injection(B, target("10.0.0.2", 4789)),
                        injection(B, target("10.0.0.1", 4789)),
                        injection(B, target("10.0.0.2", 4789))),
                toB,
                "the last write for B is its new destination");
    }

    @Test
    void concurrentLookupsDuringReloadsAreEachAnsweredOnceFromTheOldOrTheNewMap() throws Exception {
        int macs = 64;
        FilesInstance state = startedOn(flipFile(macs, false));
        Map<Long, List<TargetPoint>> allowed = new HashMap<>();
        for (int i = 0; i < macs; i++) {
            allowed.put(flipMac(i), List.of(flipTarget(i, false), flipTarget(i, true)));
        }
        AtomicBoolean reloading = new AtomicBoolean(true);
        Queue<String> wrong = new ConcurrentLinkedQueue<>();
        AtomicLong answered = new AtomicLong();
        int threads = 3;
        CountDownLatch ready = new CountDownLatch(threads);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            SplittableRandom random = new SplittableRandom(t);
            Thread w = new Thread(
                    () -> {
                        ready.countDown();
                        while (reloading.get()) {
                            long mac = flipMac(random.nextInt(macs));
                            FakeLookupQuery q = new FakeLookupQuery(new LookupRequest(
                                    1,
                                    MacAddress.of(0x0200_0000_0001L),
                                    MacAddress.of(mac),
                                    LookupRequest.ETHERTYPE_IPV4,
                                    0,
                                    14,
                                    100));
                            plugin.lookup(state, q);
                            answered.incrementAndGet();
                            if (q.answers() != 1
                                    || q.answer() != Answer.REPLY
                                    || !allowed.get(mac).contains(q.target())) {
                                wrong.add(MacAddress.of(mac) + ": " + q.answers() + " answers, " + q.answer() + " "
                                        + q.target());
                            }
                        }
                    },
                    "lookup-" + t);
            workers.add(w);
            w.start();
        }
        assertTrue(ready.await(30, TimeUnit.SECONDS));
        boolean second = false;
        for (int reload = 0; reload < 40; reload++) {
            second = !second;
            rewrite(flipFile(macs, second));
            state.checkNow();
        }
        reloading.set(false);
        for (Thread w : workers) {
            w.join();
        }
        assertEquals(List.of(), new ArrayList<>(wrong));
        assertTrue(answered.get() > 0);
        assertEquals(List.of(), provider.degrades());
        // Whatever the interleaving, the device's last write for every MAC is the final map's.
        Map<MacAddress, TargetPoint> last = new HashMap<>();
        for (Injection i : provider.injections()) {
            last.put(i.mac(), i.target());
        }
        for (int i = 0; i < macs; i++) {
            assertEquals(flipTarget(i, second), last.get(MacAddress.of(flipMac(i))), "MAC " + i);
        }
    }

    private static long flipMac(int i) {
        return 0x0200_0000_1000L + i;
    }

    /** The two versions differ in every destination and in length (port 4789 against 14789). */
    private static TargetPoint flipTarget(int i, boolean second) {
        return target((second ? "10.2." : "10.1.") + i + ".1", second ? 14789 : 4789);
    }

    private static String flipFile(int macs, boolean second) {
        StringBuilder sb = new StringBuilder("{\n");
        for (int i = 0; i < macs; i++) {
            TargetPoint t = flipTarget(i, second);
            sb.append("\"")
                    .append(MacAddress.of(flipMac(i)))
                    .append("\": {\"ip\": \"")
                    .append(t.ip().orElseThrow().getHostAddress())
                    .append("\", \"port\": ")
                    .append(t.port())
                    .append(i + 1 < macs ? "},\n" : "}\n");
        }
        return sb.append("}\n").toString();
    }

    // --- the watcher thread ------------------------------------------------------------------

    @Test
    void watcherThreadReloadsAChangedFileByItself() throws Exception {
        plugin.deactivate();
        plugin = new FilesPlugin(FileWatcher.every(Duration.ofMillis(10)));
        FilesInstance state = startedOn(V1);
        rewrite(V2);
        String event = provider.events.poll(60, TimeUnit.SECONDS);
        assertNotNull(event, "the watcher reloaded the file");
        assertTrue(event.startsWith("inject "), event);
        plugin.stop(state);
    }

    @Test
    void watcherKeepsRunningACheckThatThrew() throws Exception {
        FileWatcher watcher = FileWatcher.every(Duration.ofMillis(5));
        try {
            AtomicInteger runs = new AtomicInteger();
            CountDownLatch ranAgain = new CountDownLatch(1);
            watcher.watch("test", () -> {
                if (runs.incrementAndGet() == 1) {
                    throw new IllegalStateException("first run fails");
                }
                ranAgain.countDown();
            });
            assertTrue(ranAgain.await(60, TimeUnit.SECONDS), "ran again after throwing");
        } finally {
            watcher.close();
        }
    }

    @Test
    void cancelledWatchRunsNoMore() throws Exception {
        FileWatcher watcher = FileWatcher.every(Duration.ofMillis(5));
        try {
            AtomicInteger runs = new AtomicInteger();
            CountDownLatch ran = new CountDownLatch(1);
            FileWatcher.Watch watch = watcher.watch("test", () -> {
                runs.incrementAndGet();
                ran.countDown();
            });
            assertTrue(ran.await(60, TimeUnit.SECONDS));
            watch.cancel();
            CountDownLatch otherRan = new CountDownLatch(1);
            CountDownLatch otherRanThrice = new CountDownLatch(3);
            watcher.watch("other", () -> {
                otherRan.countDown();
                otherRanThrice.countDown();
            });
            // One thread: once the other check has run, a run of the cancelled one in progress at
            // cancel() has finished.
            assertTrue(otherRan.await(60, TimeUnit.SECONDS));
            int afterCancel = runs.get();
            assertTrue(otherRanThrice.await(60, TimeUnit.SECONDS));
            assertEquals(afterCancel, runs.get());
        } finally {
            watcher.close();
        }
    }

    @Test
    void watchAfterCloseIsHarmless() {
        FileWatcher watcher = FileWatcher.every(Duration.ofMillis(5));
        watcher.close();
        watcher.watch("late", () -> {
                    throw new AssertionError("never runs");
                })
                .cancel();
    }
}
