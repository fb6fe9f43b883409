// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.http.internal;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the error filters of both servlet APIs do with what a servlet threw, before the whiteboard does: the whiteboard
 * would log it with its whole stack trace and let the container render an error page that prints that stack trace to
 * the client.
 *
 * <ul>
 *   <li>A request whose client went away or whose body stopped arriving (the server's idle timeout) is logged in one
 *       line and answered 400 if still possible: nothing is wrong with varpd, and a slow or abandoned upload must not
 *       fill the log.
 *   <li>A request the server itself refused while reading it (a form over the server's size limit, sent without a
 *       length so the guard could not refuse it first; a body it could not parse) is the client's error: logged in one
 *       line and answered 413 or 400 with what was wrong.
 *   <li>Anything else is a bug: logged once with its stack trace and a short random reference, and answered 500 with
 *       only that reference, if the response is not committed yet.
 * </ul>
 */
public final class ErrorAnswers {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorAnswers.class);
    private static final SecureRandom REFERENCES = new SecureRandom();
    /** How deep the cause chain is searched for a sign of an aborted request. */
    private static final int MAX_CAUSES = 12;

    private ErrorAnswers() {}

    /** Logs {@code e} as described above and answers the client if the response allows it. */
    public static void answer(HttpExchange x, Throwable e) {
        String what = PlainAnswers.forLog(x.method() + " " + x.requestUri(), 200);
        String client = x.remoteAddress();
        Throwable abort = abortCause(e);
        if (abort != null) {
            LOG.info(
                    "HTTP: {} from {} aborted: {}",
                    what,
                    client,
                    PlainAnswers.forLog(abort.getClass().getSimpleName() + ": " + abort.getMessage(), 200));
            tryWrite(x, 400, "400 Bad Request: the request was not received completely");
            return;
        }
        String refusal = clientError(e);
        if (refusal != null) {
            LOG.info("HTTP: {} from {} refused: {}", what, client, PlainAnswers.forLog(refusal, 200));
            tryWrite(x, Integer.parseInt(refusal.substring(0, 3)), refusal);
            return;
        }
        String ref = HexFormat.of().toHexDigits(REFERENCES.nextInt());
        LOG.error("HTTP: {} from {} failed (reference {})", what, client, ref, e);
        tryWrite(x, 500, "500 Internal Server Error (reference " + ref + "; the details are in varpd's log)");
    }

    /**
     * The exception that shows the client is gone or its body stalled, if any: a timeout, a closed connection, or
     * Jetty's EofException (matched by name, so this bundle needs no Jetty).
     */
    static Throwable abortCause(Throwable e) {
        Throwable t = e;
        for (int i = 0; t != null && i < MAX_CAUSES; i++, t = t.getCause()) {
            if (t instanceof TimeoutException
                    || t instanceof ClosedChannelException
                    || t instanceof SocketException
                    || t.getClass().getSimpleName().equals("EofException")) {
                return t;
            }
        }
        return null;
    }

    /** Jetty's words for a form over its size limit (Jetty 9 to 12, both servlet APIs). */
    private static final Pattern FORM_TOO_LARGE = Pattern.compile("Form is larger than max length (\\d+)");

    /**
     * The answer line for a request the server refused while reading it, or null: a form over the server's size limit
     * (413), or an exception that carries a 4xx status of its own, as Jetty's BadMessageException does (found by its
     * {@code getCode()}, so this bundle needs no Jetty). The server's own message is not echoed: it may name its
     * internals.
     */
    static String clientError(Throwable e) {
        int status = 0;
        Throwable t = e;
        for (int i = 0; t != null && i < MAX_CAUSES; i++, t = t.getCause()) {
            Matcher m = t instanceof IllegalStateException && t.getMessage() != null
                    ? FORM_TOO_LARGE.matcher(t.getMessage())
                    : null;
            if (m != null && m.find()) {
                return "413 Content Too Large: the form is larger than " + m.group(1) + " bytes";
            }
            if (status == 0) {
                status = statusOf(t);
            }
        }
        if (status < 400 || status > 499) {
            return null;
        }
        return status + " " + PlainAnswers.reason(status)
                + (status == 413 ? ": the request is too large" : ": the request could not be read");
    }

    private static int statusOf(Throwable t) {
        try {
            Method code = t.getClass().getMethod("getCode");
            Object value = code.getReturnType() == int.class ? code.invoke(t) : null;
            return value instanceof Integer ? (Integer) value : 0;
        } catch (ReflectiveOperationException | RuntimeException notAnHttpException) {
            return 0;
        }
    }

    private static void tryWrite(HttpExchange x, int status, String text) {
        if (x.committed()) {
            return;
        }
        try {
            PlainAnswers.write(x, status, text);
        } catch (IOException | RuntimeException ignored) {
            // The client is gone; the log line above is all there is to say.
        }
    }
}
