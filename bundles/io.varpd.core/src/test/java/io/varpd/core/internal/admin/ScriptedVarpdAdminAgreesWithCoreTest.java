// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.Errno;
import io.varpd.api.MacAddress;
import io.varpd.api.PluginMode;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import io.varpd.api.admin.InstanceInfo;
import io.varpd.api.admin.InstanceState;
import io.varpd.api.admin.OverlaySpec;
import io.varpd.api.admin.ScriptedVarpdAdmin;
import io.varpd.api.admin.VarpdAdmin;
import io.varpd.core.internal.testing.FakeDevices;
import io.varpd.core.internal.testing.PublishingPlugin;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The shell, HTTP API, web console, health and metrics tests run against the api test kit's {@link ScriptedVarpdAdmin}
 * instead of core; this test keeps the two telling the same story. Each step runs against the real admin service (over
 * the real reconciler) and against the kit set up alike, and both must give the same value, or refuse with the same
 * errno and message.
 */
class ScriptedVarpdAdminAgreesWithCoreTest {
    private final PublishingPlugin pub = new PublishingPlugin();
    private final FakeDevices memory = new FakeDevices();
    private final AdminHarness core =
            new AdminHarness().plugin("pub", PluginMode.DYNAMIC, pub).device("memory", memory);
    private final ScriptedVarpdAdmin kit = new ScriptedVarpdAdmin();
    private final MacAddress guest = MacAddress.parse("02:08:20:aa:bb:01");
    private final TargetPoint here = TargetPoint.of(InetAddress.getByName("198.51.100.7"), 4789);
    private final TargetPoint there = TargetPoint.of(InetAddress.getByName("203.0.113.9"), 4790);
    private final Set<InetAddress> addresses = Set.of(InetAddress.getByName("10.0.0.11"));
    private final InetAddress unknownAddress = InetAddress.getByName("10.0.0.5");

    ScriptedVarpdAdminAgreesWithCoreTest() throws Exception {
        memory.localPoint = Optional.of(here);
        kit.localPoint(Optional.of(here)).plugin("pub", PluginMode.DYNAMIC);
    }

    /** One operation, asked of either admin service. */
    private interface Step {
        Object on(VarpdAdmin admin) throws VarpdException;
    }

    /** What a step gave: its value, or the errno and message it was refused with. */
    private static String outcome(VarpdAdmin admin, Step step) {
        try {
            return "ok " + step.on(admin);
        } catch (VarpdException e) {
            return e.errno() + " " + e.getMessage();
        }
    }

    private String agree(Step step) {
        String fromCore = outcome(core.admin, step);
        assertEquals(fromCore, outcome(kit, step));
        return fromCore;
    }

    /** For refusals whose words come from elsewhere (a plugin, a value parser): the errno alike. */
    private void agreeOnErrno(Errno expected, Step step) {
        String fromCore = outcome(core.admin, step);
        String fromKit = outcome(kit, step);
        assertTrue(fromCore.startsWith(expected + " "), fromCore);
        assertTrue(fromKit.startsWith(expected + " "), fromKit);
    }

    /** Creates the overlay in both; a WAITING one in the kit with core's own detail. */
    private void createInBoth(OverlaySpec spec) throws VarpdException {
        InstanceInfo made = core.admin.create(spec);
        kit.createsAs(made.state(), made.detail()).create(spec);
        kit.createsAs(InstanceState.ACTIVE, "");
    }

    private static OverlaySpec spec(String link, String plugin) {
        return new OverlaySpec(link, plugin, 42, Map.of());
    }

    /** Every operation that names an overlay. */
    private List<Step> everyOperationOn(String link) {
        return List.of(
                a -> a.properties(link).size(),
                a -> a.pluginState(link),
                a -> a.targets(link),
                a -> {
                    a.removeTarget(link, guest);
                    return "removed";
                },
                a -> {
                    a.flushTargets(link);
                    return "flushed";
                },
                a -> {
                    a.setTarget(link, guest, "drop");
                    return "set";
                },
                a -> a.lookup(link, guest).detail(),
                a -> a.resolve(link, unknownAddress).detail(),
                a -> a.publish(link, guest, addresses, Optional.empty()),
                a -> {
                    a.withdraw(link, guest);
                    return "withdrawn";
                },
                a -> a.published(link),
                a -> a.modify(link, Map.of("vnetid", "43")).link(),
                a -> {
                    a.delete(link);
                    return "deleted";
                });
    }

