// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.itest.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, section 1: the plugin template in {@code examples/varpd-plugin-template}, built the way a plugin author
 * builds it (its own {@code mvn -o -q package}, outside the reactor, with the JDK running this test), is dropped into a
 * running runtime's {@code deploy/} folder and serves the overlay its README's {@code .cfg} file configures; removed,
 * that overlay goes WAITING.
 *
 * <p>Where the template's build finds the varpd API: a clean clone's {@code mvn verify} installs nothing, and the
 * shared local repository may hold an older API (or none). So this module's build copies the API jar, its test jar (the
 * conformance kit) and their poms, resolved as its own dependencies are (the reactor's fresh jars in a reactor build),
 * into {@code target/template-repo} in repository layout. The test copies that into a temporary local repository
 * ({@code -Dmaven.repo.local}) and reads everything else (plugins, JUnit, OSGi annotations) from the build's own local
 * repository through a {@code file:} mirror, which Maven offline is allowed to use with
 * {@code -Daether.offline.protocols=file}. The API comes from the temporary repository first, so the template is built
 * against this tree's API; the shared repository is only read from; and the build needs no network, as the reactor's
 * does not. (Maven 3.9's chained local repository would say this in one flag; the build runs on Maven 3.8 too.)
 */
class TemplatePluginIT {
    private static final Path TEMPLATE = Path.of(System.getProperty("itest.template"));
    private static final Path API_REPO = Path.of(System.getProperty("itest.template.repo"));
    private static final Path MAVEN = Path.of(System.getProperty("itest.maven.home"), "bin", "mvn");
    private static final Path SHARED_REPO = Path.of(System.getProperty("itest.maven.repository"));
    private static final String CFG = "io.varpd.overlay.table-table0.cfg";
    /** Generous: FileInstall acts within a second, but the machine is shared. */
    private static final long WAIT_NANOS = 30_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void theTemplateBuiltOutsideTheReactorServesLookupsFromDeployAndItsOverlayWaitsOnceRemoved() throws Exception {
        Path jar = buildTemplate();
        try (RuntimeProcess varpd = RuntimeProcess.copyInto(dir)) {
            varpd.start();
            // The overlay first: it waits for its plugin, as the README says.
            Files.copy(
                    TEMPLATE.resolve(CFG), varpd.home().resolve("configadmin").resolve(CFG));
            await(varpd, "table0 WAITING for its plugin", o -> state(o).equals("WAITING"));

            // Copied beside deploy/ and renamed in, so FileInstall never reads half a jar.
            Path beside = varpd.home().resolve(jar.getFileName());
            Files.copy(jar, beside);
            Path deployed = Files.move(
                    beside, varpd.home().resolve("deploy").resolve(jar.getFileName()), StandardCopyOption.ATOMIC_MOVE);
            await(varpd, "table0 ACTIVE once the plugin is deployed", o -> state(o).equals("ACTIVE"));

            JsonObject known = lookup(varpd, "02:00:00:00:00:03");
            assertEquals("[2001:db8::13]:4789", known.get("destination").getAsString(), known.toString());
            assertTrue(known.get("answered").getAsBoolean(), known.toString());
            JsonObject unknown = lookup(varpd, "02:00:00:00:00:09");
            assertEquals("drop", unknown.get("destination").getAsString(), unknown.toString());

            Files.delete(deployed);
            JsonObject waiting =
                    await(varpd, "table0 WAITING once the plugin is removed", o -> state(o).equals("WAITING"));
            assertEquals("table", waiting.get("plugin").getAsString(), waiting.toString());
        }
    }

    /** Builds a copy of the template (the source tree stays clean) and returns its bundle. */
    private Path buildTemplate() throws Exception {
        Path project = dir.resolve("template");
        copyTree(TEMPLATE, project);
        Path repo = dir.resolve("m2");
        copyTree(API_REPO, repo);
        Path settings = dir.resolve("settings.xml");
        Files.writeString(
                settings,
                "<settings><mirrors><mirror><id>shared-local-repository</id>" + "<mirrorOf>*</mirrorOf><url>"
                        + SHARED_REPO.toUri() + "</url></mirror></mirrors></settings>\n");
        Path log = dir.resolve("template-build.log");
        ProcessBuilder pb = new ProcessBuilder(List.of(
                        MAVEN.toString(),
                        "-B",
                        "-o",
                        "-q",
                        "package",
                        "-s",
                        settings.toString(),
                        "-Dmaven.repo.local=" + repo,
                        "-Daether.offline.protocols=file"))
                .directory(project.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process build = pb.start();
        if (!build.waitFor(5, TimeUnit.MINUTES)) {
            build.destroyForcibly().waitFor();
            throw new AssertionError("the template's build did not end within 5 minutes:\n" + Files.readString(log));
        }
        assertEquals(0, build.exitValue(), "the template's build failed:\n" + Files.readString(log));
        Path jar = project.resolve("target/varpd-plugin-table-1.0.0.jar");
        assertTrue(Files.isRegularFile(jar), "no bundle at " + jar + ":\n" + Files.readString(log));
        return jar;
    }

    private static String state(JsonObject overlay) {
        return overlay.get("state").getAsString();
    }

    private static JsonObject lookup(RuntimeProcess varpd, String mac) throws Exception {
        HttpResponse<String> r = varpd.get("/overlays/table0/lookup?mac=" + mac);
        assertEquals(200, r.statusCode(), r.body());
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    /**
     * Polls GET /overlays/table0 until {@code done} holds; fails with the last answer and the log. A 404 counts as "not
     * yet": FileInstall delivers the configuration about 0.1 s after the copy.
     */
    private static JsonObject await(RuntimeProcess varpd, String what, Predicate<JsonObject> done) throws Exception {
        long deadline = System.nanoTime() + WAIT_NANOS;
        String last = "";
        while (System.nanoTime() - deadline < 0) {
            HttpResponse<String> r = varpd.get("/overlays/table0");
            last = r.statusCode() + " " + r.body();
            if (r.statusCode() == 200) {
                JsonObject o = JsonParser.parseString(r.body()).getAsJsonObject();
                if (done.test(o)) {
                    return o;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError(what + ": not seen; last answer " + last + "\nruntime log:\n" + varpd.log());
    }

    /** Copies a folder, leaving out build output ({@code target/}). */
    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            all.filter(p -> !from.relativize(p).startsWith("target")).forEach(p -> {
                Path target = to.resolve(from.relativize(p).toString());
                try {
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(p, target);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
