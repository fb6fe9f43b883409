// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.itest.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.varpd.itest.HotPluginJar;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, start in a second: {@code bin/varpd} keeps Felix's bundle cache across restarts (the jars it copied, the
 * etcd plugin's unpacked libraries, the bundles' data) while nothing it was made from changed, and still runs exactly
 * {@code bundle/} and {@code deploy/}: a changed {@code bundle/}, a bundle updated while the runtime ran, or a bundle
 * installed by other means are not carried into the next start. Whether the cache was kept is read from a file the test
 * leaves in it: Felix deletes the whole folder when it wipes the cache.
 */
class BundleCacheIT {
    private static final String STRAY = "io.varpd.itest.stray";

    @TempDir
    Path dir;

    @Test
    void aRestartKeepsTheCacheUntilBundleFolderChangesOrABundleIsUpdatedInPlace() throws Exception {
        try (RuntimeProcess varpd = RuntimeProcess.copyInto(dir)) {
            varpd.start();
            varpd.stop();
            Path marker = leaveMarker(varpd);

            varpd.start();
            assertTrue(Files.exists(marker), "nothing changed: the cache is reused\n" + varpd.log());
            assertAllActive(varpd);

            // The console's Update button: Felix keeps a second revision of the bundle in the cache.
            long core = bundle(varpd, "io.varpd.core").get("id").getAsLong();
            HttpResponse<String> update = varpd.consolePost("/bundles/" + core, Map.of("action", "update"));
            assertEquals(200, update.statusCode(), update.body());
            await(varpd, "the core bundle updated", v -> varpd.log().contains("Bundle updated from bundle provided"));
            varpd.stop();
            varpd.start();
            assertFalse(Files.exists(marker), "a bundle updated in place: the cache is made again\n" + varpd.log());
            assertAllActive(varpd);
            varpd.stop();

            leaveMarker(varpd);
            varpd.start();
            assertTrue(Files.exists(marker), "the cache made again is reused\n" + varpd.log());
            varpd.stop();

            // A jar in bundle/ replaced by another of the same name (here: only its time changes).
            Path gson;
            try (var jars = Files.list(varpd.home().resolve("bundle"))) {
                gson = jars.filter(p -> p.getFileName().toString().startsWith("gson-"))
                        .findFirst()
                        .orElseThrow();
            }
            Files.setLastModifiedTime(
                    gson, FileTime.fromMillis(Files.getLastModifiedTime(gson).toMillis() + 2_000));
            varpd.start();
            assertFalse(Files.exists(marker), "bundle/ changed: the cache is made again\n" + varpd.log());
            assertAllActive(varpd);
            varpd.stop();

            // Written over in place with its size and modification time kept, as cp -p does.
            leaveMarker(varpd);
            FileTime time = Files.getLastModifiedTime(gson);
            Files.write(gson, Files.readAllBytes(gson));
            Files.setLastModifiedTime(gson, time);
            varpd.start();
            assertFalse(Files.exists(marker), "a jar written over: the cache is made again\n" + varpd.log());
            assertAllActive(varpd);
        }
    }

