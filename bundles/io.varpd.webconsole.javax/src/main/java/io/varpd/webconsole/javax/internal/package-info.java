// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

/**
 * The varpd page for Felix Web Console 4, the javax console of Apache Karaf 4.4 (Karaf's {@code webconsole} feature)
 * and what is built on it.
 *
 * <p>Theory. The page is written once, servlet-independent, in package {@code io.varpd.webconsole.internal.dashboard}
 * of io.varpd.webconsole ({@code ConsolePage}, {@code Dashboard} and its views), with its script, styles and uPlot
 * under {@code res/}; bnd copies that package into this bundle as a private package and the build copies {@code res/},
 * so this bundle imports only javax.servlet and needs neither io.varpd.webconsole nor any Jakarta package at run time.
 * {@link io.varpd.webconsole.javax.internal.OverlayConsolePlugin} only registers and adapts. Login, roles and the
 * console's own pages are the console's (in Karaf: JAAS realm {@code karaf}, role {@code admin}); the guard of
 * io.varpd.http.javax stands in front of it all.
 */
package io.varpd.webconsole.javax.internal;
