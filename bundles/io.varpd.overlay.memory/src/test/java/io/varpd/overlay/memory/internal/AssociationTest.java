// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.memory.internal;

import static io.varpd.overlay.memory.internal.EthernetFrameBuilder.frameTo;
import static io.varpd.overlay.memory.internal.TestNet.VNETID;
import static io.varpd.overlay.memory.internal.TestNet.assertErrno;
import static io.varpd.overlay.memory.internal.TestNet.dynamicDevice;
import static io.varpd.overlay.memory.internal.TestNet.ip;
import static io.varpd.overlay.memory.internal.TestNet.mac;
import static io.varpd.overlay.memory.internal.TestNet.settings;
import static io.varpd.overlay.memory.internal.TestNet.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.DestinationType;
import io.varpd.api.Errno;
import io.varpd.api.PluginMode;
import io.varpd.api.TargetPoint;
import io.varpd.api.device.CacheEntry;
import io.varpd.api.device.DeviceLookup;
import io.varpd.overlay.memory.DropReason;
import io.varpd.overlay.memory.MemoryDevice;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Association, disassociation and degraded status of a device. */
class AssociationTest {
    private final RecordingListener listener = new RecordingListener();
    private final MemoryDevice device;

    AssociationTest() throws Exception {
        device = new MemoryDeviceProvider().open(settings("ovl0", VNETID), listener);
    }

    @Test
    void destinationIsIpAndPort() {
        assertEquals(Set.of(DestinationType.IP, DestinationType.PORT), device.destination());
    }

    @Test
    void pointAssociationRefusesUnusablePoints() {
        String[] refused = {"::", "0.0.0.0", "::ffff:0.0.0.0", "::10.0.0.1"};
        for (String bad : refused) {
            String message = assertErrno(
                            Errno.EINVAL, () -> device.associate(1, PluginMode.POINT, TargetPoint.of(ip(bad), 4789)))
                    .getMessage();
            assertTrue(message.contains("destination IP"), message);
        }
        assertErrno(Errno.EINVAL, () -> device.associate(1, PluginMode.POINT, null));
        assertErrno(Errno.EINVAL, () -> device.associate(1, PluginMode.POINT, TargetPoint.of(null, 4789)));
        assertErrno(Errno.EINVAL, () -> device.associate(1, PluginMode.POINT, TargetPoint.of(ip("192.0.2.1"), 0)));
    }

    @Test
    void loopbackIsNotIpv4Compatible() throws Exception {
        device.associate(1, PluginMode.POINT, TargetPoint.of(ip("::1"), 4789));
    }

    @Test
    void instanceIdMustBePositive() {
        assertErrno(Errno.EINVAL, () -> device.associate(0, PluginMode.DYNAMIC, null));
        assertErrno(Errno.EINVAL, () -> device.associate(1, null, null));
    }

    @Test
    void associatingTwiceIsRefused() throws Exception {
        device.associate(1, PluginMode.DYNAMIC, null);

        assertErrno(Errno.EEXIST, () -> device.associate(2, PluginMode.POINT, target(1)));
    }

    @Test
    void disassociateDropsQueuedFramesAndSettlesLookups() throws Exception {
        device.associate(1, PluginMode.DYNAMIC, null);
        device.transmit(frameTo(mac(2), 1));
        device.transmit(frameTo(mac(2), 2));
        DeviceLookup lookup = listener.only();

        device.disassociate();
        lookup.respond(target(7));
        device.transmit(frameTo(mac(2), 3));

        assertEquals(2, device.stats().dropped(DropReason.RELEASED));
        assertEquals(1, device.stats().dropped(DropReason.NOT_ASSOCIATED));
        assertEquals(1, device.stats().ignoredAnswers());
        assertTrue(device.transmitted().isEmpty());
        assertErrno(Errno.EINVAL, lookup::frame);
        assertErrno(Errno.ENXIO, device::cacheEntries);
    }

    @Test
    void reassociationStartsWithAnEmptyCache() throws Exception {
        MemoryDevice d = dynamicDevice(listener);
        d.cacheSet(CacheEntry.to(mac(2), target(7)));
        d.disassociate();

        d.associate(2, PluginMode.DYNAMIC, null);
        d.transmit(frameTo(mac(2), 1));

        assertTrue(d.cacheEntries().isEmpty());
        assertEquals(1, listener.count());
    }

    @Test
    void degradeReplacesTheMessageAndRestoreClearsIt() {
        assertEquals(Optional.empty(), device.degradedMessage());

        device.degrade("remote down");
        device.degrade("dns failed");
        assertEquals(Optional.of("dns failed"), device.degradedMessage());

        device.restore();
        assertEquals(Optional.empty(), device.degradedMessage());
    }

    @Test
    void degradedMessagesAreCutTo255Characters() {
        device.degrade("x".repeat(300));

        assertEquals(255, device.degradedMessage().orElseThrow().length());
    }
}
