// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.memory.internal;

import io.varpd.api.TargetPoint;
import java.util.ArrayList;
import java.util.List;

/**
 * The effects of one device operation, decided under the device lock and carried out after it is released: frames to
 * send and misses to report. A single-frame operation raises at most one miss (a new or invalid entry asks once; a drop
 * answer asks again about the next frame) and nearly always sends at most one frame, so the first of each has a field
 * of its own and only further ones take a list; with the whole operation inlined the JIT can then keep this object out
 * of the heap altogether. A burst ({@link MemoryOverlayDevice#transmitAll}) is one operation that may raise a miss per
 * frame; its further misses take the list.
 */
final class Deferred {
    private TargetPoint firstTarget;
    private byte[] firstFrame;
    /** Sends after the first, in order: target, frame, target, frame, ... */
    private List<Object> more;

    private MemoryLookup miss;
    /** Misses after the first, in the order raised; null until a second one. */
    private List<MemoryLookup> moreMisses;

    void send(TargetPoint target, byte[] frame) {
        if (firstFrame == null) {
            firstTarget = target;
            firstFrame = frame;
            return;
        }
        if (more == null) {
            more = new ArrayList<>();
        }
        more.add(target);
        more.add(frame);
    }

    void report(MemoryLookup lookup) {
        if (miss == null) {
            miss = lookup;
            return;
        }
        if (moreMisses == null) {
            moreMisses = new ArrayList<>();
        }
        moreMisses.add(lookup);
    }

    /** The first miss to report, or null when there is none. */
    MemoryLookup miss() {
        return miss;
    }

    /** How many misses to report. */
    int missCount() {
        return miss == null ? 0 : 1 + (moreMisses == null ? 0 : moreMisses.size());
    }

    /** Every miss to report, in the order raised, as a new list. */
    List<MemoryLookup> misses() {
        List<MemoryLookup> all = new ArrayList<>(missCount());
        if (miss != null) {
            all.add(miss);
            if (moreMisses != null) {
                all.addAll(moreMisses);
            }
        }
        return all;
    }

    /** How many frames to send. */
    int sends() {
        return firstFrame == null ? 0 : 1 + (more == null ? 0 : more.size() / 2);
    }

    /** The target of send {@code i}, 0 &lt;= i &lt; {@link #sends()}. */
    TargetPoint target(int i) {
        return i == 0 ? firstTarget : (TargetPoint) more.get(2 * i - 2);
    }

    /** The frame of send {@code i}, 0 &lt;= i &lt; {@link #sends()}. */
    byte[] frame(int i) {
        return i == 0 ? firstFrame : (byte[]) more.get(2 * i - 1);
    }
}
