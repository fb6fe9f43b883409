// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import io.varpd.api.admin.InstanceInfo;
import io.varpd.api.admin.InstanceState;
import io.varpd.api.admin.OverlayConfig;
import io.varpd.api.admin.OverlaySpec;
import io.varpd.api.device.CacheEntry;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.osgi.service.cm.Configuration;

/**
 * One factory configuration of {@code io.varpd.overlay.direct} is one direct overlay on the memory device: it lives and
 * changes with its configuration, whether Configuration Admin is written directly or through VarpdAdmin.
 */
class FactoryConfigurationIT {
    @RegisterExtension
    final FelixHarness felix = FelixHarness.standard();

    private static CacheEntry point(String ip, int port) throws Exception {
        return CacheEntry.to(MacAddress.ZERO, TargetPoint.of(InetAddress.getByName(ip), port));
    }

    private List<CacheEntry> awaitTargets(String link, List<CacheEntry> expected) {
        return FelixHarness.await(
                "targets of " + link + " = " + expected, () -> felix.admin().targets(link), expected::equals);
    }

    @Test
    void directConfigurationOnTheMemoryDeviceBecomesAnActiveInstanceWithItsPoint() throws Exception {
        Configuration c = felix.createOverlay(
                "direct",
                "demo0",
                Map.of(
                        "vnetid", 42L,
                        "direct/dest_ip", "192.0.2.10",
                        "direct/dest_port", 4789L));

        InstanceInfo i = felix.awaitInstance("demo0", InstanceState.ACTIVE);
        assertEquals("direct", i.plugin());
        assertEquals(42, i.vnetid());
        assertEquals(OverlayConfig.DEFAULT_DEVICE, i.device());
        assertEquals(c.getPid(), i.configPid());
        assertTrue(i.id() > 0, "an active instance has an id: " + i);
        assertEquals("ONLINE", i.status());
        assertEquals(List.of(point("192.0.2.10", 4789)), felix.admin().targets("demo0"));
    }

    @Test
    void valuesGivenAsTextWorkLikeNumbers() throws Exception {
        felix.createOverlay(
                "direct",
                "demo1",
                Map.of(
                        "vnetid", "43",
                        "direct/dest_ip", "192.0.2.11",
                        "direct/dest_port", "4790",
                        "vxlan/listen_port", "4791"));

        InstanceInfo i = felix.awaitInstance("demo1", InstanceState.ACTIVE);
        assertEquals(43, i.vnetid());
        assertEquals(List.of(point("192.0.2.11", 4790)), felix.admin().targets("demo1"));
    }

    @Test
    void updatingTheDestinationInTheConfigurationMovesThePoint() throws Exception {
        Configuration c = felix.createOverlay(
                "direct", "demo0", Map.of("vnetid", 42L, "direct/dest_ip", "192.0.2.10", "direct/dest_port", 4789L));
        long id = felix.awaitInstance("demo0", InstanceState.ACTIVE).id();

        felix.updateConfiguration(c, Map.of("direct/dest_ip", "192.0.2.99"));

        awaitTargets("demo0", List.of(point("192.0.2.99", 4789)));
        InstanceInfo after = felix.awaitInstance("demo0", InstanceState.ACTIVE);
        assertEquals(id, after.id(), "the same instance, moved");
        assertEquals("", after.detail());
    }

    @Test
    void deletingTheConfigurationDestroysTheInstance() throws Exception {
        Configuration c = felix.createOverlay(
                "direct", "demo0", Map.of("vnetid", 42L, "direct/dest_ip", "192.0.2.10", "direct/dest_port", 4789L));
        felix.awaitInstance("demo0", InstanceState.ACTIVE);

        c.delete();

        felix.awaitNoInstance("demo0");
        assertTrue(
                felix.admin().instances().isEmpty(), felix.admin().instances().toString());
    }

    @Test
    void deletedLinkAndVnetidCanBeConfiguredAgain() throws Exception {
        Map<String, Object> props = Map.of("vnetid", 42L, "direct/dest_ip", "192.0.2.10", "direct/dest_port", 4789L);
        felix.createOverlay("direct", "demo0", props).delete();
        felix.awaitNoInstance("demo0");

        felix.createOverlay("direct", "demo0", props);

        felix.awaitInstance("demo0", InstanceState.ACTIVE);
        assertEquals(List.of(point("192.0.2.10", 4789)), felix.admin().targets("demo0"));
    }

    @Test
    void varpdAdminCreateModifyDeleteRoundTripsThroughConfigurationAdmin() throws Exception {
        InstanceInfo created = felix.admin()
                .create(new OverlaySpec(
                        "rt0", "direct", 7, Map.of("direct/dest_ip", "192.0.2.20", "direct/dest_port", "4789")));

        assertEquals(InstanceState.ACTIVE, created.state(), created.toString());
        assertEquals("rt0", created.link());
        assertEquals(7, created.vnetid());
        Map<String, Object> stored = felix.configurationProperties(created.configPid())
                .orElseThrow(() -> new AssertionError("no configuration " + created.configPid()));
        assertEquals("rt0", stored.get(OverlayConfig.LINK));
        assertEquals(OverlayConfig.factoryPid("direct"), stored.get("service.factoryPid"));
        assertEquals("192.0.2.20", String.valueOf(stored.get("direct/dest_ip")));
        assertEquals(List.of(point("192.0.2.20", 4789)), felix.admin().targets("rt0"));

        InstanceInfo modified = felix.admin().modify("rt0", Map.of("direct/dest_port", "4790"));

        assertEquals(InstanceState.ACTIVE, modified.state(), modified.toString());
        assertEquals(created.id(), modified.id());
        assertEquals(List.of(point("192.0.2.20", 4790)), felix.admin().targets("rt0"));
        assertEquals(
                "4790",
                String.valueOf(felix.configurationProperties(created.configPid())
                        .orElseThrow()
                        .get("direct/dest_port")),
                "the configuration says what runs");

        felix.admin().delete("rt0");

        assertFalse(felix.admin().instance("rt0").isPresent(), "delete waits until the instance is gone");
        assertFalse(felix.configurationProperties(created.configPid()).isPresent(), "the configuration is deleted");
    }
}
