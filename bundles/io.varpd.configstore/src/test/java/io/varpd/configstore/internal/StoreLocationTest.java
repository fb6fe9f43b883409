// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.configstore.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StoreLocationTest {
    private static File dataArea(String name) {
        return new File("/cache/bundle7/data", name);
    }

    @Test
    void anAbsoluteFolderIsTakenAsItIs() {
        assertEquals(
                Path.of("/var/lib/varpd/config-store"),
                StoreLocation.resolve("/var/lib/varpd/config-store", StoreLocationTest::dataArea, "/home/op"));
    }

    @Test
    void aRelativeFolderIsInTheBundleDataArea() {
        assertEquals(
                Path.of("/cache/bundle7/data/store"),
                StoreLocation.resolve("store", StoreLocationTest::dataArea, "/home/op"));
    }

    @Test
    void withoutThePropertyItIsTheDataAreasConfigFolder() {
        assertEquals(
                Path.of("/cache/bundle7/data/config"),
                StoreLocation.resolve(null, StoreLocationTest::dataArea, "/home/op"));
        assertEquals(
                Path.of("/cache/bundle7/data/config"),
                StoreLocation.resolve("", StoreLocationTest::dataArea, "/home/op"));
    }

    @Test
    void withoutADataAreaItIsRelativeToTheWorkingFolder() {
        assertEquals(Path.of("/home/op/config"), StoreLocation.resolve(null, name -> null, "/home/op"));
        assertEquals(Path.of("/home/op/store"), StoreLocation.resolve("store", name -> null, "/home/op"));
    }
}
