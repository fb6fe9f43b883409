// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal.admin;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The folder where an appliance keeps its configuration files ({@code karaf.etc} in Karaf: its FileInstall watches
 * {@code etc/}). An overlay created through the shell or the HTTP API there is also written as {@code etc/<factory
 * PID>-<link>.cfg}, so that it lives where the operator's own overlay files live and survives {@code bin/karaf clean},
 * which deletes Configuration Admin's store under {@code data/}.
 *
 * <p>The file is written only once the overlay runs (a create that fails must leave no file for FileInstall to bring
 * back), and then named in the configuration ({@value #FILENAME}): FileInstall writes later changes back only to a file
 * that exists and is so named.
 */
final class EtcFiles {
    /** FileInstall's property naming the file a configuration came from. */
    static final String FILENAME = "felix.fileinstall.filename";

    private final Path dir;

    EtcFiles(Path dir) {
        this.dir = dir;
    }

    /** The file of {@code factoryPid}'s configuration named {@code name}. */
    Path file(String factoryPid, String name) {
        return dir.resolve(factoryPid + "-" + name + ".cfg");
    }

    /**
     * Writes {@code props} (keys sorted, values as text, framework keys left out) to the file of
     * {@code factoryPid}-{@code name}, replacing it in one rename.
     */
    Path write(String factoryPid, String name, Dictionary<String, Object> props) throws IOException {
        Properties text = new Properties();
        for (String key : Collections.list(props.keys())) {
            if (!key.startsWith("service.") && !key.startsWith("felix.")) {
                text.setProperty(key, String.valueOf(props.get(key)));
            }
        }
        StringWriter out = new StringWriter();
        text.store(out, null);
        StringBuilder body = new StringBuilder("# written by varpd when this overlay was created; edit freely\n");
        // Properties.store begins with a date comment and keeps no order: keep the lines, sorted.
        out.toString()
                .lines()
                .filter(l -> !l.startsWith("#"))
                .sorted()
                .forEach(l -> body.append(l).append('\n'));
        Path file = file(factoryPid, name);
        Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
        Files.writeString(tmp, body, StandardCharsets.ISO_8859_1);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    /** For tests: the properties a written file holds. */
    static TreeMap<String, String> read(Path file) throws IOException {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            p.load(in);
        }
        TreeMap<String, String> out = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
        return out;
    }
}
