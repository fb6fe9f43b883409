// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.etcd.internal;

import static io.varpd.plugin.etcd.internal.Questions.NET;

import io.varpd.api.PluginMode;
import io.varpd.api.plugin.PluginConformanceTest;
import io.varpd.api.plugin.PluginOps;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;

/**
 * The plugin conformance kit run against {@code etcd}, on one real etcd member per test (skipped when etcd is not
 * installed, as the other tests against etcd are). The member holds the MAC the kit looks up, so answers come from what
 * the plugin read from etcd.
 */
class EtcdConformanceTest extends PluginConformanceTest<EtcdInstance> {
    private EtcdCluster etcd;

    @BeforeEach
    void startEtcd() throws Exception {
        etcd = EtcdCluster.start(1);
        etcd.put(NET + "mac/02:00:00:00:00:02", "{\"ip\": \"192.0.2.12\", \"port\": 4789}");
    }

    @Override
    protected PluginOps<EtcdInstance> newPlugin() {
        return new EtcdPlugin();
    }

    /** The kit has stopped and destroyed every state by now; the member goes last. */
    @Override
    protected void afterPlugin() throws Exception {
        if (etcd != null) {
            etcd.close();
        }
    }

    @Override
    protected PluginMode mode() {
        return PluginMode.DYNAMIC;
    }

    @Override
    protected Map<String, Object> validProperties() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put(EtcdProperties.ENDPOINTS, etcd.endpoints());
        values.put(EtcdProperties.PREFIX, EtcdProperties.DEFAULT_PREFIX);
        return values;
    }

    @Override
    protected Map<String, Object> invalidProperties() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put(EtcdProperties.ENDPOINTS, "http://etcd.example:2379");
        values.put(EtcdProperties.PREFIX, "varpd/");
        values.put(EtcdProperties.TLS_CA, "relative/ca.pem");
        return values;
    }
}
