package io.varpd.overlay.memory.internal;

import io.varpd.overlay.memory.DropReason;
import io.varpd.overlay.memory.MemoryDeviceStats;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** The counters of one device; updated from any thread without the device lock. */
final class DeviceCounters {
    final LongAdder transmitted = new LongAdder();
    final LongAdder sent = new LongAdder();
    final LongAdder delivered = new LongAdder();
    final LongAdder misses = new LongAdder();
    final LongAdder ignoredAnswers = new LongAdder();
    private final Map<DropReason, LongAdder> drops = new EnumMap<>(DropReason.class);

    DeviceCounters() {
        for (DropReason r : DropReason.values()) {
            drops.put(r, new LongAdder());
        }
    }

    void dropped(DropReason reason) {
        drops.get(reason).increment();
    }

    void dropped(DropReason reason, int frames) {
        drops.get(reason).add(frames);
    }

    MemoryDeviceStats snapshot(int pendingFrames, long pendingBytes) {
        Map<DropReason, Long> d = new EnumMap<>(DropReason.class);
        drops.forEach((r, n) -> d.put(r, n.sum()));
        return new MemoryDeviceStats(transmitted.sum(), sent.sum(), delivered.sum(), misses.sum(), d,
                pendingFrames, pendingBytes, ignoredAnswers.sum());
    }
}
