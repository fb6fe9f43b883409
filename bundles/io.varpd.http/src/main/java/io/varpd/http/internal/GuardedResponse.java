package io.varpd.http.internal;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;

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

    GuardedResponse(HttpServletResponse response) {
        super(response);
        addSecurityHeaders(response);
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
        String text = sc + " " + PlainAnswers.reason(sc);
        if (sc < 500 && msg != null && !msg.isBlank()) {
            text += ": " + PlainAnswers.forLog(msg, MAX_MESSAGE);
        }
        PlainAnswers.write(this, sc, text);
    }
}
