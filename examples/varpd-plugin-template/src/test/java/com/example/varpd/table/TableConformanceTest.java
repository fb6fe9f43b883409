// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package com.example.varpd.table;

import io.varpd.api.PluginMode;
import io.varpd.api.plugin.PluginConformanceTest;
import io.varpd.api.plugin.PluginOps;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The varpd conformance kit run against the table plugin: exactly-once answers, lookupAll,
 * save and restore, refusals naming the property, no op before start or after stop, and two
 * states of one instance at once. A new plugin keeps a class like this one.
 */
class TableConformanceTest extends PluginConformanceTest<TableState> {
    @Override
    protected PluginOps<TableState> newPlugin() {
        return new TablePlugin();
    }

    @Override
    protected PluginMode mode() {
        return PluginMode.DYNAMIC;
    }

    /** 02:00:00:00:00:02 is the MAC the kit looks up (beside broadcasts, which are dropped). */
    @Override
    protected Map<String, Object> validProperties() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put(TablePlugin.ENTRIES, "02:00:00:00:00:02=192.0.2.12, 02:00:00:00:00:03=2001:db8::13");
        values.put(TablePlugin.PORT, 4790L);
        return values;
    }

    @Override
    protected Map<String, Object> changedProperties() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put(TablePlugin.ENTRIES, "02:00:00:00:00:02=198.51.100.2");
        values.put(TablePlugin.PORT, 4789L);
        return values;
    }

    @Override
    protected Map<String, Object> invalidProperties() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put(TablePlugin.ENTRIES, "02:00:00:00:00:02=not-an-address");
        return values;
    }
}
