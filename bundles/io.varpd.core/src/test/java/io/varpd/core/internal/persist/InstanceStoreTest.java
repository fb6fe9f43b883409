// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal.persist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.PluginMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceStoreTest {
    @TempDir
    Path dir;

    private static SavedInstance sample(long id) {
        return new SavedInstance(
                id,
                "io.varpd.overlay.files~ovl" + id,
                "ovl" + id,
                "files",
                PluginMode.DYNAMIC,
                Map.of(
                        "files/config",
                        "/etc/varpd/map.json",
                        "count",
                        7L,
                        "small",
                        3,
                        "flag",
                        true,
                        "hosts",
                        List.of("a", 2L)));
    }

    private List<String> names() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void savedInstancesComeBackWithTheirValueTypes() throws Exception {
        InstanceStore store = new InstanceStore(dir);
        store.write(sample(3));
        store.write(sample(1));

        InstanceStore.Loaded loaded = new InstanceStore(dir).load();

        assertEquals(List.of(sample(1), sample(3)), loaded.instances());
        assertTrue(loaded.problems().isEmpty());
        assertEquals(
                List.of("1.owner", "1.varpd", "3.owner", "3.varpd"),
                names(),
                "each state beside its owner, and no temporary file left behind");
    }

    @Test
    void rewritingReplacesTheFile() throws Exception {
        InstanceStore store = new InstanceStore(dir);
        store.write(sample(1));
        SavedInstance changed = new SavedInstance(1, "p", "ovl1", "direct", PluginMode.POINT, Map.of("x", "y"));
        store.write(changed);

        assertEquals(List.of(changed), store.load().instances());
    }

    @Test
    void aWriteThatChangesNothingLeavesTheFilesInPlace() throws Exception {
        InstanceStore store = new InstanceStore(dir);
        store.write(sample(1));
        // Hard links elsewhere keep the first files (and their inode numbers) alive: a rename
        // into place would leave them pointing at the old file.
        Path keep = Files.createTempDirectory(dir.getParent(), "keep");
        Path state = Files.createLink(keep.resolve("state"), dir.resolve("1.varpd"));
        Path owner = Files.createLink(keep.resolve("owner"), dir.resolve("1.owner"));

        new InstanceStore(dir).write(sample(1));

        assertTrue(Files.isSameFile(state, dir.resolve("1.varpd")), "an unchanged state is not written again");
        assertTrue(Files.isSameFile(owner, dir.resolve("1.owner")));
        assertEquals(List.of(sample(1)), store.load().instances());
        SavedInstance changed =
                new SavedInstance(1, sample(1).pid(), "ovl1", "files", PluginMode.DYNAMIC, Map.of("count", 8L));
        store.write(changed);
        assertEquals(List.of(changed), store.load().instances(), "a changed state is written");
        assertFalse(Files.isSameFile(state, dir.resolve("1.varpd")));
        assertEquals(List.of("1.owner", "1.varpd"), names());
    }

    @Test
    void theSameStateIsTheSameFileInEveryRun() throws Exception {
        Map<String, Object> values = new java.util.HashMap<>();
        for (int i = 0; i < 20; i++) {
            values.put("key" + (char) ('a' + i), (long) i);
        }
        new InstanceStore(dir).write(new SavedInstance(1, "p~a0", "a0", "files", PluginMode.DYNAMIC, values, values));

        // Map.copyOf iterates in another order in every JVM; a state file written in that order
        // differed from the same state written by the previous run, so every start rewrote it.
        String payload =
                new String(Files.readAllBytes(dir.resolve("1.varpd")), java.nio.charset.StandardCharsets.UTF_8);
        List<Integer> at = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            at.add(payload.indexOf("\"key" + (char) ('a' + i) + "\""));
        }
        assertEquals(at.stream().sorted().toList(), at, "the keys are written in sorted order: " + payload);
        assertEquals(values, new InstanceStore(dir).load().instances().get(0).state());
    }

    @Test
    void damagedFileIsSetAsideNamingItsConfigurationAndTheOthersLoad() throws Exception {
        InstanceStore store = new InstanceStore(dir);
        store.write(sample(1));
        store.write(sample(2));
        Path two = dir.resolve("2.varpd");
        // One changed letter inside the payload: still JSON, but no longer what was written.
        Files.writeString(
                two,
                Files.readString(two, java.nio.charset.StandardCharsets.ISO_8859_1)
                        .replace("map.json", "map.jsoN"),
                java.nio.charset.StandardCharsets.ISO_8859_1);

        InstanceStore.Loaded loaded = store.load();

        assertEquals(List.of(sample(1)), loaded.instances());
        assertEquals(1, loaded.problems().size());
        InstanceStore.Problem p = loaded.problems().get(0);
        assertEquals("io.varpd.overlay.files~ovl2", p.pid());
        assertTrue(p.message().contains("checksum"), p.message());
        assertFalse(names().contains("2.varpd"));
        assertTrue(names().stream().anyMatch(n -> n.startsWith("2.varpd.rejected-")), "kept, not deleted: " + names());
    }

    @Test
    void foreignOrTruncatedFilesAreSetAsideAndOtherNamesIgnored() throws Exception {
        Files.write(dir.resolve("5.varpd"), "not a varpd file at all, but long enough to have a header".getBytes());
        Files.write(dir.resolve("6.varpd"), new byte[] {'v', 'a', 'r', 'p'});
        Files.write(dir.resolve("notes.txt"), "left alone".getBytes());

        InstanceStore.Loaded loaded = new InstanceStore(dir).load();

        assertTrue(loaded.instances().isEmpty());
        assertEquals(2, loaded.problems().size());
        assertTrue(loaded.problems().stream().anyMatch(p -> p.message().contains("bad magic")), loaded.toString());
        assertTrue(loaded.problems().stream().anyMatch(p -> p.message().contains("too short")), loaded.toString());
        assertTrue(names().contains("notes.txt"));
    }

    @Test
    void fileNamedForAnotherIdIsSetAside() throws Exception {
        InstanceStore store = new InstanceStore(dir);
        store.write(sample(1));
        Files.move(dir.resolve("1.varpd"), dir.resolve("9.varpd"));

        InstanceStore.Loaded loaded = store.load();

        assertTrue(loaded.instances().isEmpty());
        assertTrue(loaded.problems().get(0).message().contains("holds instance 1"));
    }

    @Test
    void valuesThatCannotBeSavedAreRefusedNamingTheKey() {
        SavedInstance bad = new SavedInstance(1, "p", "l", "x", PluginMode.DYNAMIC, Map.of("when", 1.5d));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new InstanceStore(dir).write(bad));
        assertTrue(e.getMessage().contains("'when'") && e.getMessage().contains("allowed"), e.getMessage());
    }

    @Test
    void deleteRemovesTheFile() throws Exception {
        InstanceStore store = new InstanceStore(dir);
        store.write(sample(4));
        store.delete(4);
        store.delete(4);
        assertEquals(List.of(), names());
    }

    @Test
    void theConfigurationAnInstanceRanWithComesBackWithItsTypes() throws Exception {
        SavedInstance s = new SavedInstance(
                4,
                "p~a4",
                "a4",
                "files",
                PluginMode.DYNAMIC,
                Map.of(),
                Map.of("link", "a4", "vnetid", 7L, "files/config", "/etc/varpd/map.json", "linux/announce", true));
        new InstanceStore(dir).write(s);

        assertEquals(List.of(s), new InstanceStore(dir).load().instances());
    }

    @Test
    void aDirectoryInPlaceOfAStateFileIsSetAsideAndWritingLeavesNoTemporaryFile() throws Exception {
        Files.createDirectory(dir.resolve("5.varpd"));

        InstanceStore.Loaded loaded = new InstanceStore(dir).load();

        assertEquals(1, loaded.problems().size());
        assertTrue(
                loaded.problems().get(0).message().contains("not a regular file"),
                loaded.problems().toString());
        new InstanceStore(dir).write(sample(5));
        assertEquals(List.of(sample(5)), new InstanceStore(dir).load().instances());
        assertTrue(names().stream().noneMatch(n -> n.endsWith(".tmp")), names().toString());
    }

    @Test
    void aStateFileHoldingAnotherInstancesStateIsReportedForTheOwnerOfItsName() throws Exception {
        InstanceStore store = new InstanceStore(dir);
        store.write(sample(1));
        store.write(sample(2));
        Files.copy(dir.resolve("1.varpd"), dir.resolve("2.varpd"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        InstanceStore.Loaded loaded = store.load();

        assertEquals(List.of(sample(1)), loaded.instances());
        InstanceStore.Problem p = loaded.problems().get(0);
        assertEquals(2, p.id());
        assertEquals("io.varpd.overlay.files~ovl2", p.pid(), "the owner of 2.varpd, not the PID inside it");
        assertTrue(p.message().startsWith("saved state 2.varpd set aside: it holds instance 1"), p.message());
        assertFalse(names().contains("2.owner"), "the owner goes with its set-aside state: " + names());
    }

    @Test
    void anEmptiedStateFileIsReportedForItsOwnerAndWithoutOneForNobody() throws Exception {
        InstanceStore store = new InstanceStore(dir);
        store.write(sample(1));
        store.write(sample(2));
        Files.write(dir.resolve("1.varpd"), new byte[0]);
        Files.write(dir.resolve("2.varpd"), new byte[0]);
        Files.writeString(dir.resolve("2.owner"), "half a na"); // no end of line: not one we wrote

        List<InstanceStore.Problem> problems = store.load().problems().stream()
                .sorted(java.util.Comparator.comparingLong(InstanceStore.Problem::id))
                .toList();

        assertEquals("io.varpd.overlay.files~ovl1", problems.get(0).pid());
        assertEquals(null, problems.get(1).pid(), problems.get(1).toString());
    }

    @Test
    void ownerFilesLeftWithoutAStateAreRemovedAndDeleteRemovesBoth() throws Exception {
        InstanceStore store = new InstanceStore(dir);
        store.write(sample(1));
        store.write(sample(2));
        Files.delete(dir.resolve("2.varpd"));
        store.load();
        assertEquals(List.of("1.owner", "1.varpd"), names());

        store.delete(1);
        assertEquals(List.of(), names());
    }
}
