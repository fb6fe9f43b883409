// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.http.internal;

import java.io.IOException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the error filters of both servlet APIs do with what a servlet threw, before the whiteboard
 * does: the whiteboard would log it with its whole stack trace and let the container render an
 * error page that prints that stack trace to the client.
 *
 * <ul>
 * <li>A request whose client went away or whose body stopped arriving (the server's idle timeout)
 * is logged in one line and answered 400 if still possible: nothing is wrong with varpd, and a
 * slow or abandoned upload must not fill the log.</li>
 * <li>Anything else is a bug: logged once with its stack trace and a short random reference, and
 * answered 500 with only that reference, if the response is not committed yet.</li>
 * </ul>
 */
public final class ErrorAnswers {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorAnswers.class);
    private static final SecureRandom REFERENCES = new SecureRandom();
    /** How deep the cause chain is searched for a sign of an aborted request. */
    private static final int MAX_CAUSES = 12;

    private ErrorAnswers() {
    }

    /** Logs {@code e} as described above and answers the client if the response allows it. */
    public static void answer(HttpExchange x, Throwable e) {
        String what = PlainAnswers.forLog(x.method() + " " + x.requestUri(), 200);
        String client = x.remoteAddress();
        Throwable abort = abortCause(e);
        if (abort != null) {
            LOG.info("HTTP: {} from {} aborted: {}", what, client,
                    PlainAnswers.forLog(abort.getClass().getSimpleName() + ": " + abort.getMessage(), 200));
            tryWrite(x, 400, "400 Bad Request: the request was not received completely");
            return;
        }
        String ref = HexFormat.of().toHexDigits(REFERENCES.nextInt());
        LOG.error("HTTP: {} from {} failed (reference {})", what, client, ref, e);
        tryWrite(x, 500, "500 Internal Server Error (reference " + ref + "; the details are in varpd's log)");
    }

    /**
     * The exception that shows the client is gone or its body stalled, if any: a timeout, a closed
     * connection, or Jetty's EofException (matched by name, so this bundle needs no Jetty).
     */
    static Throwable abortCause(Throwable e) {
        Throwable t = e;
        for (int i = 0; t != null && i < MAX_CAUSES; i++, t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof ClosedChannelException || t instanceof SocketException
                    || t.getClass().getSimpleName().equals("EofException")) {
                return t;
            }
        }
        return null;
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
