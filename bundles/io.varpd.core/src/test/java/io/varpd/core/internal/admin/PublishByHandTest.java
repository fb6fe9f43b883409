// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.Errno;
import io.varpd.api.MacAddress;
import io.varpd.api.PluginMode;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import io.varpd.api.admin.OverlaySpec;
import io.varpd.api.plugin.HostedGuest;
import io.varpd.core.internal.testing.FakeDevices;
import io.varpd.core.internal.testing.PublishingPlugin;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Issue 15: an operator publishes and withdraws a guest by hand ({@code VarpdAdmin.publish}, {@code withdraw},
 * {@code published}), at an explicit point or at the device's local point, with the errors the API's javadoc names.
 */
class PublishByHandTest {
    private final PublishingPlugin pub = new PublishingPlugin();
    private final FakeDevices memory = new FakeDevices();
    private final AdminHarness h = new AdminHarness()
            .plugin("pub", PluginMode.DYNAMIC, pub)
            .plugin("quiet", PluginMode.DYNAMIC, new StatelessPlugin() {})
            .device("memory", memory);
    private final MacAddress guest = MacAddress.parse("02:08:20:aa:bb:01");
    private final TargetPoint here = TargetPoint.of(InetAddress.getByName("198.51.100.7"), 4789);
    private final TargetPoint there = TargetPoint.of(InetAddress.getByName("203.0.113.9"), 4790);
    private final Set<InetAddress> addresses = Set.of(InetAddress.getByName("10.0.0.11"));

    PublishByHandTest() throws Exception {
        memory.localPoint = Optional.of(here);
        h.admin.create(new OverlaySpec("pub0", "pub", 42, Map.of()));
    }

    private static VarpdException refused(Errno errno, Executable call) {
        VarpdException e = assertThrows(VarpdException.class, call);
        assertEquals(errno, e.errno(), e.getMessage());
        return e;
    }

    @Test
    void aGuestIsPublishedAtTheDevicesLocalPointOrWhereTheOperatorSays() throws Exception {
        HostedGuest atHome = h.admin.publish("pub0", guest, addresses, Optional.empty());
        MacAddress second = MacAddress.parse("02:08:20:aa:bb:02");
        h.admin.publish("pub0", second, Set.of(), Optional.of(there));

        assertEquals(new HostedGuest(guest, here, addresses), atHome);
        assertEquals(List.of(atHome, new HostedGuest(second, there, Set.of())), h.admin.published("pub0"));
    }

    @Test
    void aWithdrawnGuestIsNoLongerPublishedAndASecondWithdrawIsEnoent() throws Exception {
        h.admin.publish("pub0", guest, addresses, Optional.empty());

        h.admin.withdraw("pub0", guest);

        assertEquals(List.of(), h.admin.published("pub0"));
        VarpdException e = refused(Errno.ENOENT, () -> h.admin.withdraw("pub0", guest));
        assertTrue(e.getMessage().startsWith("pub0: "), e.getMessage());
    }

    @Test
    void anUnknownOverlayIsEnoentAndAWaitingOneEnxio() throws Exception {
        h.admin.create(new OverlaySpec("wait0", "absent", 7, Map.of()));

        assertEquals(
                "nope0: no overlay of that name",
                refused(Errno.ENOENT, () -> h.admin.publish("nope0", guest, addresses, Optional.empty()))
                        .getMessage());
        refused(Errno.ENXIO, () -> h.admin.publish("wait0", guest, addresses, Optional.empty()));
        refused(Errno.ENXIO, () -> h.admin.withdraw("wait0", guest));
        refused(Errno.ENXIO, () -> h.admin.published("wait0"));
    }

    @Test
    void aPluginThatDoesNotPublishIsEnotsup() throws Exception {
        h.admin.create(new OverlaySpec("quiet0", "quiet", 8, Map.of()));

        VarpdException e = refused(Errno.ENOTSUP, () -> h.admin.publish("quiet0", guest, addresses, Optional.empty()));

        assertEquals("quiet0: this plugin does not publish guests", e.getMessage());
        assertEquals(List.of(), h.admin.published("quiet0"), "nothing published");
    }

    @Test
    void withoutAPointAndWithoutALocalOneTheSettingToSetIsNamed() throws Exception {
        memory.localPoint = Optional.empty();
        h.admin.create(new OverlaySpec("far0", "pub", 9, Map.of()));

        VarpdException e = refused(Errno.EINVAL, () -> h.admin.publish("far0", guest, addresses, Optional.empty()));

        assertTrue(e.getMessage().startsWith("far0: guest 02:08:20:aa:bb:01 is not published"), e.getMessage());
        assertTrue(e.getMessage().contains("set vxlan/listen_ip"), e.getMessage());
    }

    @Test
    void aMulticastMacIsRefusedNamingWhatIsAllowed() {
        VarpdException e = refused(
                Errno.EINVAL,
                () -> h.admin.publish("pub0", MacAddress.parse("01:00:5e:00:00:01"), addresses, Optional.empty()));

        assertEquals("pub0: 01:00:5e:00:00:01 is not a unicast MAC; a guest has a unicast MAC", e.getMessage());
    }

    @Test
    void aGuestPublishedByHandIsPublishedAgainByANewPluginState() throws Exception {
        h.admin.publish("pub0", guest, addresses, Optional.of(there));

        h.admin.modify("pub0", Map.of(PublishingPlugin.GENERATION, "2"));

        assertEquals(List.of(new HostedGuest(guest, there, addresses)), h.admin.published("pub0"));
        assertEquals(2, pub.states.size());
        assertTrue(pub.last().started && !pub.states.get(0).started, "the new state runs, the old one was retired");
    }
}
