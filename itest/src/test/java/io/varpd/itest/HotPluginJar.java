// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.itest;

import io.varpd.itest.hotplugin.HotPlugin;
import io.varpd.itest.hotplugin.HotPluginActivator;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Builds the plugin bundle of {@link io.varpd.itest.hotplugin} at test time: a manifest naming the activator and
 * importing only the API and the framework, plus every compiled class of that package, read from the test class path.
 */
public final class HotPluginJar {
    public static final String SYMBOLIC_NAME = "io.varpd.itest.hotplugin";
    public static final String PLUGIN_NAME = HotPlugin.NAME;

    private HotPluginJar() {}

    /** Writes the bundle to {@code jar}. */
    public static void write(Path jar) throws IOException {
        String pkg = HotPluginActivator.class.getPackageName();
        String dir = pkg.replace('.', '/');
        Path classes = classesRoot().resolve(dir);
        List<Path> classFiles;
        try (Stream<Path> s = Files.list(classes)) {
            classFiles = s.filter(p -> p.getFileName().toString().endsWith(".class"))
                    .sorted()
                    .collect(Collectors.toList());
        }

        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", SYMBOLIC_NAME);
        a.putValue("Bundle-Version", "1.0.0");
        a.putValue("Bundle-Name", "varpd itest hot-deployed plugin");
        a.putValue("Bundle-Activator", HotPluginActivator.class.getName());
        a.putValue(
                "Import-Package",
                "io.varpd.api;version=\"[1.0,2)\","
                        + "io.varpd.api.plugin;version=\"[1.0,2)\","
                        + "org.osgi.framework;version=\"[1.8,2)\"");
        a.putValue("Require-Capability", "osgi.ee;filter:=\"(&(osgi.ee=JavaSE)(version>=17))\"");

        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream jos = new JarOutputStream(out, m)) {
            jos.putNextEntry(new JarEntry(dir + "/"));
            jos.closeEntry();
            for (Path c : classFiles) {
                jos.putNextEntry(new JarEntry(dir + "/" + c.getFileName()));
                jos.write(Files.readAllBytes(c));
                jos.closeEntry();
            }
        }
    }

    /** The directory holding the compiled test classes (target/test-classes). */
    private static Path classesRoot() {
        try {
            Path p = Paths.get(HotPluginActivator.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            if (!Files.isDirectory(p)) {
                throw new IllegalStateException("test classes are not in a directory: " + p);
            }
            return p;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
