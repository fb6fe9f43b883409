// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.memory.internal;

import java.util.ArrayDeque;

/**
 * The frames queued on one target-cache entry while a lookup about them is outstanding, oldest first, with their byte
 * count. Guarded by the owning device's lock.
 *
 * <p>Nearly every queue holds one frame (the one that missed) until the answer sends it, so the head has a field of its
 * own and the deque for the rest exists only once a second frame waits: a miss then costs one small object instead of a
 * deque and its array.
 */
final class PendingFrames {
    private byte[] head;
    /** The frames behind the head; null until a second frame is queued. */
    private ArrayDeque<byte[]> rest;

    private int count;
    private long bytes;

    /** Queues {@code frame} unless the queue would then hold more than {@code capBytes}. */
    boolean offer(byte[] frame, long capBytes) {
        if (bytes + frame.length > capBytes) {
            return false;
        }
        if (count == 0) {
            head = frame;
        } else {
            if (rest == null) {
                rest = new ArrayDeque<>();
            }
            rest.addLast(frame);
        }
        count++;
        bytes += frame.length;
        return true;
    }

    /** The head frame, or null when none is queued. */
    byte[] head() {
        return head;
    }

    /** Removes and returns the head frame, or null when none is queued. */
    byte[] poll() {
        byte[] f = head;
        if (f == null) {
            return null;
        }
        head = rest == null ? null : rest.pollFirst();
        count--;
        bytes -= f.length;
        return f;
    }

    int count() {
        return count;
    }

    long bytes() {
        return bytes;
    }
}
