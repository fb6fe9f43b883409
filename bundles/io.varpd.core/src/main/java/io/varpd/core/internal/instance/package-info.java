// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

/**
 * Overlay instances and the reconciler that runs them.
 *
 * <h2>Theory</h2>
 *
 * <p>{@link io.varpd.core.internal.instance.InstanceManager} compares the wanted overlays (configurations) with the
 * running {@link io.varpd.core.internal.instance.Instance}s, given which plugins and device providers are present, and
 * does the least that makes them agree. What it knows of each overlay is an immutable
 * {@link io.varpd.core.internal.instance.OverlayRecord}, replaced whole, so readers on any thread need no lock; all
 * changes run on the reconciler thread. A change is applied or refused; a refused change leaves the overlay running as
 * before.
 *
 * <p>An instance's activation undoes every earlier step when a later one fails, and its destroy answers every open
 * query before it always stops and destroys the plugin state. The {@link io.varpd.core.internal.instance.OpGate} keeps
 * plugin ops out before start and after stop; {@link io.varpd.core.internal.instance.PluginBinding} turns a plugin's
 * unexpected exception into an error of its instance only. Ids ({@link io.varpd.core.internal.instance.InstanceIds})
 * are the lowest free, kept while an overlay waits, and restored after a restart.
 */
package io.varpd.core.internal.instance;
