// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.device;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A files-plugin mapping file (MAC to {@code ip}, {@code port}, {@code arp}, {@code ndp}) kept in memory and written
 * whole. Each write goes to a new file renamed over the old one, as a deploy tool would: the new inode is a change the
 * plugin's one-second poll always sees, and it never reads a half-written file.
 */
final class MappingFile {
    private final Path path;
    private final Map<String, Map<String, Object>> entries = new LinkedHashMap<>();

    MappingFile(Path path) {
        this.path = path;
    }

    Path path() {
        return path;
    }

    /**
     * {@code mac} lives behind {@code underlay}:{@code port} and owns {@code arp} and {@code ndp} (either may be null).
     */
    MappingFile put(String mac, String underlay, int port, String arp, String ndp) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("ip", underlay);
        e.put("port", port);
        if (arp != null) {
            e.put("arp", arp);
        }
        if (ndp != null) {
            e.put("ndp", ndp);
        }
        entries.put(mac, e);
        return this;
    }

    /** Moves {@code mac} to another underlay host, keeping its addresses. */
    MappingFile move(String mac, String underlay) {
        Map<String, Object> e = entries.get(mac);
        if (e == null) {
            throw new IllegalArgumentException(mac + " is not in " + path);
        }
        e.put("ip", underlay);
        return this;
    }

    MappingFile remove(String mac) {
        entries.remove(mac);
        return this;
    }

    void write() throws IOException {
        Path next = path.resolveSibling(path.getFileName() + ".next");
        Files.writeString(next, new GsonBuilder().setPrettyPrinting().create().toJson(entries));
        Files.move(next, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public String toString() {
        return path + " " + entries;
    }
}
