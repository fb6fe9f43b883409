// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.http.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * One HTTP request and its response, as a servlet adapter presents them to the servlet-independent code of this package
 * (the guard, the API, the error answers). The Jakarta adapters ({@code io.varpd.http.internal.jakarta}) and the javax
 * ones (bundle io.varpd.http.javax) each implement it over their servlet API's request and response; nothing here knows
 * which.
 */
public interface HttpExchange {
    String method();

    String scheme();

    /** The request header's first value, or null. */
    String header(String name);

    String remoteAddress();

    /** The path as the client sent it, without the query. */
    String requestUri();

    /** The path below the servlet, or null. */
    String pathInfo();

    /** The context path and servlet path: where the servlet's own paths start. */
    String basePath();

    String contentType();

    /** The declared body length, or -1. */
    long contentLength();

    Map<String, String[]> parameters();

    InputStream body() throws IOException;

    Object attribute(String name);

    void setAttribute(String name, Object value);

    /** The response status set so far. */
    int status();

    boolean committed();

    void setHeader(String name, String value);

    void addHeader(String name, String value);

    /**
     * Replaces whatever was buffered with {@code status} and {@code body} of {@code contentType} (when not null) and
     * flushes it; the headers set before stay.
     */
    void send(int status, String contentType, byte[] body) throws IOException;
}
