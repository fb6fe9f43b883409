// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.PluginMode;
import io.varpd.api.admin.InstanceInfo;
import io.varpd.api.admin.InstanceState;
import io.varpd.api.admin.OverlaySpec;
import io.varpd.api.plugin.PluginOps;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.osgi.framework.ServiceRegistration;

/** An overlay configured for a plugin that is not there waits for it, and follows it as it comes and goes. */
class WaitingForPluginIT {
    @RegisterExtension
    final FelixHarness felix = FelixHarness.standard();

    @Test
    void configurationForAnAbsentPluginWaitsNamingThePlugin() throws Exception {
        felix.createOverlay("later", "wait0", Map.of("vnetid", 20L));

        // Polls for the detail too: core publishes a new configuration as WAITING before it
        // looked for the plugin (see the report to the lead).
        InstanceInfo i = felix.awaitInstance(
                "wait0",
                w -> w.state() == InstanceState.WAITING && w.detail().contains("later"),
                "WAITING with a detail naming plugin 'later'");
        assertEquals("later", i.plugin());
        assertEquals("WAITING", i.status());
    }

    @Test
    void waitingInstanceFollowsItsPluginAndKeepsItsId() throws Exception {
        felix.createOverlay("later", "wait0", Map.of("vnetid", 20L));
        felix.awaitInstance("wait0", InstanceState.WAITING);

        FakePlugin plugin = FakePlugin.dynamic();
        ServiceRegistration<PluginOps> reg = felix.registerPlugin("later", PluginMode.DYNAMIC, plugin);
        long id = felix.awaitInstance("wait0", InstanceState.ACTIVE).id();
        assertTrue(id > 0, "an active instance has an id");
        assertEquals(Set.of("wait0"), plugin.runningLinks());

        reg.unregister();
        InstanceInfo waiting = felix.awaitInstance("wait0", InstanceState.WAITING);
        assertEquals(id, waiting.id(), "a waiting instance keeps its id");
        assertTrue(waiting.detail().contains("later"), waiting.detail());

        FakePlugin again = FakePlugin.dynamic();
        felix.registerPlugin("later", PluginMode.DYNAMIC, again);
        InstanceInfo back = felix.awaitInstance("wait0", InstanceState.ACTIVE);
        assertEquals(id, back.id(), "it comes back with the same id");
        assertEquals(Set.of("wait0"), again.runningLinks());
    }

    @Test
    void unregisteringAPluginStopsItsInstancesBeforeUnregisterReturns() throws Exception {
        FakePlugin plugin = FakePlugin.dynamic();
        ServiceRegistration<PluginOps> reg = felix.registerPlugin("later", PluginMode.DYNAMIC, plugin);
        felix.createOverlay("later", "wait0", Map.of("vnetid", 20L));
        felix.createOverlay("later", "wait1", Map.of("vnetid", 21L));
        felix.awaitInstance("wait0", InstanceState.ACTIVE);
        felix.awaitInstance("wait1", InstanceState.ACTIVE);
        assertEquals(Set.of("wait0", "wait1"), plugin.runningLinks());

        reg.unregister();

        // No polling here: core's unbind waits until the plugin's instances are stopped, so a
        // plugin bundle that stops is never called afterwards.
        assertEquals(Set.of(), plugin.runningLinks(), "instances still running on a departed plugin");
    }

    @Test
    void otherPluginsInstancesAreNotDisturbedByADeparture() throws Exception {
        ServiceRegistration<PluginOps> reg = felix.registerPlugin("later", PluginMode.DYNAMIC, FakePlugin.dynamic());
        felix.createOverlay("later", "wait0", Map.of("vnetid", 20L));
        felix.createOverlay(
                "direct", "demo0", Map.of("vnetid", 42L, "direct/dest_ip", "192.0.2.10", "direct/dest_port", 4789L));
        felix.awaitInstance("wait0", InstanceState.ACTIVE);
        long directId = felix.awaitInstance("demo0", InstanceState.ACTIVE).id();

        reg.unregister();

        felix.awaitInstance("wait0", InstanceState.WAITING);
        InstanceInfo direct = felix.awaitInstance("demo0", InstanceState.ACTIVE);
        assertEquals(directId, direct.id());
    }

    @Test
    void varpdAdminCreateForAnAbsentPluginLeavesItWaiting() throws Exception {
        InstanceInfo created = felix.admin().create(new OverlaySpec("wait0", "later", 20, Map.of()));

        assertEquals(InstanceState.WAITING, created.state(), created.toString());
        assertTrue(created.detail().contains("later"), created.detail());
        felix.registerPlugin("later", PluginMode.DYNAMIC, FakePlugin.dynamic());
        felix.awaitInstance("wait0", InstanceState.ACTIVE);
    }
}
