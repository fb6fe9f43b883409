// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.memory.internal;

import io.varpd.api.TargetPoint;

/** The simulated wire: carries a frame a device sent to {@code target} to whoever listens there. */
@FunctionalInterface
interface Underlay {
    /** A wire nobody listens on. */
    Underlay NONE = (vnetid, target, frame) -> {};

    void carry(long vnetid, TargetPoint target, byte[] frame);
}
