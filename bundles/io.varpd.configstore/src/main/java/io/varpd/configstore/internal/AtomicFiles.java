// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.configstore.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Whole-file replacement and removal that survive a crash at any instant: a reader of the target finds either the
 * complete old content or the complete new content, never a mix and never nothing (see the package theory for the
 * steps). Temporary files are created beside the target, named {@code .<target name>.<random>}{@value #TEMP_SUFFIX}.
 */
final class AtomicFiles {
    /**
     * The suffix of this class's temporary files. It ends in {@code .tmp}, the suffix Felix's own persistence manager
     * skips, so they are ignored by both and recognisable as ours.
     */
    static final String TEMP_SUFFIX = ".configstore.tmp";
    /** Every file whose name ends so is a temporary file, ours or Felix's, never a configuration. */
    static final String ANY_TEMP_SUFFIX = ".tmp";

    private final FileMover mover;

    AtomicFiles(FileMover mover) {
        this.mover = Objects.requireNonNull(mover, "mover");
    }

    /** True for temporary files (of this class or of Felix's manager): never a configuration. */
    static boolean isTemporary(Path file) {
        return file.getFileName().toString().endsWith(ANY_TEMP_SUFFIX);
    }

    /** True for temporary files this class creates. */
    static boolean isOurTemporary(Path file) {
        return file.getFileName().toString().endsWith(TEMP_SUFFIX);
    }

    /**
     * Makes {@code target} hold exactly {@code content}, durably. On an exception the target is unchanged unless the
     * move itself had already happened, and no temporary file is left.
     */
    void replace(Path target, byte[] content) throws IOException {
        Path folder = target.toAbsolutePath().getParent();
        createFolders(folder);
        Path temp = Files.createTempFile(folder, "." + target.getFileName() + ".", TEMP_SUFFIX);
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(content);
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                // The data must be on disk before the name points at it: otherwise a power loss
                // after the rename can leave the name on an empty or partial file.
                out.force(true);
            }
            mover.move(temp, target);
        } catch (IOException | RuntimeException e) {
            // The target is untouched (or already complete, if the move happened before the
            // failure): only the temporary file is to be removed.
            try {
                Files.deleteIfExists(temp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        syncFolder(folder);
    }

    /** Removes {@code target} in one step (no error if it does not exist), durably. */
    void remove(Path target) throws IOException {
        if (Files.deleteIfExists(target)) {
            syncFolder(target.toAbsolutePath().getParent());
        }
    }

    /**
     * Deletes the temporary files this class left anywhere under {@code root} (a crash between creating one and moving
     * it) and returns the temporary files of other writers, which it leaves alone.
     */
    List<Path> removeLeftovers(Path root) throws IOException {
        List<Path> foreign = new ArrayList<>();
        List<Path> ours = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(Files::isRegularFile)
                    .filter(AtomicFiles::isTemporary)
                    .forEach(f -> (isOurTemporary(f) ? ours : foreign).add(f));
        }
        for (Path leftover : ours) {
            Files.deleteIfExists(leftover);
        }
        return foreign;
    }

    /** Creates the missing folders of {@code folder}, making each new folder entry durable. */
    private static void createFolders(Path folder) throws IOException {
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = folder; p != null && !Files.isDirectory(p); p = p.getParent()) {
            missing.push(p);
        }
        if (missing.isEmpty()) {
            return;
        }
        Files.createDirectories(folder);
        // A new folder is an entry in its parent: sync the parent, or the folder (and the
        // configuration about to be renamed into it) can vanish in a power loss.
        for (Path created : missing) {
            syncFolder(created.getParent());
        }
    }

    /** fsync of a folder: makes the creation, rename or removal of its entries durable. */
    static void syncFolder(Path folder) throws IOException {
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }
}
