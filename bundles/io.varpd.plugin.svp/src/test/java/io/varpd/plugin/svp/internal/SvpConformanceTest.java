// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal;

import static io.varpd.plugin.svp.internal.SvpTestKit.UNDERLAY;
import static io.varpd.plugin.svp.internal.SvpTestKit.ip;
import static io.varpd.plugin.svp.internal.SvpTestKit.mac;

import io.varpd.api.PluginMode;
import io.varpd.api.plugin.PluginConformanceTest;
import io.varpd.api.plugin.PluginOps;
import io.varpd.plugin.svp.internal.remote.RemoteKey;
import io.varpd.plugin.svp.internal.remote.RemoteRegistry;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;

/**
 * The plugin conformance kit run against {@code svp}, talking to a real TCP server on loopback that knows the MAC the
 * kit looks up: answers come from the svp client's event loop, later and on another thread, which is what the kit's
 * exactly-once checks are hardest on.
 */
class SvpConformanceTest extends PluginConformanceTest<SvpInstance> {
    private FakeSvpServer server;
    private RemoteRegistry registry;
    private SvpPlugin plugin;

    @BeforeEach
    void startServer() throws Exception {
        server = FakeSvpServer.onLoopback();
        server.putVl2(mac("02:00:00:00:00:02"), vnetid(), ip("10.88.88.2"), 4789);
    }

    @Override
    protected PluginOps<SvpInstance> newPlugin() {
        registry = SvpTestKit.registry(SvpTestKit.fast());
        plugin = new SvpPlugin(registry);
        return plugin;
    }

    /**
     * Until a connection to the server is ACTIVE, svp fails a query at once rather than making it wait (docs/svp.md);
     * the kit compares answers, so it asks once the state's remote is up.
     */
    @Override
    protected void awaitStarted(SvpInstance state) throws Exception {
        String host = (String) plugin.getProperty(state, SvpProperties.HOST).orElseThrow();
        int port = ((Number) plugin.getProperty(state, SvpProperties.PORT).orElseThrow()).intValue();
        InetAddress underlay = (InetAddress)
                plugin.getProperty(state, SvpProperties.UNDERLAY_IP).orElseThrow();
        SvpTestKit.awaitActive(registry, new RemoteKey(host, port, underlay), 1);
    }

    /** The kit has stopped and destroyed every state by now: the client's threads, then the server. */
    @Override
    protected void afterPlugin() throws Exception {
        if (plugin != null) {
            plugin.deactivate();
        }
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected PluginMode mode() {
        return PluginMode.DYNAMIC;
    }

    @Override
    protected Map<String, Object> validProperties() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put(SvpProperties.HOST, server.address().getHostAddress());
        values.put(SvpProperties.PORT, (long) server.port());
        values.put(SvpProperties.UNDERLAY_IP, UNDERLAY);
        return values;
    }

    /** The same server, another underlay address and port: what a property change keeps. */
    @Override
    protected Map<String, Object> changedProperties() {
        Map<String, Object> values = new LinkedHashMap<>(validProperties());
        values.put(SvpProperties.UNDERLAY_IP, ip("10.88.88.9"));
        values.put(SvpProperties.UNDERLAY_PORT, 4790L);
        return values;
    }

    @Override
    protected Map<String, Object> invalidProperties() {
        Map<String, Object> values = new LinkedHashMap<>();
        // A 6to4 underlay address passes core's type check but not svp's rule.
        values.put(SvpProperties.UNDERLAY_IP, ip("2002:c000:0214::1"));
        values.put(SvpProperties.PORT, 70000L);
        return values;
    }
}
