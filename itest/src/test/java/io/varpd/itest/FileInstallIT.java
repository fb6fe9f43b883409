// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import io.varpd.api.admin.InstanceInfo;
import io.varpd.api.admin.InstanceState;
import io.varpd.api.admin.PluginInfo;
import io.varpd.api.device.CacheEntry;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Operators drop files into FileInstall's folder: {@code <factoryPid>-<name>.cfg} files become overlay configurations,
 * plugin bundle jars become plugins, and removing them undoes it.
 */
class FileInstallIT {
    @RegisterExtension
    final FelixHarness felix = FelixHarness.standard().withFileInstall();

    /** Puts {@code content} at {@code name} in the watched folder in one step (never half-written). */
    private Path drop(String name, byte[] content) throws IOException {
        Path watched = felix.watchedDirectory();
        Path tmp = Files.createTempFile(watched.getParent(), "drop-", ".tmp");
        Files.write(tmp, content);
        // FileInstall notices a change by modification time and length only: a same-length edit
        // within the same millisecond would go unseen, as it would for a person editing twice.
        Path target = watched.resolve(name);
        if (Files.exists(target)) {
            long before = Files.getLastModifiedTime(target).toMillis();
            Files.setLastModifiedTime(
                    tmp,
                    java.nio.file.attribute.FileTime.fromMillis(Math.max(System.currentTimeMillis(), before + 2000)));
        }
        return Files.move(
                tmp, watched.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private Path dropCfg(String name, String... lines) throws IOException {
        return drop(name, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    private List<CacheEntry> awaitTargets(String link, String ip, int port) throws Exception {
        List<CacheEntry> expected =
                List.of(CacheEntry.to(MacAddress.ZERO, TargetPoint.of(InetAddress.getByName(ip), port)));
        return FelixHarness.await(
                "targets of " + link + " = " + expected, () -> felix.admin().targets(link), expected::equals);
    }

    @Test
    void droppedCfgFileBecomesAnActiveOverlay() throws Exception {
        dropCfg(
                "io.varpd.overlay.direct-demo0.cfg",
                "link = demo0",
                "vnetid = 42",
                "direct/dest_ip = 192.0.2.10",
                "direct/dest_port = 4789");

        InstanceInfo i = felix.awaitInstance("demo0", InstanceState.ACTIVE);
        assertEquals("io.varpd.overlay.direct~demo0", i.configPid());
        assertEquals(42, i.vnetid());
        awaitTargets("demo0", "192.0.2.10", 4789);
    }

    @Test
    void editingTheCfgFileUpdatesTheOverlay() throws Exception {
        dropCfg(
                "io.varpd.overlay.direct-demo0.cfg",
                "link = demo0",
                "vnetid = 42",
                "direct/dest_ip = 192.0.2.10",
                "direct/dest_port = 4789");
        long id = felix.awaitInstance("demo0", InstanceState.ACTIVE).id();

        dropCfg(
                "io.varpd.overlay.direct-demo0.cfg",
                "link = demo0",
                "vnetid = 42",
                "direct/dest_ip = 192.0.2.77",
                "direct/dest_port = 4800");

        awaitTargets("demo0", "192.0.2.77", 4800);
        assertEquals(id, felix.awaitInstance("demo0", InstanceState.ACTIVE).id());
    }

    @Test
    void deletingTheCfgFileRemovesTheOverlay() throws Exception {
        Path cfg = dropCfg(
                "io.varpd.overlay.direct-demo0.cfg",
                "link = demo0",
                "vnetid = 42",
                "direct/dest_ip = 192.0.2.10",
                "direct/dest_port = 4789");
        felix.awaitInstance("demo0", InstanceState.ACTIVE);

        Files.delete(cfg);

        felix.awaitNoInstance("demo0");
    }

    @Test
    void hotDeployedPluginJarActivatesTheWaitingOverlayAndRemovingItMakesItWaitAgain() throws Exception {
        dropCfg("io.varpd.overlay.hot-hot0.cfg", "link = hot0", "vnetid = 30");
        felix.awaitInstance(
                "hot0",
                w -> w.state() == InstanceState.WAITING && w.detail().contains(HotPluginJar.PLUGIN_NAME),
                "WAITING for plugin " + HotPluginJar.PLUGIN_NAME);

        Path built = Files.createTempFile(felix.watchedDirectory().getParent(), "hot-", ".jar");
        HotPluginJar.write(built);
        Path jar = drop("hot-plugin.jar", Files.readAllBytes(built));

        PluginInfo hot = FelixHarness.await(
                        "plugin " + HotPluginJar.PLUGIN_NAME,
                        () -> felix.admin().plugins().stream()
                                .filter(p -> p.name().equals(HotPluginJar.PLUGIN_NAME))
                                .findFirst(),
                        p -> p.isPresent())
                .get();
        assertTrue(hot.active(), hot.toString());
        assertTrue(hot.bundle().contains(HotPluginJar.SYMBOLIC_NAME), hot.bundle());
        long id = felix.awaitInstance("hot0", InstanceState.ACTIVE).id();

        Files.delete(jar);

        InstanceInfo again = felix.awaitInstance("hot0", InstanceState.WAITING);
        assertEquals(id, again.id(), "the waiting instance keeps its id");
        FelixHarness.await(
                "plugin " + HotPluginJar.PLUGIN_NAME + " to leave",
                () -> felix.admin().plugins().stream().noneMatch(p -> p.name().equals(HotPluginJar.PLUGIN_NAME)),
                gone -> gone);
    }
}
