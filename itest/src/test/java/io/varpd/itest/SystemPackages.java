// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.itest;

import io.varpd.api.admin.VarpdAdmin;
import io.varpd.overlay.memory.MemoryOverlayNetwork;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.apache.felix.hc.api.execution.HealthCheckExecutor;
import org.apache.felix.service.command.CommandProcessor;
import org.osgi.framework.Constants;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.metatype.MetaTypeService;

/**
 * The value of {@code org.osgi.framework.system.packages.extra} for the embedded framework: the packages the test class
 * path shares with the bundles, each exported exactly as the jar that holds it exports it (version and {@code uses:}),
 * read from that jar's manifest. So when a package's version is bumped the framework follows without an edit here, and
 * an importer's range is checked against the real version.
 */
final class SystemPackages {
    private static String value;

    private SystemPackages() {}

    /** The packages to export, as an Export-Package header. */
    static synchronized String fromTestClassPath() {
        if (value == null) {
            List<String> clauses = new ArrayList<>();
            clauses.addAll(exports(VarpdAdmin.class, all()));
            clauses.addAll(exports(MemoryOverlayNetwork.class, all()));
            clauses.addAll(exports(ConfigurationAdmin.class, all()));
            clauses.addAll(exports(MetaTypeService.class, all()));
            clauses.addAll(exports(HealthCheckExecutor.class, all()));
            // The Gogo runtime jar also exports its implementation; only the command API is shared.
            clauses.addAll(exports(CommandProcessor.class, CommandProcessor.class.getPackageName()::equals));
            value = String.join(",", clauses);
        }
        return value;
    }

    private static Predicate<String> all() {
        return p -> true;
    }

    /** The Export-Package clauses of the jar holding {@code type} whose package {@code wanted} accepts. */
    static List<String> exports(Class<?> type, Predicate<String> wanted) {
        Manifest m = manifestOf(type);
        String header = m.getMainAttributes().getValue(Constants.EXPORT_PACKAGE);
        if (header == null) {
            throw new IllegalStateException("the jar of " + type.getName() + " exports nothing (no Export-Package)");
        }
        List<String> out = new ArrayList<>();
        for (String clause : HeaderClauses.split(header)) {
            if (wanted.test(HeaderClauses.name(clause))) {
                out.add(clause);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException(
                    "the jar of " + type.getName() + " exports none of the packages wanted: " + header);
        }
        return out;
    }

    /** The manifest of the jar (or class folder) {@code type} was loaded from. */
    private static Manifest manifestOf(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            throw new IllegalStateException("cannot tell where " + type.getName() + " was loaded from");
        }
        try {
            Path where = Paths.get(source.getLocation().toURI());
            if (Files.isDirectory(where)) {
                // A reactor build before `package`: bnd writes the manifest into the class folder.
                Path mf = where.resolve(JarFile.MANIFEST_NAME);
                if (!Files.isRegularFile(mf)) {
                    throw new IllegalStateException(where + " has no " + JarFile.MANIFEST_NAME
                            + "; build that module (mvn install) before the integration tests");
                }
                try (InputStream in = Files.newInputStream(mf)) {
                    return new Manifest(in);
                }
            }
            try (JarFile jar = new JarFile(where.toFile())) {
                Manifest m = jar.getManifest();
                if (m == null) {
                    throw new IllegalStateException(where + " has no manifest");
                }
                return m;
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot read the manifest of the jar of " + type.getName(), e);
        }
    }
}
