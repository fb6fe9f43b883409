// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.configstore.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.felix.cm.file.FilePersistenceManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Both managers share one folder: each finds what the other wrote, under the same file. */
class FelixCompatibilityTest {
    private static final List<String> PIDS = List.of(
            "plain",
            "io.varpd.core",
            "io.varpd.overlay.direct~demo0",
            "org.apache.felix.webconsole.internal.servlet.OsgiManager",
            ".leading.dot",
            "trailing.dot.",
            "spaces and-dashes_ok",
            "percent%sign",
            "slash/inside",
            "unicode\u00e9\u2603",
            "a..b",
            "CON.nul.COM1.com9.LPT0.aux.CLOCK$.x");

    @TempDir
    Path root;

    private static Hashtable<String, Object> config(String pid) {
        Hashtable<String, Object> d = new Hashtable<>();
        d.put("service.pid", pid);
        d.put("value", "of " + pid);
        return d;
    }

    @SuppressWarnings("rawtypes")
    private static Set<String> pids(java.util.Enumeration e) {
        Set<String> out = new TreeSet<>();
        for (Object d : Collections.list(e)) {
            out.add((String) ((Dictionary) d).get("service.pid"));
        }
        return out;
    }

    /**
     * Compared with Felix's own (package-private) {@code encodePid}, under both rule sets: Felix picks the Windows
     * rules from {@code os.name} when it is constructed.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void bothNameEveryPidsFileAlike(boolean windows) throws Exception {
        String osName = System.getProperty("os.name");
        FilePersistenceManager felix;
        try {
            System.setProperty("os.name", windows ? "Windows 10" : "Linux");
            felix = new FilePersistenceManager(root.toString());
        } finally {
            System.setProperty("os.name", osName);
        }
        Method encodePid = FilePersistenceManager.class.getDeclaredMethod("encodePid", String.class);
        encodePid.setAccessible(true);
        ConfigFileNames names = new ConfigFileNames(windows);
        for (String pid : PIDS) {
            assertEquals(encodePid.invoke(felix, pid), names.encode(pid), pid);
        }
        // And one spelled out, so a reader sees what the rules make of a varpd factory PID.
        assertEquals("io/varpd/overlay/direct%007edemo0", names.encode("io.varpd.overlay.direct~demo0"));
    }

    @Test
    void whatFelixWroteIsReadHere() throws IOException {
        FilePersistenceManager felix = new FilePersistenceManager(root.toString());
        for (String pid : PIDS) {
            felix.store(pid, config(pid));
        }
        DurablePersistenceManager ours = new DurablePersistenceManager(root, FileMover.ATOMIC_RENAME);
        for (String pid : PIDS) {
            assertTrue(ours.exists(pid), pid);
            assertEquals("of " + pid, ours.load(pid).get("value"), pid);
        }
        assertEquals(new TreeSet<>(PIDS), pids(ours.getDictionaries()));
    }

    @Test
    void whatWasWrittenHereIsReadByFelix() throws IOException {
        DurablePersistenceManager ours = new DurablePersistenceManager(root, FileMover.ATOMIC_RENAME);
        for (String pid : PIDS) {
            ours.store(pid, config(pid));
        }
        FilePersistenceManager felix = new FilePersistenceManager(root.toString());
        for (String pid : PIDS) {
            assertTrue(felix.exists(pid), pid);
            assertEquals("of " + pid, felix.load(pid).get("value"), pid);
        }
        assertEquals(new TreeSet<>(PIDS), pids(felix.getDictionaries()));

        ours.delete("io.varpd.core");
        assertEquals(false, felix.exists("io.varpd.core"));
    }
}