    @Test
    void aKeptCacheStillRunsExactlyBundleFolderAndDeployFolder() throws Exception {
        try (RuntimeProcess varpd = RuntimeProcess.copyInto(dir)) {
            Path deployed = varpd.home().resolve("deploy").resolve("hot-plugin.jar");
            HotPluginJar.write(deployed);
            Path stray = dir.resolve("stray.jar");
            writeBundle(stray, STRAY);
            varpd.start();
            await(varpd, "the deployed plugin registered", v -> plugins(v).contains("\"" + HotPluginJar.PLUGIN_NAME));

            // The console's Install: a bundle that is neither in bundle/ nor in deploy/.
            HttpResponse<String> install = varpd.consoleUpload(
                    "/bundles",
                    Map.of("action", "install", "bundlestart", "start"),
                    "bundlefile",
                    "stray.jar",
                    Files.readAllBytes(stray));
            assertTrue(install.statusCode() < 400, install.statusCode() + " " + install.body());
            await(varpd, "the uploaded bundle installed", v -> bundleOrNull(v, STRAY) != null);
            varpd.stop();
            Path marker = leaveMarker(varpd);

            varpd.start();
            assertTrue(Files.exists(marker), "nothing in bundle/ changed: the cache is reused\n" + varpd.log());
            assertEquals(null, bundleOrNull(varpd, STRAY), "a bundle installed by other means is gone");
            await(varpd, "the deployed plugin back", v -> plugins(v).contains("\"" + HotPluginJar.PLUGIN_NAME));
            assertAllActive(varpd);
            varpd.stop();

            Files.delete(deployed);
            varpd.start();
            assertTrue(Files.exists(marker), "deploy/ is FileInstall's: the cache is reused\n" + varpd.log());
            Thread.sleep(1_500); // FileInstall's first scans, which would install it
            assertFalse(plugins(varpd).contains("\"" + HotPluginJar.PLUGIN_NAME), plugins(varpd));
            assertEquals(null, bundleOrNull(varpd, HotPluginJar.SYMBOLIC_NAME), "a jar removed from deploy/ is gone");
        }
    }

    private static Path leaveMarker(RuntimeProcess varpd) throws Exception {
        Path marker = varpd.state().resolve("felix-cache").resolve("itest-marker");
        Files.writeString(marker, "left by BundleCacheIT");
        return marker;
    }

    /**
     * Every bundle of {@code bundle/} and {@code deploy/} is installed and active (a fragment attached), nothing else.
     */
    private static void assertAllActive(RuntimeProcess varpd) throws Exception {
        Map<String, String> states = new HashMap<>();
        for (JsonObject b : bundles(varpd)) {
            states.put(b.get("symbolicName").getAsString(), b.get("state").getAsString());
        }
        long jars = 0;
        for (String folder : new String[] {"bundle", "deploy"}) {
            try (var all = Files.list(varpd.home().resolve(folder))) {
                jars += all.filter(p -> p.toString().endsWith(".jar")).count();
            }
        }
        // The framework itself is listed too.
        assertEquals(jars + 1, states.size(), states.toString());
        states.forEach((name, state) ->
                assertTrue(state.equals("Active") || state.equals("Fragment"), name + " " + state + " " + states));
    }

    /** The console's bundle list, once the console answers (start() waits for the API, which comes first). */
    private static List<JsonObject> bundles(RuntimeProcess varpd) throws Exception {
        awaitConsole(varpd);
        return varpd.consoleBundles();
    }

    private static JsonObject bundleOrNull(RuntimeProcess varpd, String symbolicName) throws Exception {
        awaitConsole(varpd);
        return varpd.consoleBundle(symbolicName).orElse(null);
    }

    private static JsonObject bundle(RuntimeProcess varpd, String symbolicName) throws Exception {
        awaitConsole(varpd);
        return varpd.consoleBundle(symbolicName).orElseThrow(() -> new AssertionError("no bundle " + symbolicName));
    }

    private static void awaitConsole(RuntimeProcess varpd) throws Exception {
        await(varpd, "the web console", v -> v.consoleGet("/bundles.json").statusCode() == 200);
    }

    private static String plugins(RuntimeProcess varpd) {
        try {
            return varpd.get("/plugins").body();
        } catch (Exception e) {
            return e.toString();
        }
    }

    private interface Check {
        boolean test(RuntimeProcess varpd) throws Exception;
    }

    private static void await(RuntimeProcess varpd, String what, Check done) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!done.test(varpd)) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within 30 s: " + what + "\n" + varpd.log());
            }
            Thread.sleep(100);
        }
    }

    /** A bundle with nothing in it but its manifest. */
    private static void writeBundle(Path jar, String symbolicName) throws Exception {
        java.util.jar.Manifest m = new java.util.jar.Manifest();
        m.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
        m.getMainAttributes().putValue("Bundle-SymbolicName", symbolicName);
        m.getMainAttributes().putValue("Bundle-Version", "1.0.0");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar), m)) {
            out.flush();
        }
    }
}
