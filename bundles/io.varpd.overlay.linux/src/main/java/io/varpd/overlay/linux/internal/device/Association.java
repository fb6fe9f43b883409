// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.device;

import io.varpd.api.PluginMode;
import io.varpd.api.TargetPoint;

/** The instance a device is bound to, and for POINT its one destination. */
record Association(long instanceId, PluginMode mode, TargetPoint point) {
    boolean isPoint() {
        return mode == PluginMode.POINT;
    }
}
