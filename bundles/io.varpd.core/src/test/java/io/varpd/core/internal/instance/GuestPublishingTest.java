// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import io.varpd.api.Errno;
import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import io.varpd.api.admin.InstanceInfo;
import io.varpd.api.admin.InstanceState;
import io.varpd.api.device.OverlayDeviceProvider;
import io.varpd.api.plugin.HostedGuest;
import io.varpd.core.internal.lookup.FrameProxies;
import io.varpd.core.internal.persist.InstanceStore;
import io.varpd.core.internal.registry.NamedServiceRegistry;
import io.varpd.core.internal.testing.FakeDevices;
import io.varpd.core.internal.testing.PublishingPlugin;
import java.net.InetAddress;
import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, "hosts register their own guests", core's part: the guests a device reports on its local ports reach the
 * overlay's plugin as publish and withdraw, at the device's local point, only while the overlay runs, and again through
 * every new plugin state; nothing a plugin does wrong is thrown back into the device.
 */
class GuestPublishingTest {
    private static final String FACTORY = "io.varpd.overlay.pub";
    private static final String PID = "io.varpd.overlay.pub~g0";
    private static final MacAddress GUEST = mac("02:08:20:aa:bb:01");

    private final NamedServiceRegistry<PluginBinding.Plugin> plugins = new NamedServiceRegistry<>("plugin");
    private final NamedServiceRegistry<OverlayDeviceProvider> devices = new NamedServiceRegistry<>("device provider");
    private final FakeDevices memory = new FakeDevices();
    private final PublishingPlugin pub = new PublishingPlugin();
    private final InstanceManager manager =
            new InstanceManager(plugins, devices, new InstanceIds(), new FrameProxies(), InstanceStore.none());
    private final TargetPoint here = TargetPoint.of(ip("198.51.100.7"), 4789);

    GuestPublishingTest() {
        plugins.add(new NamedServiceRegistry.Entry<>("pub", 1, pub.asPlugin("pub"), "test"));
        devices.add(new NamedServiceRegistry.Entry<>("memory", 2, memory, "test"));
        memory.localPoint = Optional.of(here);
        manager.configured(PID, FACTORY, config(1L));
    }

    private static MacAddress mac(String s) {
        try {
            return MacAddress.parse(s);
        } catch (io.varpd.api.VarpdException e) {
            throw new AssertionError(e);
        }
    }

    private static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static Hashtable<String, Object> config(long generation) {
        Hashtable<String, Object> h = new Hashtable<>();
        h.put("link", "g0");
        h.put("vnetid", 42L);
        h.put(PublishingPlugin.GENERATION, generation);
        return h;
    }

    private FakeDevices.Device device() {
        return memory.open.get("g0");
    }

    private InstanceInfo info() {
        return manager.record(PID).orElseThrow().info();
    }

    @Test
    void aGuestTheDeviceReportsIsPublishedAtTheDevicesLocalPoint() {
        device().listener.guestArrived(GUEST, Set.of(ip("10.0.0.11"), ip("fd00::11")));

        assertEquals(
                Map.of(GUEST, new HostedGuest(GUEST, here, Set.of(ip("10.0.0.11"), ip("fd00::11")))),
                pub.last().published);
        assertEquals(1L, info().counters().get("published"));
    }

    @Test
    void newAddressesReplaceWhatWasPublished() {
        device().listener.guestArrived(GUEST, Set.of());
        device().listener.guestArrived(GUEST, Set.of(ip("10.0.0.11")));
        device().listener.guestArrived(GUEST, Set.of(ip("10.0.0.11")));

        assertEquals(Set.of(ip("10.0.0.11")), pub.last().published.get(GUEST).addresses());
        assertEquals(2L, info().counters().get("published"), "the same report again changes nothing");
    }

    @Test
    void aGuestThatLeavesIsWithdrawn() {
        device().listener.guestArrived(GUEST, Set.of(ip("10.0.0.11")));

        device().listener.guestLeft(GUEST);

        assertEquals(Map.of(), pub.last().published);
        assertEquals(1L, info().counters().get("withdrawn"));
    }

    @Test
    void aConfigurationChangePublishesTheGuestsThroughTheNewPluginState() {
        device().listener.guestArrived(GUEST, Set.of(ip("10.0.0.11")));
        PublishingPlugin.State first = pub.last();

        manager.configured(PID, FACTORY, config(2L));

        PublishingPlugin.State second = pub.last();
        assertNotSame(first, second);
        assertFalse(first.started, "the old state was retired");
        assertEquals(Set.of(GUEST), second.published.keySet());
        device().listener.guestLeft(GUEST);
        assertEquals(Map.of(), second.published, "the new state withdraws it");
    }

    @Test
    void aPluginThatComesBackPublishesTheGuestsAgainAndNothingReachesItWhileItIsAway() {
        device().listener.guestArrived(GUEST, Set.of(ip("10.0.0.11")));
        FakeDevices.Device before = device();
        plugins.remove(1);
        manager.pluginChanged("pub");
        assertEquals(InstanceState.WAITING, info().state());
        int states = pub.states.size();

        MacAddress other = mac("02:08:20:aa:bb:02");
        before.listener.guestArrived(other, Set.of()); // the device core let go of still reports
        assertEquals(states, pub.states.size(), "no plugin state while the plugin is away");

        plugins.add(new NamedServiceRegistry.Entry<>("pub", 3, pub.asPlugin("pub"), "test"));
        manager.pluginChanged("pub");

        assertEquals(InstanceState.ACTIVE, info().state());
        assertEquals(Set.of(GUEST, other), pub.last().published.keySet(), "both remembered and published again");
    }

    @Test
    void aPluginThatDoesNotPublishIsIgnoredQuietlyAndCounted() {
        pub.refuse = Errno.ENOTSUP;

        device().listener.guestArrived(GUEST, Set.of(ip("10.0.0.11")));
        device().listener.guestLeft(GUEST);

        InstanceInfo i = info();
        assertEquals(2L, i.counters().get("publish_unsupported"));
        assertEquals(0L, i.counters().get("publish_errors"));
        assertFalse(i.degraded(), i.detail());
    }

    @Test
    void aPluginThatFailsIsLoggedAndCountedNeverThrownIntoTheDevice() {
        pub.crash = new IllegalStateException("bug in publish");

        device().listener.guestArrived(GUEST, Set.of(ip("10.0.0.11")));
        device().listener.guestLeft(GUEST);
        pub.crash = null;
        pub.refuse = Errno.EIO;
        device().listener.guestArrived(GUEST, Set.of());

        assertEquals(3L, info().counters().get("publish_errors"));
        assertEquals(InstanceState.ACTIVE, info().state());
    }

    @Test
    void withoutALocalPointTheGuestWaitsAndIsCounted() {
        device().localPoint = Optional.empty();

        device().listener.guestArrived(GUEST, Set.of(ip("10.0.0.11")));

        assertEquals(Map.of(), pub.last().published);
        assertEquals(1L, info().counters().get("publish_no_point"));
        assertEquals(1, manager.record(PID).orElseThrow().instance().guests().size(), "remembered");

        device().listener.guestLeft(GUEST);
        assertEquals(0L, info().counters().get("publish_errors"), "withdrawing what was never written is no error");
    }

    @Test
    void aDeletedOverlayForgetsItsGuests() {
        device().listener.guestArrived(GUEST, Set.of(ip("10.0.0.11")));

        manager.deleted(PID);
        manager.configured(PID, FACTORY, config(1L));

        assertEquals(Map.of(), pub.last().published);
    }
}
