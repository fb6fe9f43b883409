// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.itest.browser;

import io.varpd.itest.browser.guest.GuestTrafficActivator;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Builds the bundle of {@link io.varpd.itest.browser.guest} from the compiled test classes: the activator and a
 * manifest importing only the memory device's test API and the framework.
 */
final class GuestTrafficJar {
    private GuestTrafficJar() {}

    /** Writes the bundle into {@code folder} (a runtime's {@code deploy/}) and answers its path. */
    static Path writeInto(Path folder) throws IOException {
        String dir = GuestTrafficActivator.class.getPackageName().replace('.', '/');
        Path classes;
        try {
            classes = Path.of(GuestTrafficActivator.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .resolve(dir);
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        List<Path> classFiles;
        try (Stream<Path> s = Files.list(classes)) {
            classFiles = s.filter(p -> p.getFileName().toString().endsWith(".class"))
                    .sorted()
                    .toList();
        }
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", "io.varpd.itest.browser.guest");
        a.putValue("Bundle-Version", "1.0.0");
        a.putValue("Bundle-Activator", GuestTrafficActivator.class.getName());
        a.putValue(
                "Import-Package",
                "io.varpd.overlay.memory;version=\"[1.1,2)\","
                        + "io.varpd.api.device;version=\"[1.1,2)\",org.osgi.framework;version=\"[1.8,2)\"");
        Path jar = folder.resolve("io.varpd.itest.browser.guest.jar");
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream j = new JarOutputStream(out, m)) {
            for (Path c : classFiles) {
                j.putNextEntry(new JarEntry(dir + "/" + c.getFileName()));
                j.write(Files.readAllBytes(c));
                j.closeEntry();
            }
        }
        return jar;
    }
}
