// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.http.internal;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Minimal stand-ins for the servlet request and response: only the methods the API uses are answered; any other call
 * fails the test loudly (UnsupportedOperationException), so a new dependency on the container cannot slip in unnoticed.
 */
public final class HttpFakes {
    private HttpFakes() {}

    /** A request being described; {@link #build()} makes the HttpServletRequest. */
    static final class Request {
        final String method;
        final String pathInfo;
        final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        final Map<String, Object> attributes = new HashMap<>();
        /** Query parameters by name, each with its values in order, as a container decodes them. */
        final Map<String, List<String>> parameters = new LinkedHashMap<>();

        byte[] body = new byte[0];
        String scheme = "http";
        String remoteAddr = "127.0.0.1";
        /** The context path the request was addressed to (the API's unless changed). */
        String contextPath = "/varpd/api";

        Request(String method, String pathInfo) {
            this.method = method;
            this.pathInfo = pathInfo;
        }

        /** Adds a value of the query parameter {@code name} (repeat it for a repeated parameter). */
        Request param(String name, String value) {
            parameters.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            return this;
        }

        Request header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** A JSON body with Content-Type application/json. */
        Request json(String text) {
            header("Content-Type", "application/json");
            return body(text);
        }

        Request body(String text) {
            body = text.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        HttpServletRequest build() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            ServletInputStream sin = new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener l) {
                    throw new UnsupportedOperationException();
                }
            };
            return (HttpServletRequest) Proxy.newProxyInstance(
                    HttpFakes.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> {
                        switch (m.getName()) {
                            case "getMethod":
                                return method;
                            case "getPathInfo":
                                return pathInfo;
                            case "getContextPath":
                                return contextPath;
                            case "getRequestURI":
                                return contextPath + (pathInfo == null ? "" : pathInfo);
                            case "getScheme":
                                return scheme;
                            case "getRemoteAddr":
                                return remoteAddr;
                            case "getContentLengthLong":
                                String length = headers.get("Content-Length");
                                return length == null ? -1L : Long.parseLong(length);
                            case "getServletPath":
                                return "";
                            case "getHeader":
                                return headers.get((String) args[0]);
                            case "getContentType":
                                return headers.get("Content-Type");
                            case "getInputStream":
                                return sin;
                            case "getParameterMap":
                                Map<String, String[]> map = new LinkedHashMap<>();
                                parameters.forEach((k, v) -> map.put(k, v.toArray(new String[0])));
                                return map;
                            case "getAttribute":
                                return attributes.get((String) args[0]);
                            case "setAttribute":
                                attributes.put((String) args[0], args[1]);
                                return null;
                            case "toString":
                                return method + " " + pathInfo;
                            default:
                                throw new UnsupportedOperationException("fake request: " + m.getName());
                        }
                    });
        }
    }

    /** Records what the code under test answered. */
    /** A response that records what a servlet set; public for the other servlet bundles' tests (test-jar). */
    public static final class Response {
        public int status = 200;
        public final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        public final ByteArrayOutputStream body = new ByteArrayOutputStream();
        String contentType;
        /** Set by flushBuffer, as a container commits a response when its buffer is flushed. */
        public boolean committed;

        public String body() {
            return body.toString(StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.get(name);
        }

        public HttpServletResponse build() {
            ServletOutputStream sout = new ServletOutputStream() {
                @Override
                public void write(int b) {
                    body.write(b);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener l) {
                    throw new UnsupportedOperationException();
                }
            };
            return (HttpServletResponse) Proxy.newProxyInstance(
                    HttpFakes.class.getClassLoader(), new Class<?>[] {HttpServletResponse.class}, (proxy, m, args) -> {
                        switch (m.getName()) {
                            case "setStatus":
                                status = (Integer) args[0];
                                return null;
                            case "setHeader":
                            case "addHeader":
                                headers.put((String) args[0], (String) args[1]);
                                return null;
                            case "setContentType":
                                contentType = (String) args[0];
                                headers.put("Content-Type", contentType);
                                return null;
                            case "setContentLength":
                                headers.put("Content-Length", String.valueOf(args[0]));
                                return null;
                            case "getOutputStream":
                                return sout;
                            case "getStatus":
                                return status;
                            case "getHeader":
                                return headers.get((String) args[0]);
                            case "isCommitted":
                                return committed;
                            case "flushBuffer":
                                committed = true;
                                return null;
                            case "resetBuffer":
                                if (committed) {
                                    throw new IllegalStateException("resetBuffer after commit");
                                }
                                body.reset();
                                return null;
                            case "reset":
                                if (committed) {
                                    throw new IllegalStateException("reset after commit");
                                }
                                body.reset();
                                headers.clear();
                                status = 200;
                                return null;
                            case "toString":
                                return "response " + status;
                            default:
                                throw new UnsupportedOperationException("fake response: " + m.getName());
                        }
                    });
        }
    }
}
