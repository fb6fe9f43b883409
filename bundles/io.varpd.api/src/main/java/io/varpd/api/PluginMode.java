// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.api;

/** How a plugin answers (the kernel's {@code OVERLAY_TARGET_*}). */
public enum PluginMode {
    /** One destination for every frame, given once when the instance is activated. */
    POINT,
    /** A destination per destination MAC, looked up on every target-cache miss. */
    DYNAMIC
}
