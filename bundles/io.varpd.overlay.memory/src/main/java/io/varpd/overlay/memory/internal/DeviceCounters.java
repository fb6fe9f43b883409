// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.memory.internal;

import io.varpd.overlay.memory.DropReason;
import io.varpd.overlay.memory.MemoryDeviceStats;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of one device. All but {@link #delivered} are plain fields guarded by the device lock: every decision
 * they count is made under it anyway, and an atomic per counter would add several locked instructions to each frame.
 */
final class DeviceCounters {
    private static final DropReason[] REASONS = DropReason.values();

    long transmitted;
    long sent;
    long misses;
    long ignoredAnswers;
    private final long[] drops = new long[REASONS.length];
    /** Counted where frames go up to the guests, outside the device lock. */
    final LongAdder delivered = new LongAdder();

    void dropped(DropReason reason) {
        drops[reason.ordinal()]++;
    }

    void dropped(DropReason reason, int frames) {
        drops[reason.ordinal()] += frames;
    }

    /** Under the device lock. */
    MemoryDeviceStats snapshot(int pendingFrames, long pendingBytes) {
        Map<DropReason, Long> d = new EnumMap<>(DropReason.class);
        for (DropReason r : REASONS) {
            d.put(r, drops[r.ordinal()]);
        }
        return new MemoryDeviceStats(
                transmitted, sent, delivered.sum(), misses, d, pendingFrames, pendingBytes, ignoredAnswers);
    }
}
