// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

/**
 * The JSON HTTP API of varpd: dladm's overlay commands over HTTP, and the guard in front of everything served over
 * HTTP. This package knows no servlet API.
 *
 * <p>Theory. Every operator surface of varpd is a thin skin over one service, core's
 * {@link io.varpd.api.admin.VarpdAdmin}; this package is the HTTP skin, written once for both servlet APIs (see
 * docs/servlet-apis.md). A servlet adapter presents each request and its response as an
 * {@link io.varpd.http.internal.HttpExchange}; the Jakarta Servlet Whiteboard registrations of our runtime are in
 * {@code io.varpd.http.internal.jakarta}, the javax HTTP Whiteboard ones for Karaf in bundle io.varpd.http.javax, which
 * carries a private copy of this package. Each side registers four whiteboard services:
 *
 * <ul>
 *   <li>a preprocessor, which hands every request to the {@link io.varpd.http.internal.Guard} before any login check:
 *       it refuses state-changing requests from other origins ({@link io.varpd.http.internal.CrossOriginCheck}, the
 *       CSRF defence of the console and the API), oversized declared bodies (413) and logins after repeated failures
 *       ({@link io.varpd.http.internal.LoginThrottle}, 429), logs failed logins, puts anti-framing headers on every
 *       answer (which no servlet can loosen) and makes error pages plain text;
 *   <li>a filter in every servlet context, which turns a servlet's exception into a plain 500 with a reference (no
 *       stack trace to the client) and an aborted or stalled request body into one log line
 *       ({@link io.varpd.http.internal.ErrorAnswers});
 *   <li>a servlet context named {@value io.varpd.http.internal.ApiDoor#CONTEXT_NAME} at
 *       {@value io.varpd.http.internal.ApiDoor#CONTEXT_PATH}, whose {@code handleSecurity} is the
 *       {@link io.varpd.http.internal.ApiDoor}, the only door: HTTP Basic checked by an
 *       {@link io.varpd.http.internal.Authenticator}. In our runtime that is the Felix Web Console's own account
 *       ({@link io.varpd.http.internal.ApiAuthenticator}; Configuration Admin PID
 *       {@value io.varpd.http.internal.ConsoleAccountReader#CONSOLE_PID}, falling back to the console's framework
 *       properties as the console itself does), so the API is exactly as well protected as the console, and never
 *       better known: while that account still has no password or the well-known default {@code admin}, the door stays
 *       shut for everyone. In Karaf it is a JAAS realm and role ({@link io.varpd.http.internal.JaasAuthenticator}:
 *       {@code karaf}, {@code admin}).
 *   <li>the API servlet, which selects only that context, so it cannot be reached without passing the door: if the
 *       context is missing, the whiteboard leaves the servlet unregistered rather than exposing it elsewhere. It hands
 *       every request to {@link io.varpd.http.internal.OverlayApi}.
 * </ul>
 *
 * <p>A request flows: the whiteboard matches {@code /varpd/api/*}; the door checks the credentials (401 and a JSON
 * error otherwise); the API parses the path into an {@link io.varpd.http.internal.ApiRoute} (404 when nothing matches,
 * 405 for a method the route lacks), refuses bodies that are not {@code application/json} (415; a second CSRF defence
 * behind the guard's: an HTML form cannot send that type cross-site without a CORS preflight, which this API never
 * answers), parses the body strictly ({@link io.varpd.http.internal.RequestBodies}, 400 naming the problem) and the
 * lookup's query just as strictly ({@link io.varpd.http.internal.LookupParameters}), calls VarpdAdmin, and renders the
 * answer ({@link io.varpd.http.internal.JsonViews}). A {@link io.varpd.api.VarpdException} becomes {@code {"error":
 * errno, "message": text}} with the status of {@link io.varpd.http.internal.ErrnoStatus}; every other error this bundle
 * reports uses the same shape and the same errno vocabulary, so a client needs one error parser.
 *
 * <p>Apart from the guard's failed-login counts and the set of origins already logged, nothing here keeps state between
 * requests: the console account is re-read from Configuration Admin on each request (so a password change applies at
 * once), and every answer comes from VarpdAdmin, which is the source of truth.
 */
package io.varpd.http.internal;
