// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.Errno;
import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import io.varpd.api.admin.InstanceInfo;
import io.varpd.api.admin.InstanceState;
import io.varpd.api.admin.OverlaySpec;
import io.varpd.api.device.CacheEntry;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.osgi.service.cm.Configuration;

/**
 * A configuration that cannot be applied puts only its own instance in ERROR, with a detail that names the property and
 * what is allowed; its neighbours keep running, and fixing it is enough.
 */
class BadConfigurationIT {
    @RegisterExtension
    final FelixHarness felix = FelixHarness.standard();

    /** A good direct overlay; vnetids differ per link (the memory device allows one per vnetid). */
    private static Map<String, Object> direct(long vnetid) {
        Map<String, Object> p = new HashMap<>();
        p.put("vnetid", vnetid);
        p.put("direct/dest_ip", "192.0.2.10");
        p.put("direct/dest_port", 4789L);
        return p;
    }

    private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> p = new HashMap<>(base);
        p.put(key, value);
        return p;
    }

    private InstanceInfo awaitError(String link) {
        return felix.awaitInstance(link, InstanceState.ERROR);
    }

    private static void assertDetail(InstanceInfo i, String... parts) {
        for (String part : parts) {
            assertTrue(
                    i.detail().contains(part),
                    "detail of " + i.link() + " should contain '" + part + "': " + i.detail());
        }
    }

    @Test
    void vnetidThatIsNotANumberIsAnErrorNamingItAndItsRange() throws Exception {
        felix.createOverlay("direct", "bad0", with(direct(1), "vnetid", "banana"));

        InstanceInfo i = awaitError("bad0");
        assertDetail(i, "vnetid", "banana", "0-16777215");
        assertEquals(0, i.id(), "a refused configuration holds no id");
    }

    @Test
    void portOutOfRangeIsAnErrorNamingItAndItsRange() throws Exception {
        felix.createOverlay("direct", "bad0", with(direct(1), "direct/dest_port", 70000L));

        assertDetail(awaitError("bad0"), "direct/dest_port", "70000", "1-65535");
    }

    @Test
    void unknownPluginPropertyIsAnErrorListingTheAllowedOnes() throws Exception {
        felix.createOverlay("direct", "bad0", with(direct(1), "direct/nonsense", "x"));

        assertDetail(awaitError("bad0"), "direct/nonsense", "direct/dest_ip", "direct/dest_port");
    }

    @Test
    void aBadConfigurationLeavesItsGoodNeighbourActive() throws Exception {
        felix.createOverlay("direct", "good0", direct(1));
        long goodId = felix.awaitInstance("good0", InstanceState.ACTIVE).id();

        felix.createOverlay("direct", "bad0", with(direct(2), "direct/dest_port", 70000L));
        awaitError("bad0");

        InstanceInfo good = felix.awaitInstance("good0", InstanceState.ACTIVE);
        assertEquals(goodId, good.id(), "the neighbour was not re-created");
        assertEquals("", good.detail());
    }

    @Test
    void fixingTheBadConfigurationMakesItActive() throws Exception {
        felix.createOverlay("direct", "good0", direct(1));
        long goodId = felix.awaitInstance("good0", InstanceState.ACTIVE).id();
        Configuration bad = felix.createOverlay("direct", "bad0", with(direct(2), "vnetid", "banana"));
        awaitError("bad0");

        felix.updateConfiguration(bad, Map.of("vnetid", 2L));

        InstanceInfo fixed = felix.awaitInstance("bad0", InstanceState.ACTIVE);
        assertEquals("", fixed.detail());
        assertTrue(fixed.id() > 0 && fixed.id() != goodId, "its own id: " + fixed);
        assertEquals(goodId, felix.awaitInstance("good0", InstanceState.ACTIVE).id());
    }

    @Test
    void fixingAnUnknownPropertyMakesItActive() throws Exception {
        Configuration bad = felix.createOverlay("direct", "bad0", with(direct(2), "direct/nonsense", "x"));
        awaitError("bad0");

        Map<String, Object> fix = new HashMap<>();
        fix.put("direct/nonsense", null);
        felix.updateConfiguration(bad, fix);

        felix.awaitInstance("bad0", InstanceState.ACTIVE);
    }

    @Test
    void aSecondConfigurationForTheSameLinkIsRefusedWithEexist() throws Exception {
        Configuration first =
                felix.createFactoryConfiguration("io.varpd.overlay.direct", "first", with(direct(1), "link", "dup0"));
        long firstId = felix.awaitInstance("dup0", InstanceState.ACTIVE).id();

        Configuration second =
                felix.createFactoryConfiguration("io.varpd.overlay.direct", "second", with(direct(2), "link", "dup0"));

        InstanceInfo refused = felix.awaitConfigured(second.getPid(), i -> i.state() == InstanceState.ERROR, "ERROR");
        assertDetail(refused, "EEXIST", "dup0");
        InstanceInfo owner = felix.awaitInstance("dup0", InstanceState.ACTIVE);
        assertEquals(first.getPid(), owner.configPid(), "the first configuration keeps the link");
        assertEquals(firstId, owner.id());
    }

    @Test
    void whenTheLinkOwnerIsDeletedTheRefusedConfigurationIsNotPromotedUntilSavedAgain() throws Exception {
        Configuration first =
                felix.createFactoryConfiguration("io.varpd.overlay.direct", "first", with(direct(1), "link", "dup0"));
        felix.awaitInstance("dup0", InstanceState.ACTIVE);
        Configuration second =
                felix.createFactoryConfiguration("io.varpd.overlay.direct", "second", with(direct(2), "link", "dup0"));
        felix.awaitConfigured(second.getPid(), i -> i.state() == InstanceState.ERROR, "ERROR");

        first.delete();

        InstanceInfo still = felix.awaitConfigured(
                second.getPid(), i -> i.detail().contains("was deleted"), "ERROR saying the link is free");
        assertEquals(InstanceState.ERROR, still.state(), "never promoted silently");
        assertDetail(still, "save this configuration again");

        felix.updateConfiguration(second, Map.of());
        InstanceInfo now = felix.awaitInstance(
                "dup0",
                i -> i.state() == InstanceState.ACTIVE && i.configPid().equals(second.getPid()),
                "ACTIVE from the second configuration");
        assertEquals(2, now.vnetid());
    }

    @Test
    void varpdAdminCreateRefusesABadPortAndLeavesNoConfigurationBehind() throws Exception {
        VarpdException e = assertThrows(
                VarpdException.class,
                () -> felix.admin()
                        .create(new OverlaySpec(
                                "bad0",
                                "direct",
                                5,
                                Map.of("direct/dest_ip", "192.0.2.10", "direct/dest_port", "70000"))));

        assertEquals(Errno.EINVAL, e.errno(), e.toString());
        assertTrue(e.getMessage().contains("direct/dest_port") && e.getMessage().contains("1-65535"), e.getMessage());
        assertFalse(felix.admin().instance("bad0").isPresent(), "no instance is left behind");
        assertFalse(
                felix.configurationProperties("io.varpd.overlay.direct~bad0").isPresent(),
                "no configuration is left behind");
    }

    @Test
    void varpdAdminCreateRefusesAnExistingLinkWithEexist() throws Exception {
        felix.createOverlay("direct", "good0", direct(1));
        felix.awaitInstance("good0", InstanceState.ACTIVE);

        VarpdException e = assertThrows(
                VarpdException.class,
                () -> felix.admin()
                        .create(new OverlaySpec(
                                "good0",
                                "direct",
                                2,
                                Map.of("direct/dest_ip", "192.0.2.10", "direct/dest_port", "4789"))));

        assertEquals(Errno.EEXIST, e.errno(), e.toString());
        assertEquals(
                1, felix.admin().instances().size(), felix.admin().instances().toString());
    }

    @Test
    void varpdAdminModifyRefusesABadPortAndKeepsWhatRuns() throws Exception {
        InstanceInfo created = felix.admin()
                .create(new OverlaySpec(
                        "good0", "direct", 1, Map.of("direct/dest_ip", "192.0.2.10", "direct/dest_port", "4789")));

        VarpdException e = assertThrows(
                VarpdException.class, () -> felix.admin().modify("good0", Map.of("direct/dest_port", "70000")));

        assertEquals(Errno.EINVAL, e.errno(), e.toString());
        assertTrue(e.getMessage().contains("1-65535"), e.getMessage());
        InstanceInfo after = felix.awaitInstance("good0", InstanceState.ACTIVE);
        assertEquals(created.id(), after.id());
        assertEquals(
                List.of(CacheEntry.to(MacAddress.ZERO, TargetPoint.of(InetAddress.getByName("192.0.2.10"), 4789))),
                felix.admin().targets("good0"));
        assertEquals(
                "4789",
                String.valueOf(felix.configurationProperties(created.configPid())
                        .orElseThrow()
                        .get("direct/dest_port")),
                "the configuration is put back");
    }
}
