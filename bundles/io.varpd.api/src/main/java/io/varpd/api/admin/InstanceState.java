// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.api.admin;

/** Where an overlay instance is in its life, as operators see it. */
public enum InstanceState {
    /** Configured, but its plugin or its device provider is not (yet) present. */
    WAITING,
    /** Activated and answering; its status may still be degraded. */
    ACTIVE,
    /** The configuration could not be applied; the detail says why. Other instances are unaffected. */
    ERROR
}
