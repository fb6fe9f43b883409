// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.karaf.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The features file this build attaches, read as a file (no Karaf needed): every bundle it names
 * must be one this build ships, in the version the root pom manages. target/karaf-repo holds
 * exactly those (karaf-itest/pom.xml copies them), so a version in karaf/pom.xml that drifted from
 * the root pom, or a bundle that is not built, is reported here by name instead of as an
 * unresolvable URL inside Karaf.
 */
class FeaturesRepositoryIT {
    private static final String VERSION = System.getProperty("varpd.version");
    private static Path repository;
    private static Document features;

    @BeforeAll
    static void readTheFeaturesFile() throws Exception {
        repository = Path.of(System.getProperty("karaf.repo"));
        Path file = repository.resolve("io/varpd/io.varpd.karaf.features/" + VERSION + "/io.varpd.karaf.features-"
                + VERSION + "-features.xml");
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        features = f.newDocumentBuilder().parse(file.toFile());
    }

    @Test
    void everyBundleTheFeaturesNameIsInTheBuildInTheManagedVersion() {
        List<String> missing = new ArrayList<>();
        for (String url : bundleUrls()) {
            // mvn:groupId/artifactId/version
            String[] gav = url.substring("mvn:".length()).split("/");
            Path jar = repository.resolve(gav[0].replace('.', '/')).resolve(gav[1]).resolve(gav[2])
                    .resolve(gav[1] + "-" + gav[2] + ".jar");
            if (!Files.isRegularFile(jar)) {
                missing.add(url);
            }
        }
        assertEquals(List.of(), missing, "bundles the features name that this build does not ship in that version"
                + " (compare karaf/pom.xml's version properties with the root pom's dependencyManagement)");
    }

    @Test
    void everyVarpdBundleOfTheBuildBelongsToAFeature() throws Exception {
        Set<String> named = new TreeSet<>();
        for (String url : bundleUrls()) {
            if (url.startsWith("mvn:io.varpd/")) {
                named.add(url.split("/")[1]);
            }
        }
        Set<String> built = new TreeSet<>();
        try (Stream<Path> dirs = Files.list(repository.resolve("io/varpd"))) {
            dirs.map(p -> p.getFileName().toString()).filter(n -> !n.equals("io.varpd.karaf.features")).forEach(built::add);
        }
        assertFalse(built.isEmpty(), "no varpd bundle in " + repository);
        built.removeAll(named);
        assertEquals(Set.of(), built, "varpd bundles no feature installs");
    }

    /** Inside Karaf, varpd uses Karaf's HTTP server and web console; it brings no second one. */
    @Test
    void noFeatureBringsAnHttpServerOrAWebConsoleOfItsOwn() {
        List<String> own = bundleUrls().stream().filter(u -> u.startsWith("mvn:org.apache.felix/org.apache.felix.http.")
                || u.startsWith("mvn:org.apache.felix/org.apache.felix.webconsole/")
                || u.startsWith("mvn:org.eclipse.jetty/")).toList();
        assertEquals(List.of(), own, "a second HTTP server or web console beside Karaf's");
        Set<String> karafFeatures = new TreeSet<>();
        NodeList deps = features.getElementsByTagNameNS("*", "feature");
        for (int i = 0; i < deps.getLength(); i++) {
            Element e = (Element) deps.item(i);
            if (!e.hasAttribute("name")) {
                karafFeatures.add(e.getTextContent().strip());
            }
        }
        assertTrue(karafFeatures.containsAll(List.of("http-whiteboard", "webconsole")),
                "the HTTP features use Karaf's own: " + karafFeatures);
    }

    private static List<String> bundleUrls() {
        List<String> urls = new ArrayList<>();
        NodeList bundles = features.getElementsByTagNameNS("*", "bundle");
        for (int i = 0; i < bundles.getLength(); i++) {
            urls.add(((Element) bundles.item(i)).getTextContent().strip());
        }
        return urls;
    }
}
