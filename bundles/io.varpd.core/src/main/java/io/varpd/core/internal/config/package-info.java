// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

/**
 * Reading the overlay configurations out of Configuration Admin.
 *
 * <h2>Theory</h2>
 *
 * <p>An overlay is a factory configuration whose factory PID is {@code io.varpd.overlay.<plugin>}. This package only
 * finds and reads them; what they mean is decided by the reconciler ({@code instance}) and how their values are parsed
 * by {@code property}. Configuration Admin cannot refuse a write, so nothing here validates: a bad configuration is
 * still read, and the reconciler reports it on the overlay's status.
 */
package io.varpd.core.internal.config;
