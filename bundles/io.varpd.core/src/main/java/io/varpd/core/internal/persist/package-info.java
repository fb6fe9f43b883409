// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

/**
 * What core keeps of each instance across restarts: one file per instance in its state folder.
 *
 * <h2>Theory</h2>
 *
 * <p>A {@link io.varpd.core.internal.persist.SavedInstance} is the id, the configuration PID, the plugin, the plugin's
 * saved state and the configuration the instance last ran with. {@link io.varpd.core.internal.persist.InstanceStore}
 * writes it atomically (temporary file, forced, renamed, directory forced) with a magic, a version and a SHA-256, and
 * never deletes a file that fails a check: it moves it aside and reports it on the overlay it belonged to, named by a
 * separate owner file. Unlike illumos, which kept this in a tmpfs, the state survives a reboot. See
 * docs/architecture.md#persistence.
 */
package io.varpd.core.internal.persist;
