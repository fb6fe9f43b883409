// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.memory;

import io.varpd.api.TargetPoint;
import java.util.Objects;

/**
 * One frame a memory device sent out to an underlay destination. As with any record holding an array, equality compares
 * the frame by identity; compare {@link #frame()} contents explicitly.
 *
 * @param target where the frame went
 * @param frame the Ethernet frame as the guest sent it (not encapsulated)
 */
public record Transmission(TargetPoint target, byte[] frame) {
    public Transmission {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(frame, "frame");
    }
}
