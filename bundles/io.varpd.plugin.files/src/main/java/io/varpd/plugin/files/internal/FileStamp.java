// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.files.internal;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;

/**
 * What the watcher compares to tell that a file changed, without reading it: last-modified time, size and file key
 * (device and inode on Unix). The key catches editors and deploy tools that write a new file and rename it over the old
 * one; time and size catch writes in place.
 *
 * <p>Blind spot, accepted: a rewrite in place that keeps the size and lands within the file system's timestamp
 * granularity (nanoseconds on ext4, xfs, tmpfs, btrfs) looks unchanged.
 *
 * @param modified the last-modified time
 * @param size the size in bytes
 * @param fileKey the file's identity, null where the file system has none
 */
record FileStamp(FileTime modified, long size, Object fileKey) {
    FileStamp {
        Objects.requireNonNull(modified, "modified");
    }

    /**
     * The stamp of the file at {@code path}, following symbolic links (a link switched to another file is a change).
     *
     * @throws NotARegularFileException when it is a directory, a device, a pipe...
     * @throws IOException when the file cannot be examined
     */
    static FileStamp of(Path path) throws IOException {
        BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
        if (!a.isRegularFile()) {
            throw new NotARegularFileException(path, a.isDirectory() ? "a directory" : "not a regular file");
        }
        return new FileStamp(a.lastModifiedTime(), a.size(), a.fileKey());
    }

    /** The path names something that is not a regular file. */
    static final class NotARegularFileException extends FileSystemException {
        private static final long serialVersionUID = 1L;

        NotARegularFileException(Path path, String what) {
            super(path.toString(), null, what);
        }
    }
}
