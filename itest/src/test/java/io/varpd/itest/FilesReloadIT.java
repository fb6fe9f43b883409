// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import io.varpd.api.admin.InstanceInfo;
import io.varpd.api.admin.InstanceState;
import io.varpd.api.device.CacheEntry;
import io.varpd.overlay.memory.MemoryDevice;
import io.varpd.overlay.memory.MemoryOverlayNetwork;
import io.varpd.overlay.memory.Transmission;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Editing a running files overlay's mapping file (the plugin watches it, about once a second): a moved MAC's stale
 * destination leaves the device's target table and new frames follow the file; a broken version keeps the last good one
 * serving and degrades the instance, naming the file and the line; fixing the file restores it.
 */
class FilesReloadIT {
    private static final String LINK = "reload0";

    private static final MacAddress GUEST = mac("02:00:00:00:00:0a");
    private static final MacAddress MOVER = mac("de:ad:be:ef:00:01");
    private static final MacAddress LEAVER = mac("de:ad:be:ef:00:02");
    private static final MacAddress NEWCOMER = mac("de:ad:be:ef:00:05");
    private static final TargetPoint FIRST_HOST = TargetPoint.of(ip("192.0.2.11"), 4789);
    private static final TargetPoint LEAVER_HOST = TargetPoint.of(ip("192.0.2.12"), 4789);
    private static final TargetPoint SECOND_HOST = TargetPoint.of(ip("192.0.2.21"), 4789);
    private static final TargetPoint NEWCOMER_HOST = TargetPoint.of(ip("192.0.2.25"), 4789);
    private static final TargetPoint THIRD_HOST = TargetPoint.of(ip("192.0.2.31"), 4789);

    private static final String FIRST = """
            {
              "de:ad:be:ef:00:01": {"ip": "192.0.2.11", "port": 4789},
              "de:ad:be:ef:00:02": {"ip": "192.0.2.12", "port": 4789}
            }
            """;
    /** MOVER moved, LEAVER gone, NEWCOMER new. */
    private static final String SECOND = """
            {
              "de:ad:be:ef:00:01": {"ip": "192.0.2.21", "port": 4789},
              "de:ad:be:ef:00:05": {"ip": "192.0.2.25", "port": 4789}
            }
            """;
    /** A missing comma at the end of line 2, found on line 3. */
    private static final String BROKEN = """
            {
              "de:ad:be:ef:00:01": {"ip": "192.0.2.99", "port": 4789}
              "de:ad:be:ef:00:05": {"ip": "192.0.2.25", "port": 4789}
            }
            """;

    private static final String FIXED = """
            {
              "de:ad:be:ef:00:01": {"ip": "192.0.2.31", "port": 4789},
              "de:ad:be:ef:00:05": {"ip": "192.0.2.25", "port": 4789}
            }
            """;

    @RegisterExtension
    final FelixHarness felix = FelixHarness.standard();

    @TempDir
    Path dir;

    /**
     * Replaces the file as deploy tools and most editors do: a new file renamed over the old one, so the watcher never
     * reads a half-written version.
     */
    private void replace(Path file, String content) throws Exception {
        Path next = Files.writeString(dir.resolve(file.getFileName() + ".new"), content);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Sends one frame to {@code mac} and returns where it went (empty when dropped). */
    private static List<TargetPoint> sendTo(MemoryDevice device, MacAddress mac) {
        device.transmit(GuestFrames.unicast(mac, GUEST, 64, 5));
        return device.takeTransmitted().stream().map(Transmission::target).toList();
    }

    private List<CacheEntry> targets() throws Exception {
        return felix.admin().targets(LINK);
    }

    @Test
    void editingTheFileMovesAMappingAndABrokenVersionKeepsTheLastGoodOneServing() throws Exception {
        Path file = Files.writeString(dir.resolve("mapping.json"), FIRST).toAbsolutePath();
        felix.createOverlay("files", LINK, Map.of("vnetid", 78L, "files/config", file.toString()));
        felix.awaitInstance(LINK, InstanceState.ACTIVE);
        MemoryDevice device =
                felix.awaitService(MemoryOverlayNetwork.class).device(LINK).orElseThrow();
        assertEquals(List.of(FIRST_HOST), sendTo(device, MOVER));
        assertEquals(List.of(LEAVER_HOST), sendTo(device, LEAVER));
        assertEquals(List.of(), sendTo(device, NEWCOMER), "not in the file yet");
        assertTrue(
                targets().contains(CacheEntry.to(MOVER, FIRST_HOST)), targets().toString());

        // 1. The mapping moves: the cached destinations of MOVER and LEAVER are stale.
        replace(file, SECOND);
        List<CacheEntry> table = FelixHarness.await(
                "the reload to clear the stale destinations",
                this::targets,
                t -> t.stream().noneMatch(e -> FIRST_HOST.equals(e.target()) || LEAVER_HOST.equals(e.target())));
        assertTrue(table.stream().noneMatch(e -> e.mac().equals(LEAVER)), "a removed MAC leaves the table: " + table);
        assertEquals(List.of(SECOND_HOST), sendTo(device, MOVER), "a new frame goes to the new host");
        assertEquals(List.of(), sendTo(device, LEAVER), "a removed MAC is dropped");
        assertEquals(List.of(NEWCOMER_HOST), sendTo(device, NEWCOMER), "a new MAC is served");
        assertEquals(Optional.of(SECOND_HOST), felix.admin().lookup(LINK, MOVER).destination());
        assertEquals("ONLINE", felix.admin().instance(LINK).orElseThrow().status());

        // 2. A broken version: degraded, naming file and line; the last good version keeps serving.
        replace(file, BROKEN);
        InstanceInfo degraded = felix.awaitInstance(LINK, InstanceInfo::degraded, "degraded by the broken file");
        assertEquals(InstanceState.ACTIVE, degraded.state(), "a bad reload does not stop the instance");
        assertEquals("DEGRADED", degraded.status());
        assertTrue(degraded.detail().contains(file.toString()), "names the file: " + degraded.detail());
        assertTrue(degraded.detail().contains("line 3"), "names the line: " + degraded.detail());
        device.takeTransmitted();
        felix.admin().flushTargets(LINK); // so the next frame asks the plugin, not the cache
        assertEquals(List.of(SECOND_HOST), sendTo(device, MOVER), "the last good version still answers");
        assertEquals(List.of(NEWCOMER_HOST), sendTo(device, NEWCOMER));
        assertEquals(Optional.of(SECOND_HOST), felix.admin().lookup(LINK, MOVER).destination());

        // 3. Fixed (written in place this time, as an editor that truncates and writes would):
        // restored, and the fixed version's destinations are served.
        Files.writeString(file, FIXED);
        InstanceInfo restored = felix.awaitInstance(LINK, i -> !i.degraded(), "restored by the fixed file");
        assertEquals("ONLINE", restored.status());
        assertEquals("", restored.detail(), "no detail once restored");
        // Restoring and swapping the table happen in one reload; the push to the device follows.
        assertEquals(Optional.of(THIRD_HOST), felix.admin().lookup(LINK, MOVER).destination());
        FelixHarness.await(
                "the stale destination to leave the table",
                this::targets,
                t -> t.stream().noneMatch(e -> e.mac().equals(MOVER) && !THIRD_HOST.equals(e.target())));
        assertEquals(List.of(THIRD_HOST), sendTo(device, MOVER));
        assertFalse(felix.admin().instance(LINK).orElseThrow().degraded());
    }

    private static MacAddress mac(String text) {
        try {
            return MacAddress.parse(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