    @Test
    void aCreatedOverlayIsListedAndASecondCreateOfItsLinkIsEexist() {
        assertEquals("ok ACTIVE", agree(a -> a.create(spec("vxlan0", "pub")).state()));
        assertEquals(
                "ok [vxlan0]",
                agree(a -> a.instances().stream().map(InstanceInfo::link).toList()));

        assertTrue(agree(a -> a.create(spec("vxlan0", "pub"))).startsWith("EEXIST "));
    }

    @Test
    void aBadLinkNameIsEinvalWithTheSameWords() {
        for (String bad : List.of("0vxlan", "vx-lan0", "vxlan", "a2345678901234567890123456789012")) {
            assertTrue(agree(a -> a.create(spec(bad, "pub"))).startsWith("EINVAL "), bad);
        }
        assertTrue(agree(a -> a.create(new OverlaySpec("vxlan_long_name0", "pub", 1, Map.of("device", "linux"))))
                .startsWith("EINVAL "));
        assertTrue(agree(a -> a.create(spec("vxlan0", "Pub-1"))).startsWith("EINVAL vxlan0: 'Pub-1' is not a plugin"));
    }

    @Test
    void aVnetidBeyondVxlansRangeIsEinval() {
        agreeOnErrno(Errno.EINVAL, a -> a.create(new OverlaySpec("vxlan0", "pub", 1L << 24, Map.of())));
        agreeOnErrno(Errno.EINVAL, a -> a.create(new OverlaySpec("vxlan0", "pub", -1, Map.of())));
    }

    @Test
    void everyOperationOnAnUnknownLinkIsEnoentWithTheSameWords() {
        for (Step step : everyOperationOn("nope0")) {
            assertTrue(agree(step).startsWith("ENOENT nope0: no overlay of that name"));
        }
    }

    @Test
    void anOverlayWhosePluginIsAbsentIsEagainForItsPropertiesAndEnxioForTheRest() throws Exception {
        createInBoth(spec("wait0", "absent"));
        List<Step> steps = everyOperationOn("wait0");

        for (Step step : steps.subList(0, 2)) {
            assertTrue(agree(step).startsWith("EAGAIN wait0: the overlay is not active (WAITING"));
        }
        for (Step step : steps.subList(2, steps.size() - 2)) {
            assertTrue(agree(step).startsWith("ENXIO wait0: the overlay is not active (WAITING"));
        }
        assertEquals("ok wait0", agree(steps.get(steps.size() - 2)), "its configuration may still change");
        assertEquals("ok deleted", agree(steps.get(steps.size() - 1)));
        assertEquals("ok Optional.empty", agree(a -> a.instance("wait0")));
    }

    @Test
    void guestsArePublishedListedAndWithdrawnAlike() throws Exception {
        createInBoth(spec("pub0", "pub"));

        agree(a -> a.publish("pub0", guest, addresses, Optional.empty()));
        agree(a -> a.publish("pub0", MacAddress.parse("02:08:20:aa:bb:02"), Set.of(), Optional.of(there)));
        String listed = agree(a -> a.published("pub0"));
        assertEquals(
                "ok "
                        + List.of(
                                new io.varpd.api.plugin.HostedGuest(guest, here, addresses),
                                new io.varpd.api.plugin.HostedGuest(
                                        MacAddress.parse("02:08:20:aa:bb:02"), there, Set.of())),
                listed);

        assertEquals("ok withdrawn", agree(a -> {
            a.withdraw("pub0", guest);
            return "withdrawn";
        }));
        agreeOnErrno(Errno.ENOENT, a -> {
            a.withdraw("pub0", guest);
            return "withdrawn";
        });
        assertTrue(agree(a -> a.publish("pub0", MacAddress.parse("01:00:5e:00:00:01"), addresses, Optional.empty()))
                .startsWith("EINVAL pub0: 01:00:5e:00:00:01 is not a unicast MAC"));
    }

    @Test
    void aTargetTableStartsEmptyAndIsFlushedAndSetWithoutComplaint() throws Exception {
        createInBoth(spec("pub0", "pub"));
        List<Step> steps = everyOperationOn("pub0");

        assertEquals("ok []", agree(steps.get(2)));
        assertEquals("ok flushed", agree(steps.get(4)));
        assertEquals("ok set", agree(steps.get(5)));
    }

    @Test
    void aDeletedOverlayIsGoneAndASecondDeleteIsEnoent() throws Exception {
        createInBoth(spec("pub0", "pub"));
        Step delete = a -> {
            a.delete("pub0");
            return "deleted";
        };

        assertEquals("ok deleted", agree(delete));
        assertEquals("ok []", agree(VarpdAdmin::instances));
        assertTrue(agree(delete).startsWith("ENOENT "));
    }
}
