package io.varpd.http.internal;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.TimeoutException;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterAsyncSupported;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Catches what a servlet throws, in every servlet context (the web console's own included), before
 * the whiteboard does: the whiteboard would log it with its whole stack trace and let the
 * container render an error page that prints that stack trace to the client.
 *
 * <ul>
 * <li>A request whose client went away or whose body stopped arriving (the idle timeout of
 * {@code org.apache.felix.http.timeout}) is logged in one line and answered 400 if still
 * possible: nothing is wrong with varpd, and a slow or abandoned upload must not fill the log.</li>
 * <li>Anything else is a bug: logged once with its stack trace and a short random reference, and
 * answered 500 with only that reference, if the response is not committed yet.</li>
 * </ul>
 */
@Component(service = Filter.class)
@HttpWhiteboardFilterPattern("/*")
@HttpWhiteboardFilterName("varpd error filter")
@HttpWhiteboardFilterAsyncSupported
@HttpWhiteboardContextSelect("(osgi.http.whiteboard.context.name=*)")
public class ServletErrorFilter implements Filter {
    private static final Logger LOG = LoggerFactory.getLogger(ServletErrorFilter.class);
    private static final SecureRandom REFERENCES = new SecureRandom();
    /** How deep the cause chain is searched for a sign of an aborted request. */
    private static final int MAX_CAUSES = 12;

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        try {
            chain.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException e) {
            if (request instanceof HttpServletRequest && response instanceof HttpServletResponse) {
                answer((HttpServletRequest) request, (HttpServletResponse) response, e);
            } else {
                throw e;
            }
        }
    }

    /** Logs {@code e} as described above and answers the client if the response allows it. */
    static void answer(HttpServletRequest req, HttpServletResponse resp, Throwable e) {
        String what = PlainAnswers.forLog(req.getMethod() + " " + req.getRequestURI(), 200);
        String client = req.getRemoteAddr();
        Throwable abort = abortCause(e);
        if (abort != null) {
            LOG.info("HTTP: {} from {} aborted: {}", what, client,
                    PlainAnswers.forLog(abort.getClass().getSimpleName() + ": " + abort.getMessage(), 200));
            tryWrite(resp, 400, "400 Bad Request: the request was not received completely");
            return;
        }
        String ref = HexFormat.of().toHexDigits(REFERENCES.nextInt());
        LOG.error("HTTP: {} from {} failed (reference {})", what, client, ref, e);
        tryWrite(resp, 500, "500 Internal Server Error (reference " + ref + "; the details are in varpd's log)");
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

    private static void tryWrite(HttpServletResponse resp, int status, String text) {
        if (resp.isCommitted()) {
            return;
        }
        try {
            PlainAnswers.write(resp, status, text);
        } catch (IOException | RuntimeException ignored) {
            // The client is gone; the log line above is all there is to say.
        }
    }
}
