// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.PluginMode;
import io.varpd.api.VarpdException;
import io.varpd.api.admin.OverlaySpec;
import io.varpd.core.internal.testing.FakeDevices;
import io.varpd.core.internal.testing.FakePlugin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In Karaf an overlay created through the shell or the API is also written to {@code etc/<factory PID>-<link>.cfg}, so
 * that {@code bin/karaf clean} does not lose it (issue 12, section 4), and only once it runs.
 */
class KarafEtcFileTest {
    @TempDir
    Path etc;

    private final FakePlugin plugin = new FakePlugin(PluginMode.DYNAMIC);

    private AdminHarness harness() {
        return new AdminHarness(etc).plugin("fake", PluginMode.DYNAMIC, plugin).device("memory", new FakeDevices());
    }

    @Test
    void aCreatedOverlayIsWrittenToEtcAndNamedInItsConfiguration() throws Exception {
        AdminHarness h = harness();

        h.admin.create(new OverlaySpec("kt2", "fake", 4245, Map.of(FakePlugin.DEST, "192.0.2.12")));

        Path file = etc.resolve("io.varpd.overlay.fake-kt2.cfg");
        assertEquals(
                new TreeMap<>(Map.of("link", "kt2", "vnetid", "4245", FakePlugin.DEST, "192.0.2.12")),
                EtcFiles.read(file));
        String pid = h.admin.instance("kt2").orElseThrow().configPid();
        assertEquals(
                file.toUri().toString(),
                h.cm.getConfiguration(pid, "?").getProperties().get(EtcFiles.FILENAME));
        assertEquals("ONLINE", h.admin.instance("kt2").orElseThrow().status());
    }

    @Test
    void aCreateThatFailsWritesNoFile() throws Exception {
        AdminHarness h = harness();
        plugin.failStart = new VarpdException(io.varpd.api.Errno.EINVAL, "fake/dest: unreachable on purpose");

        assertThrows(
                VarpdException.class,
                () -> h.admin.create(new OverlaySpec("kt3", "fake", 4246, Map.of(FakePlugin.DEST, "192.0.2.12"))));

        try (Stream<Path> files = Files.list(etc)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void outsideKarafNothingIsWritten() throws Exception {
        AdminHarness h =
                new AdminHarness().plugin("fake", PluginMode.DYNAMIC, plugin).device("memory", new FakeDevices());

        h.admin.create(new OverlaySpec("kt4", "fake", 4247, Map.of(FakePlugin.DEST, "192.0.2.12")));

        String pid = h.admin.instance("kt4").orElseThrow().configPid();
        assertFalse(h.cm.getConfiguration(pid, "?").getProperties().get(EtcFiles.FILENAME) != null);
        try (Stream<Path> files = Files.list(etc)) {
            assertTrue(files.findAny().isEmpty());
        }
    }
}
