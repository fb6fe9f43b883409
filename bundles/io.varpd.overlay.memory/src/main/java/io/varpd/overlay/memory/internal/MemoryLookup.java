// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.memory.internal;

import io.varpd.api.LookupRequest;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import io.varpd.api.device.DeviceLookup;
import java.util.Objects;

/**
 * One miss of a memory device: the question about the head of an entry's queued frames. It is outstanding while its
 * cache's slot {@link #slot} holds it (see {@link TargetCache}); a drop answer that leaves frames queued hands the same
 * queue to a new lookup. Every operation is carried out by the device, under its lock.
 */
final class MemoryLookup implements DeviceLookup {
    private final MemoryOverlayDevice device;
    final TargetCache cache;
    /** The destination MAC, the entry's key. */
    final long mac;
    /** The lookup's number among its cache's outstanding lookups. */
    final int slot;
    /** The entry's queued frames; the head is what this lookup asks about. */
    final PendingFrames frames;

    private final LookupRequest request;

    MemoryLookup(
            MemoryOverlayDevice device,
            TargetCache cache,
            long mac,
            int slot,
            PendingFrames frames,
            LookupRequest request) {
        this.device = device;
        this.cache = cache;
        this.mac = mac;
        this.slot = slot;
        this.frames = frames;
        this.request = request;
    }

    /** Whether nothing has answered this lookup yet. Call under the device lock. */
    boolean outstanding() {
        return cache.outstanding(this);
    }

    @Override
    public LookupRequest request() {
        return request;
    }

    @Override
    public byte[] frame() throws VarpdException {
        return device.headFrame(this);
    }

    @Override
    public void inject(byte[] frame) throws VarpdException {
        device.inject(this, frame);
    }

    @Override
    public void resend(byte[] frame) throws VarpdException {
        device.resend(this, frame);
    }

    @Override
    public void respond(TargetPoint target) {
        device.respond(this, Objects.requireNonNull(target, "target"));
    }

    @Override
    public void drop() {
        device.drop(this);
    }

    /**
     * Drops the head frame as {@link #drop} does, but only if nothing has answered this lookup yet; otherwise does
     * nothing (no ignored answer is counted). For a listener that failed.
     */
    void dropIfUnanswered() {
        device.dropIfUnanswered(this);
    }

    @Override
    public String toString() {
        return "lookup of " + request.destination() + " on vnetid " + request.vnetid();
    }
}
