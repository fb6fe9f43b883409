// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

/**
 * Overlay settings and property values: from text or form values to typed, checked values.
 *
 * <h2>Theory</h2>
 *
 * <p>{@link io.varpd.core.internal.property.OverlaySettings} parses the common settings of an overlay and keeps every
 * prefixed property ({@code files/config}, {@code linux/netns}) raw until the instance knows its plugin and device,
 * whose descriptions say the type. {@link io.varpd.core.internal.property.PropertyValues} converts strictly: where
 * dladm accepted trailing garbage or wrapped a negative number, this refuses with EINVAL naming the property, the value
 * and what is allowed. {@link io.varpd.core.internal.property.CommonProperties} describes the properties every instance
 * has. See docs/architecture.md#properties.
 */
package io.varpd.core.internal.property;
