// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.memory;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * A snapshot of one memory device's counters. Once the device is quiet (no transmit or answer in progress), every
 * transmitted frame is accounted for exactly once: {@code framesTransmitted == framesSent + framesDropped() +
 * pendingFrames}.
 *
 * @param framesTransmitted frames that entered the transmit path (guest transmits and resends)
 * @param framesSent frames sent to an underlay target
 * @param framesDelivered frames delivered up to the local guests (injects and peer frames)
 * @param missesReported lookups handed to the device listener
 * @param drops dropped frames by reason; every reason is present
 * @param pendingFrames frames queued now, waiting for lookup answers
 * @param pendingBytes the bytes of those frames
 * @param ignoredAnswers lookup answers that came after the lookup was already answered or released
 */
public record MemoryDeviceStats(
        long framesTransmitted,
        long framesSent,
        long framesDelivered,
        long missesReported,
        Map<DropReason, Long> drops,
        int pendingFrames,
        long pendingBytes,
        long ignoredAnswers) {
    public MemoryDeviceStats {
        EnumMap<DropReason, Long> all = new EnumMap<>(DropReason.class);
        for (DropReason r : DropReason.values()) {
            all.put(r, drops.getOrDefault(r, 0L));
        }
        drops = Collections.unmodifiableMap(all);
    }

    /** Frames dropped for {@code reason}. */
    public long dropped(DropReason reason) {
        return drops.get(reason);
    }

    /** Frames dropped for any reason. */
    public long framesDropped() {
        return drops.values().stream().mapToLong(Long::longValue).sum();
    }
}
