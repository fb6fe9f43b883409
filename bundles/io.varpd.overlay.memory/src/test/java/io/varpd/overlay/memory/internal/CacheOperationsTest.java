// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.memory.internal;

import static io.varpd.overlay.memory.internal.EthernetFrameBuilder.frameTo;
import static io.varpd.overlay.memory.internal.EthernetFrameBuilder.idOf;
import static io.varpd.overlay.memory.internal.TestNet.VNETID;
import static io.varpd.overlay.memory.internal.TestNet.assertErrno;
import static io.varpd.overlay.memory.internal.TestNet.dynamicDevice;
import static io.varpd.overlay.memory.internal.TestNet.mac;
import static io.varpd.overlay.memory.internal.TestNet.pointDevice;
import static io.varpd.overlay.memory.internal.TestNet.settings;
import static io.varpd.overlay.memory.internal.TestNet.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.Errno;
import io.varpd.api.MacAddress;
import io.varpd.api.device.CacheEntry;
import io.varpd.overlay.memory.DropReason;
import io.varpd.overlay.memory.MemoryDevice;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The cache operations of docs/architecture.md#devices, with the fix to SET
 * (docs/architecture.md#where-varpd-differs-from-illumos-on-purpose).
 */
class CacheOperationsTest {
    private final RecordingListener listener = new RecordingListener();

    @Test
    void cacheOpsBeforeAssociateAreNoSuchDevice() throws Exception {
        MemoryDevice d = new MemoryDeviceProvider().open(settings("ovl0", VNETID), listener);

        assertErrno(Errno.ENXIO, () -> d.cacheGet(mac(2)));
        assertErrno(Errno.ENXIO, () -> d.cacheSet(CacheEntry.to(mac(2), target(7))));
        assertErrno(Errno.ENXIO, () -> d.cacheRemove(mac(2)));
        assertErrno(Errno.ENXIO, d::cacheFlush);
        assertErrno(Errno.ENXIO, d::cacheEntries);
    }

    @Test
    void cacheOpsOnPointDeviceAreNotSupported() throws Exception {
        MemoryDevice d = pointDevice(listener, target(9));

        assertErrno(Errno.ENOTSUP, () -> d.cacheSet(CacheEntry.to(mac(2), target(7))));
        assertErrno(Errno.ENOTSUP, () -> d.cacheRemove(mac(2)));
        assertErrno(Errno.ENOTSUP, d::cacheFlush);
    }

    @Test
    void pointDeviceShowsItsPointForEveryMac() throws Exception {
        MemoryDevice d = pointDevice(listener, target(9));

        assertEquals(Optional.of(CacheEntry.to(mac(5), target(9))), d.cacheGet(mac(5)));
        assertEquals(List.of(CacheEntry.to(MacAddress.ZERO, target(9))), d.cacheEntries());
    }

    @Test
    void cacheGetFindsOnlyValidOrDropEntries() throws Exception {
        MemoryDevice d = dynamicDevice(listener);
        d.transmit(frameTo(mac(2), 1));
        d.cacheSet(CacheEntry.to(mac(3), target(3)));
        d.cacheSet(CacheEntry.dropping(mac(4)));

        assertEquals(Optional.empty(), d.cacheGet(mac(1)), "no entry");
        assertEquals(Optional.empty(), d.cacheGet(mac(2)), "pending entry");
        assertEquals(Optional.of(CacheEntry.to(mac(3), target(3))), d.cacheGet(mac(3)));
        assertEquals(Optional.of(CacheEntry.dropping(mac(4))), d.cacheGet(mac(4)));
    }

    @Test
    void cacheSetCreatesTheEntryAndSendsQueuedFrames() throws Exception {
        MemoryDevice d = dynamicDevice(listener);
        d.transmit(frameTo(mac(2), 1));
        d.transmit(frameTo(mac(2), 2));

        d.cacheSet(CacheEntry.to(mac(2), target(7)));

        assertEquals(
                List.of(1, 2),
                d.transmitted().stream().map(t -> idOf(t.frame())).toList());
        assertEquals(0, d.pendingFrames(mac(2)));
    }

    @Test
    void cacheSetClearsPreviousDrop() throws Exception {
        MemoryDevice d = dynamicDevice(listener);
        d.cacheSet(CacheEntry.dropping(mac(2)));

        d.cacheSet(CacheEntry.to(mac(2), target(7)));
        d.transmit(frameTo(mac(2), 1));

        assertEquals(Optional.of(CacheEntry.to(mac(2), target(7))), d.cacheGet(mac(2)));
        assertEquals(1, d.transmitted().size());
        assertEquals(0, d.stats().framesDropped());
    }

    @Test
    void cacheSetDropLeavesQueuedFramesToTheOutstandingLookup() throws Exception {
        MemoryDevice d = dynamicDevice(listener);
        d.transmit(frameTo(mac(2), 1));

        d.cacheSet(CacheEntry.dropping(mac(2)));

        assertEquals(1, d.pendingFrames(mac(2)));
        listener.only().drop();
        assertEquals(0, d.pendingFrames(mac(2)));
        assertEquals(1, d.stats().dropped(DropReason.DROP_ANSWER));
    }

    @Test
    void cacheRemoveInvalidatesTheEntrySoTheNextFrameAsksAgain() throws Exception {
        MemoryDevice d = dynamicDevice(listener);
        d.cacheSet(CacheEntry.to(mac(2), target(7)));

        d.cacheRemove(mac(2));
        d.transmit(frameTo(mac(2), 1));

        assertEquals(Optional.empty(), d.cacheGet(mac(2)));
        assertEquals(1, listener.count());
        assertEquals(1, d.pendingFrames(mac(2)));
    }

    @Test
    void cacheRemoveOfAnUnknownMacIsNoSuchEntry() throws Exception {
        MemoryDevice d = dynamicDevice(listener);

        assertErrno(Errno.ENOENT, () -> d.cacheRemove(mac(2)));
    }

    @Test
    void cacheRemoveClearsDrop() throws Exception {
        MemoryDevice d = dynamicDevice(listener);
        d.cacheSet(CacheEntry.dropping(mac(2)));

        d.cacheRemove(mac(2));

        assertTrue(d.cacheEntries().isEmpty());
    }

    @Test
    void cacheRemoveKeepsAnOutstandingLookup() throws Exception {
        MemoryDevice d = dynamicDevice(listener);
        d.transmit(frameTo(mac(2), 1));
        d.cacheSet(CacheEntry.to(mac(2), target(7)));
        d.cacheRemove(mac(2));

        d.transmit(frameTo(mac(2), 2));
        listener.only().respond(target(8));

        assertEquals(
                List.of(target(7), target(8)),
                d.transmitted().stream().map(t -> t.target()).toList());
    }

    @Test
    void cacheFlushInvalidatesEveryEntry() throws Exception {
        MemoryDevice d = dynamicDevice(listener);
        d.cacheSet(CacheEntry.to(mac(2), target(7)));
        d.cacheSet(CacheEntry.dropping(mac(3)));

        d.cacheFlush();

        assertTrue(d.cacheEntries().isEmpty());
        d.transmit(frameTo(mac(3), 1));
        assertEquals(1, listener.count(), "a flushed drop entry asks again");
    }

    @Test
    void aFlushedEntryTakesTheDestinationOfItsNextAnswer() throws Exception {
        MemoryDevice d = dynamicDevice(listener);
        d.transmit(frameTo(mac(2), 1));
        listener.last().respond(target(7));
        d.cacheFlush();
        d.transmit(frameTo(mac(2), 2));
        listener.last().respond(target(8));
        d.cacheFlush();
        d.transmit(frameTo(mac(2), 3));
        listener.last().respond(target(8));

        assertEquals(Optional.of(CacheEntry.to(mac(2), target(8))), d.cacheGet(mac(2)));
        assertEquals(
                List.of(target(7), target(8), target(8)),
                d.transmitted().stream().map(t -> t.target()).toList());
    }

    @Test
    void iterationSkipsInvalidEntriesInMacOrder() throws Exception {
        MemoryDevice d = dynamicDevice(listener);
        MacAddress high = MacAddress.of(0xfe00_0000_0001L);
        d.cacheSet(CacheEntry.to(high, target(1)));
        d.cacheSet(CacheEntry.dropping(mac(9)));
        d.cacheSet(CacheEntry.to(mac(3), target(3)));
        d.cacheSet(CacheEntry.to(mac(5), target(5)));
        d.cacheRemove(mac(5));
        d.transmit(frameTo(mac(4), 1));

        assertEquals(
                List.of(CacheEntry.to(mac(3), target(3)), CacheEntry.dropping(mac(9)), CacheEntry.to(high, target(1))),
                d.cacheEntries());
    }
}
