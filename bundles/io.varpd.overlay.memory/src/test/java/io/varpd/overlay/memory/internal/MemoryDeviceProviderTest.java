// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.memory.internal;

import static io.varpd.overlay.memory.internal.EthernetFrameBuilder.frameTo;
import static io.varpd.overlay.memory.internal.TestNet.assertErrno;
import static io.varpd.overlay.memory.internal.TestNet.mac;
import static io.varpd.overlay.memory.internal.TestNet.settings;
import static io.varpd.overlay.memory.internal.TestNet.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.Errno;
import io.varpd.api.PluginMode;
import io.varpd.api.device.DeviceLookup;
import io.varpd.api.device.DeviceSettings;
import io.varpd.overlay.memory.DropReason;
import io.varpd.overlay.memory.MemoryDevice;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Opening and closing devices: the uniqueness and range checks of an overlay create. */
class MemoryDeviceProviderTest {
    private final MemoryDeviceProvider provider = new MemoryDeviceProvider();
    private final RecordingListener listener = new RecordingListener();

    @Test
    void openDevicesAreFoundByLinkInLinkOrder() throws Exception {
        MemoryDevice b = provider.open(settings("ovl1", 2), listener);
        MemoryDevice a = provider.open(settings("ovl0", 1), listener);

        assertEquals(Optional.of(a), provider.device("ovl0"));
        assertEquals(List.of(a, b), provider.devices());
        assertEquals(Optional.empty(), provider.device("ovl9"));
        assertEquals("ovl1", b.linkName());
        assertEquals(2, b.vnetid());
    }

    @Test
    void sameLinkIsRefused() throws Exception {
        provider.open(settings("ovl0", 1), listener);

        assertErrno(Errno.EEXIST, () -> provider.open(settings("ovl0", 2), listener));
    }

    @Test
    void sameVnetidOnOneHostIsRefused() throws Exception {
        provider.open(settings("ovl0", 7), listener);

        String message = assertErrno(Errno.EEXIST, () -> provider.open(settings("ovl1", 7), listener))
                .getMessage();
        assertTrue(message.contains("vnetid 7"), message);
    }

    @Test
    void sameVnetidOnTwoHostsIsAllowed() throws Exception {
        provider.open(settings("ovl0", 7, "a", "10.0.0.1"), listener);
        provider.open(settings("ovl1", 7, "b", "10.0.0.2"), listener);

        assertEquals(2, provider.devices().size());
    }

    @Test
    void twoHostsCannotReceiveOneVnetidOnOneAddress() throws Exception {
        provider.open(settings("ovl0", 7, "a", "10.0.0.1"), listener);

        assertErrno(Errno.EEXIST, () -> provider.open(settings("ovl1", 7, "b", "10.0.0.1"), listener));
    }

    @Test
    void vnetidMustFitInVxlansTwentyFourBits() throws Exception {
        for (long bad : new long[] {-1, 16_777_216}) {
            String message = assertErrno(Errno.EINVAL, () -> provider.open(settings("ovl0", bad), listener))
                    .getMessage();
            assertTrue(message.contains(bad + " is out of range; allowed: 0-16777215"), message);
        }
        provider.open(settings("ovl0", 0), listener);
        provider.open(settings("ovl1", 16_777_215), listener);
    }

    @Test
    void badSettingsAreInvalid() {
        assertErrno(Errno.EINVAL, () -> provider.open(settings(" ", 1), listener));
        assertErrno(Errno.EINVAL, () -> provider.open(new DeviceSettings("ovl0", 1, null, 0, Map.of()), listener));
        assertErrno(
                Errno.EINVAL,
                () -> provider.open(new DeviceSettings("ovl0", 1, null, 4789, Map.of("linux/netns", "x")), listener));
        assertErrno(
                Errno.EINVAL,
                () -> provider.open(
                        new DeviceSettings("ovl0", 1, null, 4789, Map.of(MemoryDeviceProvider.HOST, 5L)), listener));
        assertTrue(provider.devices().isEmpty());
    }

    @Test
    void theHostSettingIsDescribed() {
        assertEquals(
                List.of(MemoryDeviceProvider.HOST),
                provider.settings().stream().map(p -> p.name()).toList());
    }

    @Test
    void closeRemovesTheDeviceAndFreesItsLinkAndVnetid() throws Exception {
        MemoryDevice d = provider.open(settings("ovl0", 7), listener);

        d.close();
        d.close();

        assertEquals(Optional.empty(), provider.device("ovl0"));
        provider.open(settings("ovl0", 7), listener);
    }

    @Test
    void closeAnswersOutstandingLookupsDrop() throws Exception {
        MemoryDevice d = provider.open(settings("ovl0", 7), listener);
        d.associate(1, PluginMode.DYNAMIC, null);
        d.transmit(frameTo(mac(2), 1));
        d.transmit(frameTo(mac(3), 2));
        List<DeviceLookup> lookups = listener.lookups();

        d.close();
        lookups.get(0).respond(target(7));
        lookups.get(1).drop();

        assertEquals(2, d.stats().dropped(DropReason.RELEASED));
        assertEquals(2, d.stats().ignoredAnswers());
        assertEquals(2, listener.count(), "no miss is reported after close");
        assertTrue(d.transmitted().isEmpty());
        assertErrno(Errno.EINVAL, lookups.get(0)::frame);
    }

    @Test
    void aClosedDeviceRefusesWorkAndDropsFrames() throws Exception {
        MemoryDevice d = provider.open(settings("ovl0", 7), listener);
        d.close();

        assertErrno(Errno.ENOENT, () -> d.associate(1, PluginMode.DYNAMIC, null));
        assertErrno(Errno.ENOENT, d::cacheEntries);
        assertErrno(Errno.ENOENT, () -> d.inject(frameTo(mac(1), 1)));
        d.transmit(frameTo(mac(2), 1));
        assertEquals(1, d.stats().dropped(DropReason.NOT_ASSOCIATED));
    }

    @Test
    void deactivateClosesEveryDevice() throws Exception {
        MemoryDevice d = provider.open(settings("ovl0", 7), listener);
        d.associate(1, PluginMode.DYNAMIC, null);
        d.transmit(frameTo(mac(2), 1));

        provider.deactivate();

        assertTrue(provider.devices().isEmpty());
        assertEquals(1, d.stats().dropped(DropReason.RELEASED));
    }
}
