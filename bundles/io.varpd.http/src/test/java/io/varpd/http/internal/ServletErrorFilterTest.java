// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.http.internal.jakarta.ServletErrorFilter;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ServletErrorFilterTest {
    private final ServletErrorFilter filter = new ServletErrorFilter();

    private static HttpFakes.Request consolePost() {
        HttpFakes.Request r = new HttpFakes.Request("POST", "/configMgr/x");
        r.contextPath = "/system/console";
        return r;
    }

    @Test
    void aServletsExceptionBecomesAPlain500WithAReferenceThatTheLogExplains() throws Exception {
        HttpFakes.Response resp = new HttpFakes.Response();
        try (StderrCapture log = new StderrCapture()) {
            filter.doFilter(consolePost().build(), resp.build(), (rq, rs) -> {
                throw new IllegalStateException("no plugin state for link demo0");
            });

            assertEquals(500, resp.status);
            Matcher m = Pattern.compile("^500 Internal Server Error \\(reference ([0-9a-f]{8}); the details are in"
                            + " varpd's log\\)\n$")
                    .matcher(resp.body());
            assertTrue(m.matches(), resp.body());
            assertFalse(resp.body().contains("demo0"), "the exception stays in the log");
            assertEquals(
                    1,
                    log.linesWith(
                            "POST /system/console/configMgr/x from 127.0.0.1 failed (reference " + m.group(1) + ")"),
                    log.text());
            assertTrue(log.text().contains("no plugin state for link demo0"), "logged with its cause");
        }
    }

    @Test
    void aBodyThatStoppedArrivingIsLoggedInOneLine() throws Exception {
        HttpFakes.Response resp = new HttpFakes.Response();
        try (StderrCapture log = new StderrCapture()) {
            filter.doFilter(consolePost().build(), resp.build(), (rq, rs) -> {
                // What Jetty throws when the idle timeout ends a body read, as the console sees it.
                throw new RuntimeException(
                        "Unable to extract form parameters",
                        new IOException(new TimeoutException("Idle timeout expired: 10000/10000 ms")));
            });

            assertEquals(1, log.text().lines().count(), log.text());
            assertEquals(
                    1,
                    log.linesWith("POST /system/console/configMgr/x from 127.0.0.1 aborted: TimeoutException:"
                            + " Idle timeout expired: 10000/10000 ms"));
            assertEquals(400, resp.status);
        }
    }

    @Test
    void aClientThatHungUpIsAnAbortToo() {
        class EofException extends IOException {
            EofException() {
                super("Early EOF");
            }
        }
        assertTrue(ErrorAnswers.abortCause(new IOException(new EofException())) instanceof EofException);
        assertEquals(null, ErrorAnswers.abortCause(new IOException("disk full")));
    }

    @Test
    void aCommittedAnswerIsLeftAsItIs() throws Exception {
        HttpFakes.Response resp = new HttpFakes.Response();
        try (StderrCapture log = new StderrCapture()) {
            filter.doFilter(consolePost().build(), resp.build(), (rq, rs) -> {
                HttpServletResponse r = (HttpServletResponse) rs;
                r.setStatus(200);
                r.getOutputStream().write("partial".getBytes());
                r.flushBuffer();
                throw new IllegalStateException("late failure");
            });
            assertEquals(1, log.linesWith("failed (reference"));
        }
        assertEquals(200, resp.status);
        assertEquals("partial", resp.body());
    }

    @Test
    void aRequestThatSucceedsPassesUntouched() throws Exception {
        HttpFakes.Response resp = new HttpFakes.Response();
        filter.doFilter(consolePost().build(), resp.build(), (rq, rs) -> ((HttpServletResponse) rs).setStatus(204));
        assertEquals(204, resp.status);
        assertEquals("", resp.body());
    }
    /** Jetty's exception for a request it could not read, as far as the filter can see it. */
    static final class BadMessageException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int code;

        BadMessageException(int code, String message, Throwable cause) {
            super(message, cause);
            this.code = code;
        }

        public int getCode() {
            return code;
        }
    }

    @Test
    void aFormOverTheServersLimitSentWithoutALengthIs413NotABug() throws Exception {
        HttpFakes.Response resp = new HttpFakes.Response();
        try (StderrCapture log = new StderrCapture()) {
            filter.doFilter(consolePost().build(), resp.build(), (rq, rs) -> {
                // What Jetty 12 throws when the console reads a chunked form over its limit.
                throw new BadMessageException(
                        400,
                        "Unable to parse form content",
                        new IllegalStateException("Form is larger than max length 1048576"));
            });

            assertEquals(413, resp.status);
            assertEquals("413 Content Too Large: the form is larger than 1048576 bytes\n", resp.body());
            assertEquals(1, log.text().lines().count(), log.text());
            assertEquals(1, log.linesWith("POST /system/console/configMgr/x from 127.0.0.1 refused: 413"));
        }
    }

    @Test
    void aRequestTheServerCouldNotReadIsTheClientsErrorWithoutTheServersWords() throws Exception {
        HttpFakes.Response resp = new HttpFakes.Response();
        try (StderrCapture log = new StderrCapture()) {
            filter.doFilter(consolePost().build(), resp.build(), (rq, rs) -> {
                throw new BadMessageException(
                        400,
                        "Unable to parse form content in org.eclipse.jetty.Foo",
                        new IllegalArgumentException("Not valid encoding '%zz'"));
            });

            assertEquals(400, resp.status);
            assertEquals("400 Bad Request: the request could not be read\n", resp.body());
            assertEquals(1, log.text().lines().count(), log.text());
        }
        assertEquals(null, ErrorAnswers.clientError(new BadMessageException(500, "server side", null)));
        assertEquals(null, ErrorAnswers.clientError(new IllegalStateException("Form is larger in spirit")));
    }
}
