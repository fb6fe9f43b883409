// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.files.internal;

import io.varpd.api.LookupRequest;
import io.varpd.api.MacAddress;
import io.varpd.api.PluginMode;
import io.varpd.api.plugin.PluginConformanceTest;
import io.varpd.api.plugin.PluginOps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** The plugin conformance kit run against {@code files}, on the man page's mapping file. */
class FilesConformanceTest extends PluginConformanceTest<FilesInstance> {
    @TempDir
    Path dir;

    private FilesPlugin plugin;

    @Override
    protected PluginOps<FilesInstance> newPlugin() {
        plugin = new FilesPlugin(FileWatcher.manual());
        return plugin;
    }

    @Override
    protected void afterPlugin() {
        if (plugin != null) {
            plugin.deactivate();
        }
    }

    @Override
    protected PluginMode mode() {
        return PluginMode.DYNAMIC;
    }

    @Override
    protected Map<String, Object> validProperties() throws Exception {
        Path file = dir.resolve("mapping.json");
        if (!Files.exists(file)) {
            Files.writeString(file, MappingFileReaderTest.MAN_PAGE_EXAMPLE);
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put(FilesProperties.CONFIG, file.toString());
        // Not the default, so save and restore must carry it.
        values.put(FilesProperties.SKIP_BAD_ENTRIES, "true");
        return values;
    }

    @Override
    protected Map<String, Object> invalidProperties() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put(FilesProperties.CONFIG, "relative/mapping.json");
        values.put(FilesProperties.SKIP_BAD_ENTRIES, "maybe");
        return values;
    }

    /** A known, an unknown and a broadcast destination, an ARP request and an NDP solicitation. */
    @Override
    protected List<LookupRequest> lookups() throws Exception {
        List<LookupRequest> requests = new ArrayList<>(super.lookups());
        MacAddress source = MacAddress.parse("de:ad:be:ef:00:01");
        requests.add(new LookupRequest(
                vnetid(), source, MacAddress.parse("de:ad:be:ef:00:00"), LookupRequest.ETHERTYPE_IPV4, 0, 14, 100));
        requests.add(new LookupRequest(
                vnetid(), source, MacAddress.parse("de:ad:be:ef:00:02"), LookupRequest.ETHERTYPE_IPV6, 0, 14, 100));
        requests.add(new LookupRequest(
                vnetid(), source, MacAddress.parse("33:33:ff:00:00:05"), LookupRequest.ETHERTYPE_IPV6, 0, 14, 72));
        return requests;
    }
}
