// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

/**
 * A tiny plugin bundle that FileInstallIT packs into a jar at test time and drops into the watched directory: a
 * {@code BundleActivator} registering the DYNAMIC plugin {@code hot}.
 *
 * <p>Everything in this package goes into that jar and is loaded there by the bundle's own class loader, so it may use
 * only {@code java.*}, {@code org.osgi.framework} and {@code io.varpd.api.*} (the jar's imports), never other test
 * classes.
 */
package io.varpd.itest.hotplugin;
