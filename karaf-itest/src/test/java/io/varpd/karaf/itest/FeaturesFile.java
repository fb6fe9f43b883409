// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.karaf.itest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The features file this build attaches, as the tests need it: what it defines and what it names. The tests take their
 * lists of features and bundles from here rather than repeating them, so a plugin whose module brings its own feature
 * is installed and checked without a test edit.
 */
final class FeaturesFile {
    private final Document document;

    private FeaturesFile(Document document) {
        this.document = document;
    }

    /** The file in the test repository, where karaf-itest/pom.xml copies it. */
    static FeaturesFile inRepository(Path repository, String version) throws Exception {
        Path file = repository.resolve("io/varpd/io.varpd.karaf.features/" + version + "/io.varpd.karaf.features-"
                + version + "-features.xml");
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return new FeaturesFile(f.newDocumentBuilder().parse(file.toFile()));
    }

    /** The names of the features the file defines, in file order. */
    List<String> definedFeatures() {
        List<String> names = new ArrayList<>();
        for (Element e : elements("feature")) {
            if (e.hasAttribute("name")) {
                names.add(e.getAttribute("name"));
            }
        }
        return names;
    }

    /** The features the file's features depend on by name only: Karaf's own (scr, webconsole...). */
    Set<String> referencedFeatures() {
        Set<String> names = new TreeSet<>();
        for (Element e : elements("feature")) {
            if (!e.hasAttribute("name")) {
                names.add(e.getTextContent().strip());
            }
        }
        return names;
    }

    /** The lookup plugins the file installs: the X of each feature varpd-plugin-X. */
    List<String> plugins() {
        return definedFeatures().stream()
                .filter(n -> n.startsWith("varpd-plugin-"))
                .map(n -> n.substring("varpd-plugin-".length()))
                .toList();
    }

    /** Every bundle URL of every feature, in file order. */
    List<String> bundleUrls() {
        return elements("bundle").stream().map(e -> e.getTextContent().strip()).toList();
    }

    /** The varpd bundles the file names (a varpd bundle's symbolic name is its artifactId). */
    Set<String> varpdBundles() {
        Set<String> names = new TreeSet<>();
        for (String url : bundleUrls()) {
            if (url.startsWith("mvn:io.varpd/")) {
                names.add(url.split("/")[1]);
            }
        }
        return names;
    }

    private List<Element> elements(String tag) {
        NodeList nodes = document.getElementsByTagNameNS("*", tag);
        List<Element> elements = new ArrayList<>(nodes.getLength());
        for (int i = 0; i < nodes.getLength(); i++) {
            elements.add((Element) nodes.item(i));
        }
        return elements;
    }
}
