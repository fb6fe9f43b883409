// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

/**
 * Services known by a unique name: plugins by plugin name, device providers by device kind.
 *
 * <h2>Theory</h2>
 *
 * <p>The first service registered under a name wins; later ones are refused duplicates, kept with a reason, and the
 * oldest takes over when the winner leaves, so a plugin bundle can be replaced by a second copy without a gap. Each
 * change of a name's winner is returned to the caller, the reconciler, which starts or stops the instances that use it.
 * Not thread-safe: only the reconciler thread uses it.
 */
package io.varpd.core.internal.registry;
