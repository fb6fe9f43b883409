package io.varpd.http.internal;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import jakarta.servlet.ServletOutputStream;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * The response every servlet behind the {@link HttpGuard} writes to: it carries the anti-framing
 * headers from the start (and again after a {@link #reset()}), and turns every
 * {@code sendError} into a short plain-text answer instead of the container's HTML error page,
 * which prints the stack trace of the exception behind a 500.
 */
final class GuardedResponse extends HttpServletResponseWrapper {
    /** The headers on every answer: no framing (clickjacking), no type sniffing, no leaking URLs. */
    static final String[][] SECURITY_HEADERS = {
        {"X-Frame-Options", "DENY"},
        {"Content-Security-Policy", "frame-ancestors 'none'"},
        {"X-Content-Type-Options", "nosniff"},
        {"Referrer-Policy", "same-origin"},
    };
    /** Longest message of a 4xx sendError that is passed on to the client. */
    private static final int MAX_MESSAGE = 200;

    /** Run once, just before the first byte of the body can be written (see {@link #beforeBody}). */
    private Runnable beforeBody;

    GuardedResponse(HttpServletResponse response) {
        super(response);
        addSecurityHeaders(response);
    }

    /**
     * Sets what to run once, when the headers are about to become final: before the body is first
     * asked for, flushed, or an error or redirect is sent, or from {@link #finish()}.
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
        for (String[] h : SECURITY_HEADERS) {
            response.setHeader(h[0], h[1]);
        }
    }

    @Override
    public void reset() {
        super.reset();
        addSecurityHeaders(this);
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
        // A 5xx message may be an exception's text: it stays in the log, not in the answer.
        runBeforeBody();
        String text = sc + " " + PlainAnswers.reason(sc);
        if (sc < 500 && msg != null && !msg.isBlank()) {
            text += ": " + PlainAnswers.forLog(msg, MAX_MESSAGE);
        }
        PlainAnswers.write(this, sc, text);
    }
}
