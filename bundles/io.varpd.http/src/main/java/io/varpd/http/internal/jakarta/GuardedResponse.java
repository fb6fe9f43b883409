// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.http.internal.jakarta;

import io.varpd.http.internal.Guard;
import io.varpd.http.internal.PlainAnswers;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * The response every servlet behind the {@link HttpGuard} writes to: it carries the anti-framing headers from the start
 * (and again after a {@link #reset()}), and turns every {@code sendError} into a short plain-text answer instead of the
 * container's HTML error page, which prints the stack trace of the exception behind a 500.
 */
final class GuardedResponse extends HttpServletResponseWrapper {

    /** Run once, just before the first byte of the body can be written (see {@link #beforeBody}). */
    private Runnable beforeBody;

    GuardedResponse(HttpServletResponse response) {
        super(response);
        addSecurityHeaders(response);
    }

    /**
     * Sets what to run once, when the headers are about to become final: before the body is first asked for, flushed,
     * or an error or redirect is sent, or from {@link #finish()}.
     */
    void beforeBody(Runnable action) {
        beforeBody = action;
    }

    /** Runs the pending {@link #beforeBody} action if the headers can still change. */
    void finish() {
        if (!isCommitted()) {
            runBeforeBody();
        }
    }

    private void runBeforeBody() {
        Runnable r = beforeBody;
        beforeBody = null;
        if (r != null) {
            r.run();
        }
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        runBeforeBody();
        return super.getOutputStream();
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        runBeforeBody();
        return super.getWriter();
    }

    @Override
    public void flushBuffer() throws IOException {
        runBeforeBody();
        super.flushBuffer();
    }

    @Override
    public void sendRedirect(String location) throws IOException {
        runBeforeBody();
        super.sendRedirect(location);
    }

    static void addSecurityHeaders(HttpServletResponse response) {
        for (String[] h : Guard.SECURITY_HEADERS) {
            response.setHeader(h[0], h[1]);
        }
    }

    /** The guard's security headers stay as they are; any other header is set. */
    @Override
    public void setHeader(String name, String value) {
        if (!Guard.isSecurityHeader(name)) {
            super.setHeader(name, value);
        }
    }

    @Override
    public void addHeader(String name, String value) {
        if (!Guard.isSecurityHeader(name)) {
            super.addHeader(name, value);
        }
    }

    @Override
    public void reset() {
        super.reset();
        addSecurityHeaders((HttpServletResponse) getResponse());
    }

    @Override
    public void sendError(int sc) throws IOException {
        sendError(sc, null);
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
        if (isCommitted()) {
            throw new IllegalStateException("sendError(" + sc + ") after the response was committed");
        }
        runBeforeBody();
        // Only the response side of the exchange is used to answer.
        PlainAnswers.write(new JakartaExchange(null, this), sc, PlainAnswers.errorText(sc, msg));
    }
}
