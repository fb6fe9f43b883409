// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal.persist;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.varpd.api.PluginMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state folder core creates is private whatever the umask (Karaf runs with 022). */
class InstanceStoreFolderTest {
    @TempDir
    Path dir;

    @Test
    void theStateFolderCoreCreatesIsReadableByItsOwnerOnly() throws Exception {
        // A @TempDir is created 0700 whatever the umask, so the folder under test is made inside it;
        // the JVM's umask is the machine's (022 here, as in Karaf).
        Path state = dir.resolve("varpd-state").resolve("instances");
        new InstanceStore(state)
                .write(new SavedInstance(
                        1, "io.varpd.overlay.direct~kt0", "kt0", "direct", PluginMode.POINT, Map.of()));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state.getParent())));
    }
}
