package io.varpd.overlay.memory.internal;

import io.varpd.api.device.DeviceListener;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a device's misses to its listener, never under the device lock. Core may answer from
 * inside {@link DeviceListener#lookup}, and a drop answer with frames left asks again at once; a
 * miss raised on a thread that is already reporting is therefore queued behind the current one
 * and reported by the outer call, so one drop per queued frame is a loop, not a recursion.
 *
 * <p>Knowing whether this thread is already reporting is a per-thread question asked for every
 * miss. The common case, one thread reporting at a time, is answered by one owner slot: the first
 * reporter takes it with a compare-and-set and keeps its backlog in a deque only it touches.
 * A thread that finds the slot taken by another (several guests missing at once) keeps its
 * backlog in a map by thread instead, so the per-frame path needs neither a thread-local nor an
 * allocation.
 */
final class MissReporter {
    private static final Logger LOG = LoggerFactory.getLogger(MissReporter.class);

    /** Whether a miss still needs reporting; false settles it (see {@link TargetCache#stillAsking}). */
    @FunctionalInterface
    interface StillAsking {
        boolean test(MemoryLookup miss);
    }

    private final String link;
    private final DeviceListener listener;
    private final StillAsking stillAsking;
    /** The thread running the owner's report loop, or null. */
    private final AtomicReference<Thread> owner = new AtomicReference<>();
    /** Misses the owner raised while reporting; touched only by the owner. */
    private final ArrayDeque<MemoryLookup> ownerBacklog = new ArrayDeque<>();
    /** The backlogs of other threads reporting while the owner slot is taken. */
    private final Map<Thread, ArrayDeque<MemoryLookup>> others = new ConcurrentHashMap<>();

    MissReporter(String link, DeviceListener listener, StillAsking stillAsking) {
        this.link = link;
        this.listener = listener;
        this.stillAsking = stillAsking;
    }

    /** Reports {@code miss}, just raised by this thread, now or (when nested) after the current one. */
    void report(MemoryLookup miss) {
        Thread me = Thread.currentThread();
        if (owner.get() == me) {
            ownerBacklog.addLast(miss);
            return;
        }
        ArrayDeque<MemoryLookup> mine = others.isEmpty() ? null : others.get(me);
        if (mine != null) {
            mine.addLast(miss);
            return;
        }
        if (owner.compareAndSet(null, me)) {
            try {
                drain(miss, ownerBacklog);
            } finally {
                ownerBacklog.clear(); // not empty only if the listener threw an Error
                owner.lazySet(null);
            }
            return;
        }
        mine = new ArrayDeque<>();
        others.put(me, mine);
        try {
            drain(miss, mine);
        } finally {
            others.remove(me);
        }
    }

    /**
     * Reports {@code first}, then whatever was raised meanwhile. The first was raised just now by
     * this thread; the backlog waited, so each is checked before it is reported.
     */
    private void drain(MemoryLookup first, ArrayDeque<MemoryLookup> backlog) {
        deliver(first);
        for (MemoryLookup miss = backlog.pollFirst(); miss != null; miss = backlog.pollFirst()) {
            if (stillAsking.test(miss)) {
                deliver(miss);
            }
        }
    }

    private void deliver(MemoryLookup miss) {
        try {
            listener.lookup(miss);
        } catch (RuntimeException e) {
            // An unanswered miss would hold its entry PENDING forever; drop the frame instead.
            LOG.warn("{}: the device listener failed on {}; dropping its frame", link, miss, e);
            miss.drop();
        }
    }
}
