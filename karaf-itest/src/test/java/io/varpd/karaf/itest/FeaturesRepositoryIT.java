// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.karaf.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The features file this build attaches, read as a file (no Karaf needed): every bundle it names must be one this build
 * ships, in the version the root pom manages, and every varpd bundle the build makes must be in a feature unless it is
 * one Karaf does not run. target/karaf-repo holds exactly what this build made and the third-party bundles the root pom
 * manages (karaf-itest/pom.xml copies them), so a version that drifted from the root pom, a bundle that is not built,
 * or a new plugin whose module brings no Karaf feature is reported here by name instead of as an unresolvable URL
 * inside Karaf.
 */
class FeaturesRepositoryIT {
    private static final String VERSION = System.getProperty("varpd.version");
    /**
     * The varpd bundles that are not for Karaf, and why: the Jakarta bundles have javax twins that Karaf's HTTP server
     * and web console run, and Karaf keeps configurations its own way.
     */
    private static final Set<String> NOT_FOR_KARAF =
            Set.of("io.varpd.http", "io.varpd.metrics", "io.varpd.webconsole", "io.varpd.configstore");

    private static Path repository;
    private static FeaturesFile features;

    @BeforeAll
    static void readTheFeaturesFile() throws Exception {
        repository = Path.of(System.getProperty("karaf.repo"));
        features = FeaturesFile.inRepository(repository, VERSION);
    }

    @Test
    void everyBundleTheFeaturesNameIsInTheBuildInTheManagedVersion() {
        List<String> missing = new ArrayList<>();
        for (String url : features.bundleUrls()) {
            // mvn:groupId/artifactId/version
            String[] gav = url.substring("mvn:".length()).split("/");
            Path jar = repository
                    .resolve(gav[0].replace('.', '/'))
                    .resolve(gav[1])
                    .resolve(gav[2])
                    .resolve(gav[1] + "-" + gav[2] + ".jar");
            if (!Files.isRegularFile(jar)) {
                missing.add(url);
            }
        }
        assertEquals(
                List.of(),
                missing,
                "bundles the features name that this build does not ship in that version"
                        + " (the features file's versions are the root pom's properties)");
    }

    @Test
    void everyVarpdBundleOfTheBuildBelongsToAFeature() throws Exception {
        Set<String> built = builtVarpdBundles();
        assertTrue(built.containsAll(NOT_FOR_KARAF), "no bundles of the build in " + repository + ": " + built);
        built.removeAll(NOT_FOR_KARAF);
        built.removeAll(features.varpdBundles());
        assertEquals(
                Set.of(),
                built,
                "varpd bundles no feature installs (a plugin module brings its own feature in"
                        + " src/main/karaf/feature.xml)");
    }

    /** Inside Karaf, varpd uses Karaf's HTTP server and web console; it brings no second one. */
    @Test
    void noFeatureBringsAnHttpServerOrAWebConsoleOfItsOwn() {
        List<String> own = features.bundleUrls().stream()
                .filter(u -> u.startsWith("mvn:org.apache.felix/org.apache.felix.http.")
                        || u.startsWith("mvn:org.apache.felix/org.apache.felix.webconsole/")
                        || u.startsWith("mvn:org.eclipse.jetty/"))
                .toList();
        assertEquals(List.of(), own, "a second HTTP server or web console beside Karaf's");
        Set<String> karafFeatures = features.referencedFeatures();
        assertTrue(
                karafFeatures.containsAll(List.of("http-whiteboard", "webconsole")),
                "the HTTP features use Karaf's own: " + karafFeatures);
    }

    @Test
    void everyLookupPluginOfTheBuildHasAFeature() throws Exception {
        Set<String> plugins = new TreeSet<>();
        for (String bundle : builtVarpdBundles()) {
            if (bundle.startsWith("io.varpd.plugin.")) {
                plugins.add(bundle.substring("io.varpd.plugin.".length()));
            }
        }
        assertFalse(plugins.isEmpty(), "no plugin bundles in " + repository);
        assertEquals(plugins, new TreeSet<>(features.plugins()), "plugin bundles against features varpd-plugin-*");
    }

    /** The varpd bundles this build made: the artifact folders karaf-itest/pom.xml filled. */
    private static Set<String> builtVarpdBundles() throws IOException {
        Set<String> built = new TreeSet<>();
        try (Stream<Path> dirs = Files.list(repository.resolve("io/varpd"))) {
            dirs.map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals("io.varpd.karaf.features"))
                    .forEach(built::add);
        }
        return built;
    }
}
