package io.varpd.overlay.memory.internal;

import io.varpd.api.device.DeviceListener;
import java.util.ArrayDeque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a device's misses to its listener, never under the device lock. Core may answer from
 * inside {@link DeviceListener#lookup}, and a drop answer with frames left asks again at once; a
 * miss raised on a thread that is already reporting is therefore queued behind the current one
 * and reported by the outer call, so one drop per queued frame is a loop, not a recursion.
 */
final class MissReporter {
    private static final Logger LOG = LoggerFactory.getLogger(MissReporter.class);

    private final String link;
    private final DeviceListener listener;
    private final DeviceCounters counters;
    private final ThreadLocal<ArrayDeque<MemoryLookup>> reporting = new ThreadLocal<>();

    MissReporter(String link, DeviceListener listener, DeviceCounters counters) {
        this.link = link;
        this.listener = listener;
        this.counters = counters;
    }

    void report(List<MemoryLookup> misses) {
        if (misses.isEmpty()) {
            return;
        }
        ArrayDeque<MemoryLookup> queue = reporting.get();
        if (queue != null) {
            queue.addAll(misses);
            return;
        }
        queue = new ArrayDeque<>(misses);
        reporting.set(queue);
        try {
            for (MemoryLookup miss = queue.poll(); miss != null; miss = queue.poll()) {
                deliver(miss);
            }
        } finally {
            reporting.remove();
        }
    }

    private void deliver(MemoryLookup miss) {
        if (!miss.stillAsking()) {
            return;
        }
        counters.misses.increment();
        try {
            listener.lookup(miss);
        } catch (RuntimeException e) {
            // An unanswered miss would hold its entry PENDING forever; drop the frame instead.
            LOG.warn("{}: the device listener failed on {}; dropping its frame", link, miss, e);
            miss.drop();
        }
    }
}
