package io.varpd.http.internal;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Short plain-text answers for the answers the guard and the error filter give themselves (403,
 * 413, 429, 500): one line that says what happened, never a stack trace or an HTML page that
 * could carry one.
 */
final class PlainAnswers {
    private PlainAnswers() {
    }

    /** Replaces whatever was buffered with {@code status} and the one-line {@code text}. */
    static void write(HttpServletResponse resp, int status, String text) throws IOException {
        resp.resetBuffer();
        resp.setStatus(status);
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentType("text/plain;charset=utf-8");
        byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
        resp.flushBuffer();
    }

    /**
     * Makes a value from a request safe for one log line: control characters become {@code ?}
     * (a forged user name cannot start a new log line) and it is cut at {@code max} characters.
     */
    static String forLog(String value, int max) {
        if (value == null) {
            return "(none)";
        }
        StringBuilder b = new StringBuilder(Math.min(value.length(), max) + 3);
        for (int i = 0; i < value.length() && b.length() < max; i++) {
            char c = value.charAt(i);
            b.append(Character.isISOControl(c) ? '?' : c);
        }
        if (value.length() > max) {
            b.append("...");
        }
        return b.toString();
    }

    /** The standard reason phrase of the statuses this bundle writes. */
    static String reason(int status) {
        switch (status) {
            case 400: return "Bad Request";
            case 401: return "Unauthorized";
            case 403: return "Forbidden";
            case 404: return "Not Found";
            case 405: return "Method Not Allowed";
            case 413: return "Content Too Large";
            case 429: return "Too Many Requests";
            case 500: return "Internal Server Error";
            case 503: return "Service Unavailable";
            default: return status >= 500 ? "Server Error" : status >= 400 ? "Client Error" : "";
        }
    }
}
