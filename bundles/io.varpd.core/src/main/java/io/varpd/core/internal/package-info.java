// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

/**
 * The varpd core: libvarpd's part of illumos varpd as a Declarative Services component.
 *
 * <h2>Theory</h2>
 *
 * <p>{@link io.varpd.core.internal.VarpdCore} is the whiteboard of plugins ({@code PluginOps}) and device providers,
 * and the listener of overlay configurations. Every one of these inputs becomes a task on a single reconciler thread,
 * handed to the {@link io.varpd.core.internal.instance.InstanceManager}; so instance lifecycles never race and need no
 * locks of their own, and lookups never pass through that thread. Departures wait for their task (when a plugin's
 * unbind returns, its instances are stopped); arrivals do not. {@link io.varpd.core.internal.OverlayService} is the
 * private bridge to the management component, which applies a change and waits for its outcome. See
 * docs/architecture.md#the-cores-reconciler.
 */
package io.varpd.core.internal;
