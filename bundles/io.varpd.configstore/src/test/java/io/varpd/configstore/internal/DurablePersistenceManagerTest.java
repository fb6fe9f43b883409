// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.configstore.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Vector;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurablePersistenceManagerTest {
    @TempDir
    Path root;

    private DurablePersistenceManager manager() {
        return new DurablePersistenceManager(root, FileMover.ATOMIC_RENAME);
    }

    private static Hashtable<String, Object> config(String pid, Object... keysAndValues) {
        Hashtable<String, Object> d = new Hashtable<>();
        d.put("service.pid", pid);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            d.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return d;
    }

    /** pid -> dictionary of everything getDictionaries lists. */
    @SuppressWarnings("rawtypes")
    private static Map<String, Dictionary> listed(DurablePersistenceManager pm) throws IOException {
        Map<String, Dictionary> out = new TreeMap<>();
        for (Object d : Collections.list(pm.getDictionaries())) {
            Dictionary dictionary = (Dictionary) d;
            assertEquals(null, out.put((String) dictionary.get("service.pid"), dictionary), "listed twice");
        }
        return out;
    }

    private List<Path> temporaryFiles() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".tmp"))
                    .toList();
        }
    }

    @Test
    void everyValueTypeOfTheFelixFormatSurvivesStoreAndLoad() throws IOException {
        Hashtable<String, Object> in = config(
                "io.varpd.test~all",
                "string",
                "quote \" backslash \\ newline \n tab \t unicode \u00e9\u2603 = # [",
                "integer",
                Integer.MIN_VALUE,
                "long",
                Long.MAX_VALUE,
                "float",
                1.25f,
                "double",
                -2.5e300,
                "byte",
                (byte) -7,
                "short",
                (short) 300,
                "character",
                '\u00e9',
                "boolean",
                Boolean.TRUE,
                "strings",
                new String[] {"a", "", "c d"},
                "emptyStrings",
                new String[0],
                "integers",
                new Integer[] {1, -2},
                "longs",
                new Long[] {3L},
                "floats",
                new Float[] {0.5f},
                "doubles",
                new Double[] {1e-3},
                "bytes",
                new Byte[] {(byte) 1},
                "shorts",
                new Short[] {(short) 2},
                "characters",
                new Character[] {'x'},
                "booleans",
                new Boolean[] {false, true},
                "ints",
                new int[] {4, 5},
                "primitiveLongs",
                new long[] {6L},
                "primitiveFloats",
                new float[] {7.5f},
                "primitiveDoubles",
                new double[] {8.25},
                "primitiveBytes",
                new byte[] {9},
                "primitiveShorts",
                new short[] {10},
                "chars",
                new char[] {'y', 'z'},
                "primitiveBooleans",
                new boolean[] {true},
                "stringList",
                new ArrayList<>(List.of("p", "q")),
                "longVector",
                new Vector<>(List.of(11L, 12L)),
                "emptyList",
                new ArrayList<>());
        DurablePersistenceManager pm = manager();
        pm.store("io.varpd.test~all", in);

        Dictionary<?, ?> out = new DurablePersistenceManager(root, FileMover.ATOMIC_RENAME).load("io.varpd.test~all");
        assertEquals(in.size(), out.size());
        for (Map.Entry<String, Object> e : in.entrySet()) {
            Object expected = e.getValue();
            Object actual = out.get(e.getKey());
            if (expected.getClass().isArray()) {
                assertEquals(expected.getClass(), actual.getClass(), e.getKey());
                assertTrue(java.util.Objects.deepEquals(expected, actual), e.getKey());
            } else if (expected instanceof List<?> list) {
                assertEquals(list, new ArrayList<>((java.util.Collection<?>) actual), e.getKey());
            } else {
                assertEquals(expected, actual, e.getKey());
            }
        }
    }

    @Test
    void aStoredConfigurationExistsAndAnOverwriteReplacesIt() throws IOException {
        DurablePersistenceManager pm = manager();
        assertFalse(pm.exists("a.b"));
        pm.store("a.b", config("a.b", "v", "old"));
        pm.store("a.b", config("a.b", "v", "new"));
        assertTrue(pm.exists("a.b"));
        assertEquals("new", pm.load("a.b").get("v"));
        assertEquals(List.of(), temporaryFiles());
    }

    @Test
    void anOverwriteWhoseMoveFailsKeepsTheOldContentAndLeavesNoTemporaryFile() throws IOException {
        manager().store("a.b", config("a.b", "v", "old"));
        DurablePersistenceManager failing = new DurablePersistenceManager(root, (source, target) -> {
            throw new IOException("simulated: rename failed");
        });

        IOException e = assertThrows(IOException.class, () -> failing.store("a.b", config("a.b", "v", "new")));
        assertEquals("simulated: rename failed", e.getMessage());
        assertEquals("old", failing.load("a.b").get("v"));
        assertEquals(List.of(), temporaryFiles());
    }

    @Test
    void anOverwriteThatFailsRightAfterTheMoveKeepsTheNewContent() throws IOException {
        manager().store("a.b", config("a.b", "v", "old"));
        DurablePersistenceManager failing = new DurablePersistenceManager(root, (source, target) -> {
            FileMover.ATOMIC_RENAME.move(source, target);
            throw new IOException("simulated: failed after the rename");
        });

        assertThrows(IOException.class, () -> failing.store("a.b", config("a.b", "v", "new")));
        assertEquals("new", failing.load("a.b").get("v"));
        assertEquals(List.of(), temporaryFiles());
    }

    /** A process killed before its move leaves the synced temporary file and the old file. */
    @Test
    void aWriteKilledBeforeItsMoveLeavesTheOldContentAndTheLeftoverIsIgnoredThenRemoved() throws IOException {
        manager().store("x.y~one", config("x.y~one", "v", "old"));
        class Killed extends Error {}
        DurablePersistenceManager dying = new DurablePersistenceManager(root, (source, target) -> {
            throw new Killed();
        });
        assertThrows(Killed.class, () -> dying.store("x.y~one", config("x.y~one", "v", "new")));
        assertThrows(Killed.class, () -> dying.store("x.y~two", config("x.y~two", "v", "never stored")));
        assertEquals(2, temporaryFiles().size(), "what a killed process leaves behind");

        // Still in the same process: the leftovers are not configurations.
        assertEquals("old", dying.load("x.y~one").get("v"));
        assertFalse(dying.exists("x.y~two"));
        assertEquals(List.of("x.y~one"), List.copyOf(listed(dying).keySet()));

        // The next start removes them.
        DurablePersistenceManager restarted = manager();
        assertEquals(List.of(), temporaryFiles());
        assertEquals("old", restarted.load("x.y~one").get("v"));
        assertEquals(List.of("x.y~one"), List.copyOf(listed(restarted).keySet()));
    }

    @Test
    void temporaryFilesOfOtherWritersAreIgnoredButKept() throws IOException {
        DurablePersistenceManager pm = manager();
        pm.store("a.b", config("a.b", "v", "1"));
        // What Felix's FilePersistenceManager leaves when killed between its delete and its rename:
        // the only copy of a configuration, under a name ending in .tmp.
        Path felixLeftover = root.resolve("a").resolve("c.config1234567.tmp");
        Files.writeString(felixLeftover, "service.pid=\"a.c\"\r\nv=\"2\"\r\n", StandardCharsets.UTF_8);

        assertEquals(List.of("a.b"), List.copyOf(listed(pm).keySet()));
        DurablePersistenceManager restarted = manager();
        assertTrue(Files.exists(felixLeftover));
        assertFalse(restarted.exists("a.c"));
        assertEquals(List.of("a.b"), List.copyOf(listed(restarted).keySet()));
    }

    @Test
    void factoryConfigurationsAreListedWithTheirFactoryPid() throws IOException {
        DurablePersistenceManager pm = manager();
        pm.store(
                "io.varpd.overlay.direct~demo0",
                config("io.varpd.overlay.direct~demo0", "service.factoryPid", "io.varpd.overlay.direct", "vnetid", 1L));
        pm.store(
                "io.varpd.overlay.direct~churn3",
                config(
                        "io.varpd.overlay.direct~churn3",
                        "service.factoryPid",
                        "io.varpd.overlay.direct",
                        "vnetid",
                        3L));
        pm.store("io.varpd.core", config("io.varpd.core", "x", "y"));

        @SuppressWarnings("rawtypes")
        Map<String, Dictionary> all = listed(pm);
        assertEquals(
                List.of("io.varpd.core", "io.varpd.overlay.direct~churn3", "io.varpd.overlay.direct~demo0"),
                List.copyOf(all.keySet()));
        assertEquals(
                "io.varpd.overlay.direct",
                all.get("io.varpd.overlay.direct~churn3").get("service.factoryPid"));
        assertEquals(3L, all.get("io.varpd.overlay.direct~churn3").get("vnetid"));
    }

    @Test
    void filesThatAreNotConfigurationsAreNotListed() throws IOException {
        DurablePersistenceManager pm = manager();
        pm.store("a.b", config("a.b"));
        Files.writeString(root.resolve("garbage.config"), "this is [not the format", StandardCharsets.UTF_8);
        Files.writeString(root.resolve("nopid.config"), "v=\"1\"\r\n", StandardCharsets.UTF_8);
        // A copy under another name: its service.pid names a different file.
        Files.copy(root.resolve("a").resolve("b.config"), root.resolve("copy.config"));

        assertEquals(List.of("a.b"), List.copyOf(listed(pm).keySet()));
    }

    @Test
    void deleteRemovesTheConfigurationAndOnlyIt() throws IOException {
        DurablePersistenceManager pm = manager();
        pm.store("x.y~one", config("x.y~one"));
        pm.store("x.y~two", config("x.y~two"));

        pm.delete("x.y~one");

        assertFalse(pm.exists("x.y~one"));
        assertThrows(IOException.class, () -> pm.load("x.y~one"));
        assertEquals(List.of("x.y~two"), List.copyOf(listed(pm).keySet()));
        assertEquals(List.of("x.y~two"), List.copyOf(listed(manager()).keySet()));
    }

    @Test
    void deletingAConfigurationThatDoesNotExistIsNoError() throws IOException {
        DurablePersistenceManager pm = manager();
        pm.delete("never.stored");
        assertFalse(pm.exists("never.stored"));
    }

    @Test
    void aStoreCreatesTheFoldersItsPidNeeds() throws IOException {
        DurablePersistenceManager pm = new DurablePersistenceManager(root.resolve("not/yet"), FileMover.ATOMIC_RENAME);
        pm.store("deep.er.pid", config("deep.er.pid", "v", "1"));
        assertTrue(Files.isRegularFile(root.resolve("not/yet/deep/er/pid.config")));
    }

    @Test
    void aRootThatIsAFileIsRefusedWithItsPath() throws IOException {
        Path file = Files.writeString(root.resolve("file"), "");
        Exception e = assertThrows(
                RuntimeException.class, () -> new DurablePersistenceManager(file, FileMover.ATOMIC_RENAME));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void theStoredBytesAreFelixsFormat() throws IOException {
        manager().store("a.b", config("a.b", "n", 5L));
        String text = Files.readString(root.resolve("a/b.config"), StandardCharsets.UTF_8);
        assertArrayEquals(new String[] {"n=L\"5\"", "service.pid=\"a.b\""}, text.split("\r\n"));
    }
}
