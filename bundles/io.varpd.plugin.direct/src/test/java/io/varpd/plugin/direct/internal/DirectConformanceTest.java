// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.direct.internal;

import io.varpd.api.PluginMode;
import io.varpd.api.plugin.PluginConformanceTest;
import io.varpd.api.plugin.PluginOps;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/** The plugin conformance kit run against {@code direct}. */
class DirectConformanceTest extends PluginConformanceTest<DirectState> {
    @Override
    protected PluginOps<DirectState> newPlugin() {
        return new DirectPlugin();
    }

    @Override
    protected PluginMode mode() {
        return PluginMode.POINT;
    }

    @Override
    protected Map<String, Object> validProperties() throws Exception {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put(DirectProperties.DEST_IP, InetAddress.getByName("192.0.2.20"));
        values.put(DirectProperties.DEST_PORT, 4789L);
        return values;
    }

    @Override
    protected Map<String, Object> changedProperties() throws Exception {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put(DirectProperties.DEST_IP, InetAddress.getByName("2001:db8::20"));
        values.put(DirectProperties.DEST_PORT, 4790L);
        return values;
    }

    @Override
    protected Map<String, Object> invalidProperties() {
        try {
            Map<String, Object> values = new LinkedHashMap<>();
            // A 6to4 address passes core's type check but not direct's rule; the port is out of range.
            values.put(DirectProperties.DEST_IP, InetAddress.getByName("2002:c000:0214::1"));
            values.put(DirectProperties.DEST_PORT, 70000L);
            return values;
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
