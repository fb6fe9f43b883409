// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.memory.internal;

import static io.varpd.overlay.memory.internal.EthernetFrameBuilder.frame;
import static io.varpd.overlay.memory.internal.EthernetFrameBuilder.frameTo;
import static io.varpd.overlay.memory.internal.EthernetFrameBuilder.idOf;
import static io.varpd.overlay.memory.internal.TestNet.VNETID;
import static io.varpd.overlay.memory.internal.TestNet.dynamicDevice;
import static io.varpd.overlay.memory.internal.TestNet.mac;
import static io.varpd.overlay.memory.internal.TestNet.pointDevice;
import static io.varpd.overlay.memory.internal.TestNet.settings;
import static io.varpd.overlay.memory.internal.TestNet.target;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.LookupRequest;
import io.varpd.api.MacAddress;
import io.varpd.api.MacAddressType;
import io.varpd.api.device.CacheEntry;
import io.varpd.overlay.memory.DropReason;
import io.varpd.overlay.memory.MemoryDevice;
import io.varpd.overlay.memory.MemoryDeviceStats;
import io.varpd.overlay.memory.Transmission;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The transmit path of docs/architecture.md#devices: what happens to a frame a local guest sends. */
class TransmitPathTest {
    private final RecordingListener listener = new RecordingListener();

    @Test
    void framesBeforeAssociateAreDropped() throws Exception {
        MemoryDevice d = new MemoryDeviceProvider().open(settings("ovl0", VNETID), listener);

        d.transmit(frameTo(mac(2), 1));

        assertEquals(1, d.stats().dropped(DropReason.NOT_ASSOCIATED));
        assertEquals(0, listener.count());
        assertTrue(d.transmitted().isEmpty());
    }

    @Test
    void countersExportTheStatsUnderStableNames() throws Exception {
        MemoryDevice d = new MemoryDeviceProvider().open(settings("ovl0", VNETID), listener);
        d.transmit(frameTo(mac(2), 1));
        d.transmit(frameTo(mac(3), 1));

        var counters = d.counters();
        assertEquals(2L, counters.get("frames_transmitted"));
        assertEquals(2L, counters.get("frames_dropped_not_associated"));
        assertEquals(0L, counters.get("misses_reported"));
        assertEquals(
                java.util.List.of(
                        "frames_transmitted", "frames_sent", "frames_delivered", "misses_reported", "answers_ignored"),
                java.util.List.copyOf(counters.keySet()).subList(0, 5));
    }

    @Test
    void missCreatesPendingEntryAndReportsLookup() throws Exception {
        MemoryDevice d = dynamicDevice(listener);

        d.transmit(frame().from(mac(1)).to(mac(2)).payload(100).build());

        LookupRequest r = listener.only().request();
        assertEquals(new LookupRequest(VNETID, mac(1), mac(2), LookupRequest.ETHERTYPE_IPV4, 0, 14, 100), r);
        assertEquals(1, d.pendingFrames(mac(2)));
        assertEquals(114, d.stats().pendingBytes());
        assertEquals(1, d.stats().missesReported());
        assertTrue(d.cacheEntries().isEmpty(), "a pending entry is neither VALID nor DROP");
        assertTrue(d.transmitted().isEmpty());
    }

    @Test
    void vlanTaggedFrameReportsVlanAndSap() throws Exception {
        MemoryDevice d = dynamicDevice(listener);

        d.transmit(frame().to(mac(2))
                .vlan(42)
                .type(LookupRequest.ETHERTYPE_ARP)
                .payload(28)
                .build());

        LookupRequest r = listener.only().request();
        assertEquals(42, r.vlan());
        assertEquals(LookupRequest.ETHERTYPE_ARP, r.sap());
        assertEquals(18, r.headerSize());
        assertEquals(28, r.payloadSize());
    }

    @Test
    void framesToAPendingEntryQueueBehindOneLookup() throws Exception {
        MemoryDevice d = dynamicDevice(listener);

        for (int id = 1; id <= 3; id++) {
            d.transmit(frameTo(mac(2), id));
        }

        assertEquals(1, listener.count());
        assertEquals(3, d.pendingFrames(mac(2)));
        assertEquals(1, idOf(listener.only().frame()), "the lookup describes the head frame");
    }

