package io.varpd.overlay.memory.internal;

import io.varpd.api.TargetPoint;
import java.util.ArrayList;
import java.util.List;

/**
 * The effects of one device operation, decided under the device lock and carried out after it is
 * released: frames to send and the miss to report. An operation raises at most one miss (a new or
 * invalid entry asks once; a drop answer asks again about the next frame), and nearly always sends
 * at most one frame, so both have fields of their own and only further sends take a list; with
 * the whole operation inlined the JIT can then keep this object out of the heap altogether.
 */
final class Deferred {
    private TargetPoint firstTarget;
    private byte[] firstFrame;
    /** Sends after the first, in order: target, frame, target, frame, ... */
    private List<Object> more;
    private MemoryLookup miss;

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
        if (miss != null) {
            throw new IllegalStateException("one operation raised two misses: " + miss + ", " + lookup);
        }
        miss = lookup;
    }

    /** The miss to report, or null. */
    MemoryLookup miss() {
        return miss;
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
