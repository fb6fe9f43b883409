// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.api.device;

import io.varpd.api.LookupRequest;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;

/**
 * One outstanding miss of a device (the kernel's lookup request and the ioctls keyed by its request id). Implemented by
 * the device. Core answers it exactly once with {@link #respond} or {@link #drop}; the frame operations are valid only
 * until then.
 */
public interface DeviceLookup {
    /** The largest frame varpd copies, injects or resends: 1514 + a 4-byte VLAN tag. */
    int MAX_FRAME = 1518;

    /** What the miss says about the head frame. */
    LookupRequest request();

    /**
     * A copy of the head frame, at most {@link #MAX_FRAME} bytes ({@code OVERLAY_TARG_PKT}).
     *
     * @throws VarpdException ENOTSUP when the device reports misses without frames (Linux), EINVAL when no frame is
     *     queued any more
     */
    byte[] frame() throws VarpdException;

    /** Delivers a frame up to the local receivers of the device ({@code OVERLAY_TARG_INJECT}). */
    void inject(byte[] frame) throws VarpdException;

    /** Sends a frame out through the device, with a fresh cache lookup ({@code OVERLAY_TARG_RESEND}). */
    void resend(byte[] frame) throws VarpdException;

    /** Installs {@code target} for the destination and sends the queued frames. */
    void respond(TargetPoint target);

    /** Drops the head frame; a device that still holds frames asks again. */
    void drop();
}
