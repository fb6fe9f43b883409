// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.PluginMode;
import io.varpd.api.TargetPoint;
import io.varpd.api.admin.InstanceState;
import io.varpd.api.admin.PluginInfo;
import io.varpd.api.plugin.PluginOps;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.osgi.framework.ServiceRegistration;

/** Core's plugin whiteboard: PluginOps services registered by the test come and go. */
class PluginWhiteboardIT {
    @RegisterExtension
    final FelixHarness felix = FelixHarness.standard();

    private List<PluginInfo> named(String name) {
        return felix.admin().plugins().stream()
                .filter(p -> p.name().equals(name))
                .toList();
    }

    private List<PluginInfo> awaitPlugins(String name, int count) {
        return FelixHarness.await(count + " plugin(s) named " + name, () -> named(name), l -> l.size() == count);
    }

    @Test
    void registeredPluginIsListedAndActive() {
        felix.registerPlugin("alpha", PluginMode.DYNAMIC, FakePlugin.dynamic());

        PluginInfo alpha = awaitPlugins("alpha", 1).get(0);
        assertEquals(PluginMode.DYNAMIC, alpha.mode());
        assertTrue(alpha.active(), alpha.toString());
        assertEquals("", alpha.detail());
    }

    @Test
    void theBundledDirectPluginIsListed() {
        PluginInfo direct = awaitPlugins("direct", 1).get(0);
        assertEquals(PluginMode.POINT, direct.mode());
        assertTrue(direct.active(), direct.toString());
        assertTrue(direct.bundle().contains("io.varpd.plugin.direct"), direct.bundle());
    }

    @Test
    void unregisteredPluginIsGone() {
        ServiceRegistration<PluginOps> reg = felix.registerPlugin("alpha", PluginMode.DYNAMIC, FakePlugin.dynamic());
        awaitPlugins("alpha", 1);

        reg.unregister();

        awaitPlugins("alpha", 0);
        assertEquals(1, named("direct").size(), "other plugins stay");
    }

    @Test
    void duplicateNameIsRefusedAndTheFirstWins() throws Exception {
        FakePlugin first = FakePlugin.dynamic();
        FakePlugin second = FakePlugin.point(TargetPoint.of(InetAddress.getByName("192.0.2.1"), 4789));
        felix.registerPlugin("alpha", PluginMode.DYNAMIC, first);
        awaitPlugins("alpha", 1);
        felix.registerPlugin("alpha", PluginMode.POINT, second);

        List<PluginInfo> both = awaitPlugins("alpha", 2);
        PluginInfo winner = both.stream().filter(PluginInfo::active).findFirst().orElseThrow();
        PluginInfo refused = both.stream()
                .filter(p -> !p.active())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no refused duplicate in " + both));
        assertEquals(PluginMode.DYNAMIC, winner.mode(), "the first registered one wins: " + both);
        assertEquals(PluginMode.POINT, refused.mode());
        assertTrue(refused.detail().contains("duplicate"), refused.detail());

        felix.createOverlay("alpha", "wb0", Map.of("vnetid", 10L));
        felix.awaitInstance("wb0", InstanceState.ACTIVE);
        assertEquals(Set.of("wb0"), first.runningLinks(), "the winner serves the overlay");
        assertEquals(Set.of(), second.runningLinks(), "the refused duplicate serves nothing");
    }

    @Test
    void whenTheFirstLeavesTheDuplicateTakesOver() throws Exception {
        FakePlugin first = FakePlugin.dynamic();
        FakePlugin second = FakePlugin.point(TargetPoint.of(InetAddress.getByName("192.0.2.1"), 4789));
        ServiceRegistration<PluginOps> firstReg = felix.registerPlugin("alpha", PluginMode.DYNAMIC, first);
        awaitPlugins("alpha", 1);
        felix.registerPlugin("alpha", PluginMode.POINT, second);
        awaitPlugins("alpha", 2);
        felix.createOverlay("alpha", "wb0", Map.of("vnetid", 10L));
        long id = felix.awaitInstance("wb0", InstanceState.ACTIVE).id();

        firstReg.unregister();

        PluginInfo now = awaitPlugins("alpha", 1).get(0);
        assertTrue(now.active(), now.toString());
        assertEquals(PluginMode.POINT, now.mode(), "the former duplicate is in charge");
        assertEquals("", now.detail());
        assertEquals(Set.of(), first.runningLinks(), "the departed plugin was stopped");
        FelixHarness.await("the duplicate to serve wb0", second::runningLinks, l -> l.equals(Set.of("wb0")));
        assertEquals(id, felix.awaitInstance("wb0", InstanceState.ACTIVE).id(), "the instance keeps its id");
        assertFalse(felix.admin().targets("wb0").isEmpty(), "the POINT destination of the new plugin is programmed");
    }
}