    @Test
    void pendingQueueCapsAt128KiB() throws Exception {
        MemoryDevice d = dynamicDevice(listener);
        byte[] kib = frame().to(mac(2)).size(1024).build();

        for (int i = 0; i < 128; i++) {
            d.transmit(kib);
        }
        d.transmit(kib);
        d.transmit(frame().to(mac(2)).size(14).build());

        MemoryDeviceStats s = d.stats();
        assertEquals(128, d.pendingFrames(mac(2)));
        assertEquals(128 * 1024, s.pendingBytes());
        assertEquals(2, s.dropped(DropReason.QUEUE_FULL));
        assertEquals(1, listener.count());
    }

    @Test
    void theCapIsPerEntry() throws Exception {
        MemoryDevice d = dynamicDevice(listener);
        byte[] kib = frame().to(mac(2)).size(1024).build();
        for (int i = 0; i < 129; i++) {
            d.transmit(kib);
        }

        d.transmit(frameTo(mac(3), 1));

        assertEquals(1, d.pendingFrames(mac(3)));
        assertEquals(1, d.stats().dropped(DropReason.QUEUE_FULL));
    }

    @Test
    void unparsableFrameIsDroppedAndCounted() throws Exception {
        MemoryDevice d = dynamicDevice(listener);

        d.transmit(new byte[13]);
        d.transmit(Arrays.copyOf(frame().vlan(3).build(), 17));

        assertEquals(2, d.stats().dropped(DropReason.UNPARSABLE));
        assertEquals(0, listener.count());
    }

    @Test
    void validEntrySendsToTarget() throws Exception {
        MemoryDevice d = dynamicDevice(listener);
        d.cacheSet(CacheEntry.to(mac(2), target(7)));
        byte[] f = frameTo(mac(2), 5);

        d.transmit(f);

        Transmission t = d.transmitted().get(0);
        assertEquals(target(7), t.target());
        assertArrayEquals(f, t.frame());
        assertEquals(0, listener.count());
    }

    @Test
    void dropFlagWinsOverValid() throws Exception {
        MemoryDevice d = dynamicDevice(listener);
        d.cacheSet(CacheEntry.to(mac(2), target(7)));
        d.cacheSet(CacheEntry.dropping(mac(2)));

        d.transmit(frameTo(mac(2), 1));

        assertEquals(1, d.stats().dropped(DropReason.DROP_ENTRY));
        assertTrue(d.transmitted().isEmpty());
        assertEquals(List.of(CacheEntry.dropping(mac(2))), d.cacheEntries());
    }

    @Test
    void broadcastAndMulticastAreLookedUpLikeUnicast() throws Exception {
        MemoryDevice d = dynamicDevice(listener);
        MacAddress multicast = MacAddress.of(0x0100_5e00_0001L);

        d.transmit(frameTo(MacAddress.BROADCAST, 1));
        d.transmit(frameTo(MacAddress.BROADCAST, 2));
        d.transmit(frameTo(multicast, 3));

        assertEquals(
                List.of(MacAddressType.BROADCAST, MacAddressType.MULTICAST),
                listener.lookups().stream()
                        .map(l -> l.request().destinationType())
                        .toList());
        assertEquals(2, d.pendingFrames(MacAddress.BROADCAST));
    }

    @Test
    void pointModeSendsEverythingToPoint() throws Exception {
        MemoryDevice d = pointDevice(listener, target(9));

        d.transmit(frameTo(mac(2), 1));
        d.transmit(frameTo(MacAddress.BROADCAST, 2));
        d.transmit(new byte[5]); // the point needs no MAC header

        assertEquals(
                List.of(target(9), target(9), target(9)),
                d.transmitted().stream().map(Transmission::target).toList());
        assertEquals(0, listener.count());
        assertEquals(0, d.stats().framesDropped());
    }

    @Test
    void transmitCopiesTheGuestFrame() throws Exception {
        MemoryDevice d = pointDevice(listener, target(9));
        byte[] f = frameTo(mac(2), 1);

        d.transmit(f);
        f[20] = 99;

        assertEquals(1, idOf(d.transmitted().get(0).frame()));
    }
}
