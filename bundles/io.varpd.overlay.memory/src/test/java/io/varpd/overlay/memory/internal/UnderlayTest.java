// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.memory.internal;

import static io.varpd.overlay.memory.internal.EthernetFrameBuilder.frame;
import static io.varpd.overlay.memory.internal.TestNet.ip;
import static io.varpd.overlay.memory.internal.TestNet.mac;
import static io.varpd.overlay.memory.internal.TestNet.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.MacAddress;
import io.varpd.api.PluginMode;
import io.varpd.api.TargetPoint;
import io.varpd.api.device.CacheEntry;
import io.varpd.overlay.memory.MemoryDevice;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Two memory devices on two simulated hosts form a small overlay. */
class UnderlayTest {
    private static final TargetPoint HOST_A = TargetPoint.of(ip("10.0.0.1"), 4789);
    private static final TargetPoint HOST_B = TargetPoint.of(ip("10.0.0.2"), 4789);

    private final MemoryDeviceProvider provider = new MemoryDeviceProvider();
    private final RecordingListener listener = new RecordingListener();

    @Test
    void frameSentToAPeersListenAddressIsDeliveredUpIntoThePeer() throws Exception {
        MemoryDevice a = open("ovl0", 7, "a", "10.0.0.1");
        MemoryDevice b = open("ovl1", 7, "b", "10.0.0.2");
        a.cacheSet(CacheEntry.to(mac(0xb), HOST_B));
        b.cacheSet(CacheEntry.to(mac(0xa), HOST_A));

        a.transmit(frame().from(mac(0xa)).to(mac(0xb)).id(1).build());
        b.transmit(frame().from(mac(0xb)).to(mac(0xa)).id(2).build());

        assertEquals(List.of(1), ids(b.delivered()));
        assertEquals(List.of(2), ids(a.delivered()));
        assertNotSame(a.transmitted().get(0).frame(), b.delivered().get(0), "the peer gets its own copy");
    }

    @Test
    void aPeerWithAnotherVnetidReceivesNothing() throws Exception {
        MemoryDevice a = open("ovl0", 7, "a", "10.0.0.1");
        MemoryDevice b = open("ovl1", 8, "b", "10.0.0.2");
        a.cacheSet(CacheEntry.to(mac(0xb), HOST_B));

        a.transmit(frame().to(mac(0xb)).build());

        assertEquals(1, a.transmitted().size());
        assertTrue(b.delivered().isEmpty());
    }

    @Test
    void aPeerOnAnotherPortReceivesNothing() throws Exception {
        MemoryDevice a = open("ovl0", 7, "a", "10.0.0.1");
        MemoryDevice b = open("ovl1", 7, "b", "10.0.0.2");
        a.cacheSet(CacheEntry.to(mac(0xb), TargetPoint.of(ip("10.0.0.2"), 4790)));

        a.transmit(frame().to(mac(0xb)).build());

        assertTrue(b.delivered().isEmpty());
    }

    @Test
    void aClosedPeerReceivesNothing() throws Exception {
        MemoryDevice a = open("ovl0", 7, "a", "10.0.0.1");
        MemoryDevice b = open("ovl1", 7, "b", "10.0.0.2");
        a.cacheSet(CacheEntry.to(mac(0xb), HOST_B));
        b.close();

        a.transmit(frame().to(mac(0xb)).build());

        assertTrue(b.delivered().isEmpty());
    }

    @Test
    void pointDevicesReachEachOther() throws Exception {
        MemoryDevice a = provider.open(settings("ovl0", 7, "a", "10.0.0.1"), listener);
        MemoryDevice b = provider.open(settings("ovl1", 7, "b", "10.0.0.2"), listener);
        a.associate(1, PluginMode.POINT, HOST_B);
        b.associate(2, PluginMode.POINT, HOST_A);

        a.transmit(frame().to(MacAddress.BROADCAST).id(5).build());

        assertEquals(List.of(5), ids(b.takeDelivered()));
        assertTrue(b.delivered().isEmpty(), "taken frames are forgotten");
    }

    private MemoryDevice open(String link, long vnetid, String host, String listenIp) throws Exception {
        MemoryDevice d = provider.open(settings(link, vnetid, host, listenIp), listener);
        d.associate(1, PluginMode.DYNAMIC, null);
        return d;
    }

    private static List<Integer> ids(List<byte[]> frames) {
        return frames.stream().map(EthernetFrameBuilder::idOf).toList();
    }
}
