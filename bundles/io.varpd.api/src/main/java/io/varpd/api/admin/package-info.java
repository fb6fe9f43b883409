// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

/**
 * The management API core exports to operator surfaces (shell, HTTP API, web console, health).
 *
 * <p>Theory: Configuration Admin is the source of truth. Creating, modifying and deleting an overlay through
 * {@link io.varpd.api.admin.VarpdAdmin} writes factory configurations, exactly as a {@code .cfg} file or the web
 * console form would; core applies them and reports what happened as each instance's state. The read side (instances,
 * properties, target tables) shows the live instances. So every surface, and every file, always agrees.
 *
 * <p>1.2 adds publishing guests by hand ({@link io.varpd.api.admin.VarpdAdmin#publish},
 * {@link io.varpd.api.admin.VarpdAdmin#withdraw}, {@link io.varpd.api.admin.VarpdAdmin#published}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package io.varpd.api.admin;
