// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

/**
 * The "varpd" page of the Felix Web Console: overlay instances and lookup plugins at a glance, with links into the
 * console's configuration forms.
 *
 * <p>Theory. Web Console 5 takes any {@code jakarta.servlet.Servlet} service that carries
 * {@code felix.webconsole.label} as a page (its {@code JakartaServletTracker}); a plain servlet is wrapped in a
 * {@code SimplePluginAdapter}, which for a GET of an HTML path (no extension) writes the console's header, navigation
 * and footer itself and calls the servlet only for the page content, and passes other methods straight through. So this
 * bundle needs none of the console's API: {@link io.varpd.webconsole.internal.OverlayConsolePlugin} is a plain servlet
 * that writes an HTML fragment, and it depends only on {@link io.varpd.api.admin.VarpdAdmin} and the servlet API.
 * Without a web console the service is simply never picked up. Everything the page shows and does is in
 * {@code io.varpd.webconsole.internal.dashboard}, which knows no servlet API ({@code ConsolePage}); bundle
 * io.varpd.webconsole.javax registers the same page in Felix Web Console 4 (javax, Karaf's console) with a private copy
 * of that package (docs/servlet-apis.md).
 *
 * <p>The page only reads. Changes go through the console's own Configuration page, because Configuration Admin is
 * varpd's source of truth: each plugin row links to the creation form of its factory PID
 * ({@code configMgr/io.varpd.overlay.<plugin>?factoryCreate=true}, which the console's script opens as the "new
 * configuration" dialog, built from Metatype), and each instance row to its own configuration. That form posts to the
 * console, which has its own authentication; this page adds no action of its own and so no new request-forgery target.
 *
 * <p>Everything shown comes from plugins, configurations and devices, none of which is trusted to be markup:
 * {@link io.varpd.webconsole.internal.Html} escapes every value, including {@code $} and {@code \}, because the console
 * passes HTML output through a filter that expands {@code ${...}} (its i18n and page variables) and drops backslashes.
 */
package io.varpd.webconsole.internal;
