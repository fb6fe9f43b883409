package io.varpd.overlay.memory.internal;

import io.varpd.api.LookupRequest;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import io.varpd.api.device.DeviceLookup;
import java.util.Objects;

/**
 * One miss of a memory device, outstanding while its entry's {@link TargetEntry#lookup} is this
 * object. Every operation is carried out by the device, under its lock.
 */
final class MemoryLookup implements DeviceLookup {
    private final MemoryOverlayDevice device;
    final TargetEntry entry;
    private final LookupRequest request;

    MemoryLookup(MemoryOverlayDevice device, TargetEntry entry, LookupRequest request) {
        this.device = device;
        this.entry = entry;
        this.request = request;
    }

    /** Whether nothing has answered this lookup yet. Call under the device lock. */
    boolean outstanding() {
        return entry.lookup == this;
    }

    /** Whether the miss still needs reporting to the listener; see {@link TargetCache#stillAsking}. */
    boolean stillAsking() {
        return device.stillAsking(this);
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

    @Override
    public String toString() {
        return "lookup of " + request.destination() + " on vnetid " + request.vnetid();
    }
}
