package io.varpd.overlay.memory.internal;

import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import io.varpd.api.device.CacheEntry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One target-cache entry ({@code overlay_target_entry_t}): the flags, the target and the queue of
 * frames waiting for a lookup answer. Guarded by the owning device's lock.
 */
final class TargetEntry {
    final MacAddress mac;
    boolean valid;
    boolean drop;
    TargetPoint target;
    /** The outstanding lookup; the entry is PENDING exactly while this is set. */
    MemoryLookup lookup;

    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private long queuedBytes;

    TargetEntry(MacAddress mac) {
        this.mac = mac;
    }

    boolean pending() {
        return lookup != null;
    }

    /** Whether cache get and listing report the entry: VALID or DROP. */
    boolean listed() {
        return valid || drop;
    }

    CacheEntry toCacheEntry() {
        return drop ? CacheEntry.dropping(mac) : CacheEntry.to(mac, target);
    }

    /** Queues {@code frame} unless the queue would then hold more than {@code capBytes}. */
    boolean offer(byte[] frame, long capBytes) {
        if (queuedBytes + frame.length > capBytes) {
            return false;
        }
        queue.addLast(frame);
        queuedBytes += frame.length;
        return true;
    }

    /** The head frame, or null when none is queued. */
    byte[] head() {
        return queue.peekFirst();
    }

    /** Removes and returns the head frame, or null when none is queued. */
    byte[] pollHead() {
        byte[] f = queue.pollFirst();
        if (f != null) {
            queuedBytes -= f.length;
        }
        return f;
    }

    /** Removes and returns every queued frame, oldest first. */
    List<byte[]> drain() {
        List<byte[]> all = new ArrayList<>(queue);
        queue.clear();
        queuedBytes = 0;
        return all;
    }

    int queuedFrames() {
        return queue.size();
    }

    long queuedBytes() {
        return queuedBytes;
    }
}
