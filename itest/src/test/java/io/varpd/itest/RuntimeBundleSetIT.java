// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The runtime ships exactly the bundles its requirements resolve to (issue 7). The bnd resolver in runtime/pom.xml
 * resolves {@code runtime/varpd.bndrun}'s requirements and writes the set it found as {@code -runbundles} to
 * {@code runtime/target/varpd.bndrun}; this checks that the set is what the build put in
 * {@code runtime/target/felix/bundle/}. A bundle shipped but not needed, or needed but not shipped, fails, and so does
 * a bundle shipped twice. The framework (launched from {@code bin/felix.jar}, named by {@code -runfw}) is left out of
 * both.
 *
 * <p>Reads the runtime module's build output, so the reactor must build runtime/ first (it does: runtime is listed
 * before itest in the root pom and nothing orders them otherwise).
 */
class RuntimeBundleSetIT {

    private static Path runtime() {
        return Paths.get(System.getProperty("itest.runtime", "../runtime"));
    }

    /**
     * What differs between the bundles the resolution needs and those shipped, one line per kind of difference, naming
     * the bundles; empty when they are the same.
     */
    static String mismatch(Set<String> resolved, Set<String> shipped) {
        Set<String> notNeeded = new TreeSet<>(shipped);
        notNeeded.removeAll(resolved);
        Set<String> notShipped = new TreeSet<>(resolved);
        notShipped.removeAll(shipped);
        List<String> lines = new ArrayList<>();
        if (!notNeeded.isEmpty()) {
            lines.add("shipped but not in -runbundles (nothing requires them): " + notNeeded);
        }
        if (!notShipped.isEmpty()) {
            lines.add("in -runbundles but not shipped: " + notShipped);
        }
        return String.join("\n", lines);
    }

    /** The symbolic names of the jars in {@code dir}, each with the jars that carry it. */
    private static Map<String, List<String>> shippedBundles(Path dir) throws IOException {
        Map<String, List<String>> byName = new TreeMap<>();
        List<String> notBundles = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path jar : s.filter(p -> p.getFileName().toString().endsWith(".jar"))
                    .sorted()
                    .toList()) {
                String bsn = FelixHarness.symbolicName(jar);
                if (bsn == null) {
                    notBundles.add(jar.getFileName().toString());
                } else {
                    byName.computeIfAbsent(bsn, k -> new ArrayList<>())
                            .add(jar.getFileName().toString());
                }
            }
        }
        assertEquals(List.of(), notBundles, "jars in " + dir + " without a Bundle-SymbolicName");
        return byName;
    }

    @Test
    void theRuntimeShipsExactlyTheBundlesItsBndrunResolvesTo() throws Exception {
        Path bndrunFile = runtime().resolve("target/varpd.bndrun");
        Path bundleDir = runtime().resolve("target/felix/bundle");
        assertTrue(
                Files.isDirectory(bundleDir),
                bundleDir + " is missing: the runtime module must be built"
                        + " (package) before the integration tests, as the reactor does");
        Bndrun bndrun = Bndrun.read(bndrunFile);
        List<String> runbundles = bndrun.runbundles()
                .orElseGet(() -> fail(bndrunFile + " has no " + Bndrun.RUNBUNDLES
                        + ": the resolver's result must be written there for the build to check it"));
        Optional<String> framework = bndrun.runfw();

        Map<String, List<String>> shipped = shippedBundles(bundleDir);
        Map<String, List<String>> twice = new TreeMap<>(shipped);
        twice.values().removeIf(jars -> jars.size() < 2);
        assertEquals(Map.of(), twice, "bundles shipped more than once in " + bundleDir);

        Set<String> resolved = new TreeSet<>(runbundles);
        assertEquals(runbundles.size(), resolved.size(), "a bundle listed twice in -runbundles: " + runbundles);
        Set<String> shippedNames = new TreeSet<>(shipped.keySet());
        framework.ifPresent(f -> {
            resolved.remove(f);
            shippedNames.remove(f);
        });
        String mismatch = mismatch(resolved, shippedNames);
        assertTrue(mismatch.isEmpty(), bundleDir + " against " + bndrunFile + ":\n" + mismatch);
    }

    @Test
    void runbundlesAreReadAcrossContinuationLinesWithoutTheirVersionRanges() {
        Bndrun bndrun = Bndrun.parse("""
                # comment
                -runfw: org.apache.felix.framework;version='[7.0.5,7.0.6)'
                -runee: JavaSE-17
                -runbundles: \\
                \tio.varpd.api;version='[1.1.0,1.1.1)',\\
                \torg.apache.felix.scr;version='[2.2.18,2.2.19)',\\
                    slf4j.simple;version='[1.7.36,1.7.37)'
                -resolve.effective: active
                """);

        assertEquals(Optional.of(List.of("io.varpd.api", "org.apache.felix.scr", "slf4j.simple")), bndrun.runbundles());
        assertEquals(Optional.of("org.apache.felix.framework"), bndrun.runfw());
    }

    @Test
    void aBndrunWithoutRunbundlesHasNone() {
        Bndrun bndrun = Bndrun.parse("-runfw: org.apache.felix.framework\n-runrequires: \\\n\tbnd.identity;id='a'\n");

        assertEquals(Optional.empty(), bndrun.runbundles());
    }

    @Test
    void aBundleShippedButNotNeededAndOneNeededButNotShippedAreBothNamed() {
        assertEquals("", mismatch(Set.of("a", "b"), Set.of("b", "a")));
        assertEquals(
                "shipped but not in -runbundles (nothing requires them): [extra]\n"
                        + "in -runbundles but not shipped: [missing]",
                mismatch(Set.of("a", "missing"), Set.of("a", "extra")));
    }
}
