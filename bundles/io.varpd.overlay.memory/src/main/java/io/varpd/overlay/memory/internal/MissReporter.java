// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.memory.internal;

import io.varpd.api.device.DeviceListener;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a device's misses to its listener, never under the device lock. Core may answer from inside
 * {@link DeviceListener#lookup}, and a drop answer with frames left asks again at once; a miss raised on a thread that
 * is already reporting is therefore queued behind the current one and reported by the outer call, so one drop per
 * queued frame is a loop, not a recursion. The misses of a burst are fresh together and go to
 * {@link DeviceListener#lookupAll} in one call (when nested, they join the backlog like any other).
 *
 * <p>Knowing whether this thread is already reporting is a per-thread question asked for every miss. The common case,
 * one thread reporting at a time, is answered by one owner slot: the first reporter takes it with a compare-and-set and
 * keeps its backlog in a deque only it touches. A thread that finds the slot taken by another (several guests missing
 * at once) keeps its backlog in a map by thread instead, so the per-frame path needs neither a thread-local nor an
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
        reportFresh(miss, null);
    }

    /**
     * Reports {@code misses}, just raised together by this thread, with one {@link DeviceListener#lookupAll}; when
     * nested, they are queued behind the current miss like any other and reported one by one after it. An empty list
     * reports nothing.
     */
    void reportAll(List<MemoryLookup> misses) {
        if (!misses.isEmpty()) {
            reportFresh(null, misses);
        }
    }

    /** Reports {@code one}, or when it is null the batch {@code many}: both fresh from this thread. */
    private void reportFresh(MemoryLookup one, List<MemoryLookup> many) {
        Thread me = Thread.currentThread();
        if (owner.get() == me) {
            queue(ownerBacklog, one, many);
            return;
        }
        ArrayDeque<MemoryLookup> mine = others.isEmpty() ? null : others.get(me);
        if (mine != null) {
            queue(mine, one, many);
            return;
        }
        if (owner.compareAndSet(null, me)) {
            try {
                drain(one, many, ownerBacklog);
            } finally {
                ownerBacklog.clear(); // not empty only if the listener threw an Error
                owner.lazySet(null);
            }
            return;
        }
        mine = new ArrayDeque<>();
        others.put(me, mine);
        try {
            drain(one, many, mine);
        } finally {
            others.remove(me);
        }
    }

    private static void queue(ArrayDeque<MemoryLookup> backlog, MemoryLookup one, List<MemoryLookup> many) {
        if (one != null) {
            backlog.addLast(one);
        } else {
            backlog.addAll(many);
        }
    }

    /**
     * Reports the fresh miss or batch, then whatever was raised meanwhile. The fresh ones were raised just now by this
     * thread; the backlog waited, so each is checked before it is reported.
     */
    private void drain(MemoryLookup one, List<MemoryLookup> many, ArrayDeque<MemoryLookup> backlog) {
        if (one != null) {
            deliver(one);
        } else {
            deliverAll(many);
        }
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

    private void deliverAll(List<MemoryLookup> misses) {
        try {
            // A view, so a listener that edits the list cannot hide a miss from the clean-up below.
            listener.lookupAll(Collections.unmodifiableList(misses));
        } catch (RuntimeException e) {
            // As in deliver, but the listener may have answered some before it failed: only the
            // ones still unanswered are dropped, so no answer is counted as ignored.
            LOG.warn(
                    "{}: the device listener failed on a batch of {} misses; dropping the frames of those"
                            + " not answered",
                    link,
                    misses.size(),
                    e);
            for (MemoryLookup miss : misses) {
                miss.dropIfUnanswered();
            }
        }
    }
}
