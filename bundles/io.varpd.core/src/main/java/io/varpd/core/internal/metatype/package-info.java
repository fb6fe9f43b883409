// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

/**
 * The web console's forms for overlays, published through Metatype.
 *
 * <h2>Theory</h2>
 *
 * <p>Each present plugin gets one form for its factory PID: the common settings, the settings of every registered
 * device kind, then the plugin's writable properties. The plugin's property descriptions are read from a throwaway
 * state behind a {@link io.varpd.core.internal.metatype.DescribingHandle} that does nothing, and every field is checked
 * exactly as core checks it, so the form and a {@code .cfg} file obey one rule. Forms are published again whenever a
 * plugin or a device provider comes or goes.
 */
package io.varpd.core.internal.metatype;
