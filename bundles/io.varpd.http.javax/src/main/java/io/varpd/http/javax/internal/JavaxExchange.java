// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.http.javax.internal;

import io.varpd.http.internal.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** A javax Servlet request and response as an {@link HttpExchange}. */
final class JavaxExchange implements HttpExchange {
    private final HttpServletRequest req;
    private final HttpServletResponse resp;

    JavaxExchange(HttpServletRequest req, HttpServletResponse resp) {
        this.req = req;
        this.resp = resp;
    }

    @Override
    public String method() {
        return req.getMethod();
    }

    @Override
    public String scheme() {
        return req.getScheme();
    }

    @Override
    public String header(String name) {
        return req.getHeader(name);
    }

    @Override
    public String remoteAddress() {
        return req.getRemoteAddr();
    }

    @Override
    public String requestUri() {
        return req.getRequestURI();
    }

    @Override
    public String pathInfo() {
        return req.getPathInfo();
    }

    @Override
    public String basePath() {
        return req.getContextPath() + req.getServletPath();
    }

    @Override
    public String contentType() {
        return req.getContentType();
    }

    @Override
    public long contentLength() {
        return req.getContentLengthLong();
    }

    @Override
    public Map<String, String[]> parameters() {
        return req.getParameterMap();
    }

    @Override
    public InputStream body() throws IOException {
        return req.getInputStream();
    }

    @Override
    public Object attribute(String name) {
        return req.getAttribute(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        req.setAttribute(name, value);
    }

    @Override
    public int status() {
        return resp.getStatus();
    }

    @Override
    public boolean committed() {
        return resp.isCommitted();
    }

    @Override
    public void setHeader(String name, String value) {
        resp.setHeader(name, value);
    }

    @Override
    public void addHeader(String name, String value) {
        resp.addHeader(name, value);
    }

    @Override
    public void send(int status, String contentType, byte[] body) throws IOException {
        resp.resetBuffer();
        resp.setStatus(status);
        if (contentType != null) {
            resp.setContentType(contentType);
        }
        if (body.length > 0 || contentType != null) {
            resp.setContentLength(body.length);
            OutputStream out = resp.getOutputStream();
            out.write(body);
        }
        resp.flushBuffer();
    }
}
