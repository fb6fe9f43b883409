// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

/**
 * The management service ({@code VarpdAdmin}): dladm's overlay operations for the shell, the HTTP API and the web
 * console.
 *
 * <h2>Theory</h2>
 *
 * <p>Nothing here changes an instance directly. A create, modify or delete is written as a Configuration Admin change
 * and then read back from the reconciler's records, so every surface goes through the same path as a {@code .cfg} file
 * and gets the same answer: applied, or refused with a message that starts with the overlay's link. Cache operations
 * ({@code show-overlay -t}, {@code modify-overlay -s}) go to the instance's device; their destination syntax is
 * dladm's, with IPv6 written in brackets ({@link io.varpd.core.internal.admin.TargetSyntax}). A diagnostic lookup must
 * not change the target table, which {@link io.varpd.core.internal.admin.TargetTableGuard} ensures. In an appliance,
 * overlays created here are also written as files in its {@code etc/} folder
 * ({@link io.varpd.core.internal.admin.EtcFiles}) so they survive a clean start.
 */
package io.varpd.core.internal.admin;
