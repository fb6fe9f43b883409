// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

/**
 * Values shared by every part of varpd: MAC addresses, underlay destinations, the lookup request a device hands to
 * core, and the one exception type that carries an errno-style code.
 *
 * <p>Theory: illumos varpd passes fixed-layout C structs between the kernel, libvarpd and plugins. Here those structs
 * become small immutable value classes, so they can cross threads and bundles freely; byte layouts matter only inside
 * the bridges that talk to a real kernel.
 *
 * <p>1.1 adds {@link io.varpd.api.Errno#EHOSTUNREACH}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.varpd.api;
