// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.memory;

/** Why a memory device dropped a frame; each reason has its own counter. */
public enum DropReason {
    /** Transmitted while no instance was associated (before associate, after disassociate or close). */
    NOT_ASSOCIATED,
    /** A DYNAMIC device could not parse the frame's MAC header. */
    UNPARSABLE,
    /** The destination's cache entry has the DROP flag. */
    DROP_ENTRY,
    /** Queuing the frame would have taken its entry's pending queue beyond 128 KiB. */
    QUEUE_FULL,
    /** The lookup for this frame, the head of its queue, was answered with drop. */
    DROP_ANSWER,
    /** The frame was still queued when the instance was disassociated or the device closed. */
    RELEASED
}
