// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

/**
 * The HTTP API and the HTTP guard of varpd on the javax HTTP Whiteboard 1.1, for OSGi containers that speak the javax
 * Servlet API: Apache Karaf 4.4 (Pax Web 8) and what is built on it.
 *
 * <p>Theory. Everything that decides lives once, servlet-independent, in package {@code io.varpd.http.internal} of
 * io.varpd.http (the {@code Guard}, the {@code OverlayApi}, the {@code ApiDoor}, the {@code ErrorAnswers}); bnd copies
 * that package into this bundle as a private package, so this bundle imports only javax.servlet and needs neither
 * io.varpd.http nor any Jakarta package at run time. The classes here only register and adapt, one per whiteboard
 * service, as their Jakarta twins in {@code io.varpd.http.internal.jakarta} do:
 * {@link io.varpd.http.javax.internal.HttpGuard} (a preprocessor in front of every request, the console's included),
 * {@link io.varpd.http.javax.internal.ServletErrorFilter} (no stack trace to a client),
 * {@link io.varpd.http.javax.internal.ApiContextHelper} (the API's context and its door) and
 * {@link io.varpd.http.javax.internal.OverlayApiServlet}. The one difference is who may log in: our runtime checks the
 * web console's account; here the door asks a JAAS realm and a role (Karaf's {@code karaf} and {@code admin} by
 * default), so the API has no account of its own. Install this bundle or io.varpd.http, never both: both register the
 * context {@code varpd.api}.
 */
package io.varpd.http.javax.internal;
