// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.PluginMode;
import io.varpd.api.admin.InstanceInfo;
import io.varpd.api.admin.InstanceState;
import io.varpd.api.device.OverlayDeviceProvider;
import io.varpd.core.internal.lookup.FrameProxies;
import io.varpd.core.internal.persist.InstanceStore;
import io.varpd.core.internal.registry.NamedServiceRegistry;
import io.varpd.core.internal.testing.FakeDevices;
import io.varpd.core.internal.testing.FakePlugin;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A saved state that fails its checks at start is set aside and named in the status of the overlay it belonged to,
 * whatever the damage (issue 12, section 5): driven through the manager, with a real store on disk, as core runs it at
 * start.
 */
class DamagedStateTest {
    private static final String FACTORY = "io.varpd.overlay.fake";
    private static final String A = "io.varpd.overlay.fake~a0";
    private static final String B = "io.varpd.overlay.fake~b0";

    @TempDir
    Path dir;

    private final NamedServiceRegistry<PluginBinding.Plugin> plugins = new NamedServiceRegistry<>("plugin");
    private final NamedServiceRegistry<OverlayDeviceProvider> devices = new NamedServiceRegistry<>("device provider");
    private final FakeDevices memory = new FakeDevices();
    private final FakePlugin fake = new FakePlugin(PluginMode.DYNAMIC);

    private InstanceManager manager() {
        InstanceManager m =
                new InstanceManager(plugins, devices, new InstanceIds(), new FrameProxies(), new InstanceStore(dir));
        m.loadSaved();
        return m;
    }

    private static Hashtable<String, Object> config(String link, String dest) {
        Hashtable<String, Object> h = new Hashtable<>();
        h.put("link", link);
        h.put("vnetid", 7L);
        h.put(FakePlugin.DEST, dest);
        return h;
    }

    /** Runs a0 (id 1) and b0 (id 2), then stops core as a restart does. */
    private void runBothThenStop() {
        plugins.add(new NamedServiceRegistry.Entry<>("fake", 1, fake.asPlugin("fake"), "test"));
        devices.add(new NamedServiceRegistry.Entry<>("memory", 2, memory, "test"));
        InstanceManager first = manager();
        first.configured(A, FACTORY, config("a0", "192.0.2.1"));
        first.configured(B, FACTORY, config("b0", "192.0.2.2"));
        assertEquals(1, first.record(A).orElseThrow().id());
        assertEquals(2, first.record(B).orElseThrow().id());
        first.shutdown();
        memory.open.clear();
    }

    /** Starts core again as VarpdCore does: saved states, then every configuration, then orphans. */
    private InstanceManager restart() {
        InstanceManager second = manager();
        second.configured(A, FACTORY, config("a0", "192.0.2.1"));
        second.configured(B, FACTORY, config("b0", "192.0.2.2"));
        second.dropOrphans();
        return second;
    }

    private List<String> names() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    enum Damage {
        TRUNCATED {
            @Override
            void apply(Path dir) throws Exception {
                Path f = dir.resolve("2.varpd");
                byte[] all = Files.readAllBytes(f);
                Files.write(f, Arrays.copyOf(all, all.length / 2));
            }
        },
        EMPTIED {
            @Override
            void apply(Path dir) throws Exception {
                Files.write(dir.resolve("2.varpd"), new byte[0]);
            }
        },
        GARBAGE {
            @Override
            void apply(Path dir) throws Exception {
                Files.write(
                        dir.resolve("2.varpd"),
                        "\u0000\u00ff garbage where a state was \u0001\u0002 and more"
                                .repeat(20)
                                .getBytes(StandardCharsets.ISO_8859_1));
            }
        },
        ANOTHER_INSTANCES_STATE {
            @Override
            void apply(Path dir) throws Exception {
                Files.copy(
                        dir.resolve("1.varpd"),
                        dir.resolve("2.varpd"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        },
        DIRECTORY {
            @Override
            void apply(Path dir) throws Exception {
                Files.delete(dir.resolve("2.varpd"));
                Files.createDirectory(dir.resolve("2.varpd"));
            }
        };

        abstract void apply(Path dir) throws Exception;
    }

    @ParameterizedTest
    @EnumSource(Damage.class)
    void aDamagedStateIsNamedInTheStatusOfTheOverlayItBelongedToAndNoOtherOne(Damage damage) throws Exception {
        runBothThenStop();
        damage.apply(dir);

        InstanceManager second = restart();

        InstanceInfo b = second.record(B).orElseThrow().info();
        assertEquals(InstanceState.ACTIVE, b.state(), b.detail());
        assertTrue(b.degraded(), "b0 lost its saved state, so it is DEGRADED: " + b.detail());
        assertTrue(b.detail().contains("saved state") && b.detail().contains("2.varpd.rejected-"), b.detail());
        InstanceInfo a = second.record(A).orElseThrow().info();
        assertEquals(InstanceState.ACTIVE, a.state(), a.detail());
        assertFalse(a.degraded(), "a0's own state is intact: " + a.detail());
        assertEquals("", a.detail());
        assertEquals(1, a.id(), "a0 came back with its id");
        assertTrue(names().stream().anyMatch(n -> n.startsWith("2.varpd.rejected-")), "kept: " + names());
        assertTrue(names().stream().noneMatch(n -> n.endsWith(".tmp")), names().toString());
    }

    @Test
    void theNoteStaysWhileNothingChangesAndGoesWithTheNextAppliedChange() throws Exception {
        runBothThenStop();
        Damage.GARBAGE.apply(dir);
        InstanceManager second = restart();

        second.configured(B, FACTORY, config("b0", "192.0.2.2")); // the same content again
        assertTrue(second.record(B).orElseThrow().info().degraded());

        second.configured(B, FACTORY, config("b0", "192.0.2.3"));
        InstanceInfo b = second.record(B).orElseThrow().info();
        assertFalse(b.degraded(), b.detail());
        assertEquals("", b.detail());
    }

    @Test
    void aDamagedStateOfAStoppedPluginIsNamedWhileTheOverlayWaits() throws Exception {
        runBothThenStop();
        Damage.EMPTIED.apply(dir);
        plugins.remove(1);

        InstanceManager second = restart();

        InstanceInfo b = second.record(B).orElseThrow().info();
        assertEquals(InstanceState.WAITING, b.state());
        assertTrue(b.detail().contains("waiting for plugin") && b.detail().contains("2.varpd.rejected-"), b.detail());
        assertFalse(second.record(A).orElseThrow().info().detail().contains("rejected"));
    }

    @Test
    void aDamagedStateNoOwnerCanBeReadForIsNamedOnEveryOverlayThatCameBackWithoutItsState() throws Exception {
        runBothThenStop();
        // As after a state written by varpd 1.0, which kept no owner beside it.
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> p.toString().endsWith(".owner")).toList()) {
                Files.delete(p);
            }
        }
        Damage.GARBAGE.apply(dir);

        InstanceManager second = restart();

        InstanceInfo b = second.record(B).orElseThrow().info();
        assertTrue(b.degraded(), b.detail());
        assertTrue(
                b.detail().contains("may have been this overlay's")
                        && b.detail().contains("2.varpd.rejected-"),
                b.detail());
        assertFalse(second.record(A).orElseThrow().info().degraded(), "a0 came back with its own state");
    }
}
