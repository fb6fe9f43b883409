// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

/**
 * The Jakarta Servlet Whiteboard 2.0 registrations of io.varpd.http, for our runtime (Felix HTTP Jetty): thin adapters
 * that hand each request to the servlet-independent code of {@code io.varpd.http.internal} (see its theory), one class
 * per whiteboard service. Their javax twins, for Karaf, are in bundle io.varpd.http.javax.
 */
package io.varpd.http.internal.jakarta;
