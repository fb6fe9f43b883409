// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.configstore.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The last step of a durable write: puts a complete, synced temporary file in place of the target in one step. The
 * target then refers to the new content; if the move fails, it must still refer to the old content (or to nothing, if
 * there was none).
 */
@FunctionalInterface
interface FileMover {
    /** {@code rename(2)}: atomic and replacing on POSIX file systems. */
    FileMover ATOMIC_RENAME = (source, target) ->
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

    /** Moves {@code source} onto {@code target}, replacing it atomically. */
    void move(Path source, Path target) throws IOException;
}
