// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.configstore.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.apache.felix.cm.PersistenceManager;
import org.apache.felix.cm.file.ConfigurationHandler;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Felix Configuration Admin's persistence manager {@value #NAME}: the files and format of Felix's
 * {@code FilePersistenceManager} in the same folder ({@code felix.cm.dir}), written so that a crash at any instant
 * leaves every configuration either as it was before the write or as it is after it (see the package theory).
 * Configuration Admin uses it when the framework property {@code felix.cm.pm} is {@value #NAME}.
 *
 * <p>Contract, as {@link PersistenceManager} asks: {@link #store} and {@link #delete} have taken effect durably when
 * they return; {@link #load} and {@link #getDictionaries} see only complete configurations, never temporary files.
 * Temporary files this manager left in a crash are removed when it is created.
 */
@Component(
        service = PersistenceManager.class,
        immediate = true,
        // It must not wait for a configuration: Configuration Admin itself waits for it.
        configurationPolicy = ConfigurationPolicy.IGNORE,
        property = {
            PersistenceManager.PROPERTY_NAME + "=" + DurablePersistenceManager.NAME,
            Constants.SERVICE_DESCRIPTION + "=varpd crash-safe file persistence manager"
        })
@SuppressWarnings("rawtypes") // PersistenceManager's own signatures are raw
public class DurablePersistenceManager implements PersistenceManager {
    /** The service property {@code name}, the value {@code felix.cm.pm} selects it by. */
    public static final String NAME = "varpd.configstore";

    private static final Logger LOG = LoggerFactory.getLogger(DurablePersistenceManager.class);
    private static final String PID = Constants.SERVICE_PID;

    private final Path root;
    private final ConfigFileNames names = new ConfigFileNames();
    private final AtomicFiles files;

    /** DS: the folder named by the framework property {@code felix.cm.dir} (see {@link StoreLocation}). */
    @Activate
    public DurablePersistenceManager(BundleContext context) {
        this(
                StoreLocation.resolve(
                        context.getProperty(StoreLocation.PROPERTY),
                        context::getDataFile,
                        System.getProperty("user.dir")),
                FileMover.ATOMIC_RENAME);
    }

    /** A manager of the store under {@code root}, moving files into place with {@code mover}. */
    DurablePersistenceManager(Path root, FileMover mover) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath();
        this.files = new AtomicFiles(mover);
        try {
            if (Files.exists(this.root) && !Files.isDirectory(this.root)) {
                throw new NotDirectoryException(this.root + " (felix.cm.dir must name a folder)");
            }
            Files.createDirectories(this.root);
            for (Path foreign : files.removeLeftovers(this.root)) {
                LOG.warn(
                        "Left in place: {} is a temporary file of another writer (Felix's own persistence"
                                + " manager names them so); after a crash it can hold the only copy of a configuration."
                                + " It is never read as one.",
                        foreign);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use " + this.root + " as the configuration store", e);
        }
        LOG.info("Configuration store {} (crash-safe writes)", this.root);
    }

    /** The store's root folder. */
    Path root() {
        return root;
    }

    @Override
    public boolean exists(String pid) {
        return Files.isRegularFile(names.fileOf(root, pid));
    }

    @Override
    public Dictionary load(String pid) throws IOException {
        return read(names.fileOf(root, pid));
    }

    /**
     * Every configuration in the store, read now. As Felix's manager: every regular file below the root except
     * temporary ones, if it parses and lies where its {@code service.pid} says it should (a copy under another name is
     * not a configuration). Unlike Felix's, a file without a {@code service.pid} is skipped, since nothing could ever
     * load, update or delete it by PID.
     */
    @Override
    public Enumeration getDictionaries() throws IOException {
        List<Dictionary> found = new ArrayList<>();
        List<Path> candidates;
        try (Stream<Path> walk = Files.walk(root)) {
            candidates = walk.filter(Files::isRegularFile)
                    .filter(f -> !AtomicFiles.isTemporary(f))
                    .sorted()
                    .toList();
        } catch (UncheckedIOException e) {
            throw e.getCause(); // Files.walk reports failures met while walking this way
        }
        for (Path file : candidates) {
            Dictionary dictionary;
            try {
                dictionary = read(file);
            } catch (IOException e) {
                LOG.warn("Skipped {}: not a configuration file ({})", file, e.toString());
                continue;
            }
            Object pid = dictionary.get(PID);
            if (!(pid instanceof String p)) {
                LOG.warn("Skipped {}: it has no service.pid", file);
            } else if (!names.fileOf(root, p).equals(file)) {
                LOG.warn("Skipped {}: it says service.pid={}, which belongs in {}", file, p, names.fileOf(root, p));
            } else {
                found.add(dictionary);
            }
        }
        return Collections.enumeration(found);
    }

    @Override
    public void store(String pid, Dictionary properties) throws IOException {
        // Serialised first: a value the format cannot hold fails before the disk is touched.
        ByteArrayOutputStream content = new ByteArrayOutputStream(512);
        ConfigurationHandler.write(content, properties);
        files.replace(names.fileOf(root, pid), content.toByteArray());
    }

    @Override
    public void delete(String pid) throws IOException {
        files.remove(names.fileOf(root, pid));
    }

    private static Dictionary read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return ConfigurationHandler.read(in);
        }
    }
}
