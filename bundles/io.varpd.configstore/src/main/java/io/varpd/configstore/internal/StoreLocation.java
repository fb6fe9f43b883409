// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.configstore.internal;

import java.io.File;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * The store's root folder, from the framework property {@value #PROPERTY}, resolved as Felix Configuration Admin
 * resolves it for its own manager: an absolute path is taken as it is; a relative one is a folder in the bundle's data
 * area (of this bundle here, of Configuration Admin's there); without the property it is the data area's
 * {@value #DEFAULT_FOLDER} folder; without a data area (a framework without persistent storage) it is relative to
 * {@code user.dir}. Only an absolute path outlives a framework whose cache is cleaned at start.
 */
final class StoreLocation {
    /** The framework property naming the folder; the one Felix's own manager reads. */
    static final String PROPERTY = "felix.cm.dir";
    /** The folder in the bundle data area used when {@value #PROPERTY} is not set. */
    static final String DEFAULT_FOLDER = "config";

    private StoreLocation() {}

    /**
     * @param configured the value of {@value #PROPERTY}, or null
     * @param dataFile the bundle's {@code getDataFile}: a file in its data area, or null without one
     * @param userDir the value of {@code user.dir}
     */
    static Path resolve(String configured, Function<String, File> dataFile, String userDir) {
        if (configured == null || configured.isEmpty()) {
            File data = dataFile.apply(DEFAULT_FOLDER);
            return data != null ? data.toPath().toAbsolutePath() : Path.of(userDir, DEFAULT_FOLDER);
        }
        Path path = Path.of(configured);
        if (path.isAbsolute()) {
            return path;
        }
        File data = dataFile.apply(configured);
        return data != null ? data.toPath().toAbsolutePath() : Path.of(userDir).resolve(path);
    }
}
