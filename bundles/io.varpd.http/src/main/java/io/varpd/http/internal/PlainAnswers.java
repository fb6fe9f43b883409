// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.http.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Short plain-text answers for the answers the guard and the error filter give themselves (403, 413, 429, 500): one
 * line that says what happened, never a stack trace or an HTML page that could carry one.
 */
public final class PlainAnswers {
    /** Longest message of a 4xx sendError that is passed on to the client. */
    private static final int MAX_MESSAGE = 200;

    private PlainAnswers() {}

    /** Replaces whatever was buffered with {@code status} and the one-line {@code text}. */
    public static void write(HttpExchange x, int status, String text) throws IOException {
        x.setHeader("Cache-Control", "no-store");
        x.send(status, "text/plain;charset=utf-8", (text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The text a servlet's {@code sendError(status, message)} becomes: the status and its reason, and for a 4xx the
     * message; a 5xx message may be an exception's text, which stays in the log.
     */
    public static String errorText(int status, String message) {
        String text = status + " " + reason(status);
        if (status < 500 && message != null && !message.isBlank()) {
            text += ": " + forLog(message, MAX_MESSAGE);
        }
        return text;
    }

    /**
     * Makes a value from a request safe for one log line: control characters become {@code ?} (a forged user name
     * cannot start a new log line) and it is cut at {@code max} characters.
     */
    public static String forLog(String value, int max) {
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
            case 400:
                return "Bad Request";
            case 401:
                return "Unauthorized";
            case 403:
                return "Forbidden";
            case 404:
                return "Not Found";
            case 405:
                return "Method Not Allowed";
            case 413:
                return "Content Too Large";
            case 429:
                return "Too Many Requests";
            case 500:
                return "Internal Server Error";
            case 503:
                return "Service Unavailable";
            default:
                return status >= 500 ? "Server Error" : status >= 400 ? "Client Error" : "";
        }
    }
}
