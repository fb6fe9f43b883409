// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.http.internal.jakarta.HttpGuard;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.annotation.Annotation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpGuardTest {
    static final String CONSOLE_USER_ATTRIBUTE = "org.osgi.service.http.authentication.remote.user";

    /** A Config with the given values, as Configuration Admin would hand it in. */
    @SuppressWarnings("BadAnnotationImplementation") // a stand-in for the config DS would make; no test compares it
    static GuardConfig config(long maxBodyBytes, int free, int maxDelay) {
        return new GuardConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return GuardConfig.class;
            }

            @Override
            public long maxBodyBytes() {
                return maxBodyBytes;
            }

            @Override
            public int loginFreeFailures() {
                return free;
            }

            @Override
            public int loginMaxDelaySeconds() {
                return maxDelay;
            }
        };
    }

    private final HttpGuard guard = new HttpGuard(config(1024 * 1024, 5, 30));
    /** The requests that reached the servlets behind the guard. */
    private final List<String> passed = new ArrayList<>();

    /** Stands for the console or the API: records the request and answers {@code status}. */
    private FilterChain servletAnswering(int status) {
        return (rq, rs) -> {
            HttpServletRequest r = (HttpServletRequest) rq;
            passed.add(r.getMethod() + " " + r.getRequestURI());
            ((HttpServletResponse) rs).setStatus(status);
        };
    }

    private static HttpFakes.Request console(String method, String path) {
        HttpFakes.Request r = new HttpFakes.Request(method, path).header("Host", "127.0.0.1:8080");
        r.contextPath = "/system/console";
        return r;
    }

    private HttpFakes.Response run(HttpFakes.Request req, FilterChain chain) throws Exception {
        HttpFakes.Response resp = new HttpFakes.Response();
        guard.doFilter(req.build(), resp.build(), chain);
        return resp;
    }

    @Test
    void aConsoleFormPostFromAnotherOriginNeverReachesTheConsoleAndIsLoggedOncePerOrigin() throws Exception {
        try (StderrCapture log = new StderrCapture()) {
            for (int i = 0; i < 3; i++) {
                HttpFakes.Response resp = run(
                        console("POST", "/bundles/7")
                                .header("Origin", "http://127.0.0.1:9999")
                                .header("Sec-Fetch-Site", "same-site")
                                .header("Authorization", ApiAuthenticatorTest.basic("admin", "s3cret"))
                                .body("action=stop"),
                        servletAnswering(200));

                assertEquals(403, resp.status);
                assertEquals("text/plain;charset=utf-8", resp.header("Content-Type"));
                assertTrue(resp.body().contains("from another origin (http://127.0.0.1:9999) is refused"), resp.body());
            }
            run(
                    new HttpFakes.Request("DELETE", "/overlays/vxlan0")
                            .header("Host", "127.0.0.1:8080")
                            .header("Origin", "http://attacker.example"),
                    servletAnswering(204));

            assertEquals(List.of(), passed);
            assertEquals(1, log.linesWith("http://127.0.0.1:9999"), log.text());
            assertEquals(1, log.linesWith("refused POST /system/console/bundles/7 from another origin"), log.text());
            assertEquals(
                    1,
                    log.linesWith(
                            "refused DELETE /varpd/api/overlays/vxlan0 from another origin, http://attacker.example"));
        }
    }

    @Test
    void theConsolesOwnFormsAndScriptsWithoutBrowserHeadersPass() throws Exception {
        HttpFakes.Response own = run(
                console("POST", "/configMgr/x")
                        .header("Origin", "http://127.0.0.1:8080")
                        .header("Sec-Fetch-Site", "same-origin"),
                servletAnswering(302));
        HttpFakes.Response curl = run(
                new HttpFakes.Request("POST", "/overlays")
                        .header("Host", "127.0.0.1:8080")
                        .json("{}"),
                servletAnswering(201));

        assertEquals(302, own.status);
        assertEquals(201, curl.status);
        assertEquals(List.of("POST /system/console/configMgr/x", "POST /varpd/api/overlays"), passed);
    }

    @Test
    void everyAnswerForbidsFramingEvenAfterAReset() throws Exception {
        HttpFakes.Response ok = run(console("GET", "/varpd"), servletAnswering(200));
        HttpFakes.Response refused =
                run(console("POST", "/varpd").header("Origin", "http://x.example"), servletAnswering(200));
        HttpFakes.Response reset = run(console("GET", "/varpd"), (rq, rs) -> ((HttpServletResponse) rs).reset());
        // Karaf's web console sets X-Frame-Options: SAMEORIGIN on its pages: the guard's stays.
        HttpFakes.Response loosened = run(console("GET", "/varpd"), (rq, rs) -> {
            ((HttpServletResponse) rs).setHeader("X-Frame-Options", "SAMEORIGIN");
            ((HttpServletResponse) rs).setHeader("Content-Security-Policy", "frame-ancestors *");
        });

        for (HttpFakes.Response r : List.of(ok, refused, reset, loosened)) {
            assertEquals("DENY", r.header("X-Frame-Options"));
            assertEquals("frame-ancestors 'none'", r.header("Content-Security-Policy"));
            assertEquals("nosniff", r.header("X-Content-Type-Options"));
            assertEquals("same-origin", r.header("Referrer-Policy"));
        }
    }

    @Test
    void aDeclaredBodyOverTheLimitGets413BeforeAnythingReadsIt() throws Exception {
        HttpFakes.Response big =
                run(console("POST", "/configMgr/x").header("Content-Length", "10485760"), servletAnswering(200));
        HttpFakes.Response justFits =
                run(console("POST", "/configMgr/x").header("Content-Length", "1048576"), servletAnswering(200));

        assertEquals(413, big.status);
        assertEquals(
                "413 Content Too Large: the request body has 10485760 bytes; at most 1048576 are accepted\n",
                big.body());
        assertEquals(200, justFits.status);
        assertEquals(List.of("POST /system/console/configMgr/x"), passed);
    }

    @Test
    void theBodyLimitComesFromTheConfigurationAndABadValueKeepsTheDefault() throws Exception {
        guard.modified(config(100, 5, 30));
        assertEquals(413, run(console("POST", "/x").header("Content-Length", "101"), servletAnswering(200)).status);

        try (StderrCapture log = new StderrCapture()) {
            guard.modified(config(-1, 5, 30));
            assertEquals(
                    1,
                    log.linesWith("maxBodyBytes=-1 is out of range; allowed is 1 to 2147483647; using 1048576"),
                    log.text());
        }
        assertEquals(200, run(console("POST", "/x").header("Content-Length", "101"), servletAnswering(200)).status);
        assertEquals(413, run(console("POST", "/x").header("Content-Length", "1048577"), servletAnswering(200)).status);
    }

    @Test
    void anErrorPageIsPlainTextWithoutTheExceptionsMessage() throws Exception {
        HttpFakes.Response resp = run(
                console("GET", "/varpd"),
                (rq, rs) -> ((HttpServletResponse) rs)
                        .sendError(
                                500,
                                "java.lang.IllegalStateException: boom\n\tat io.varpd.Secret.method(Secret.java:1)"));
        HttpFakes.Response notFound = run(
                console("GET", "/nothing"), (rq, rs) -> ((HttpServletResponse) rs).sendError(404, "no such plugin"));

        assertEquals(500, resp.status);
        assertEquals("500 Internal Server Error\n", resp.body());
        assertEquals("404 Not Found: no such plugin\n", notFound.body());
    }

    @Test
    void repeatedFailedLoginsAreLoggedThenAnswered429WithoutAskingTheServlet() throws Exception {
        try (StderrCapture log = new StderrCapture()) {
            for (int i = 0; i < 6; i++) {
                HttpFakes.Response r = run(
                        new HttpFakes.Request("GET", "/overlays")
                                .header("Host", "127.0.0.1:8080")
                                .header("Authorization", ApiAuthenticatorTest.basic("admin", "guess" + i)),
                        servletAnswering(401));
                assertEquals(401, r.status);
            }
            HttpFakes.Response blocked = run(
                    console("GET", "/bundles").header("Authorization", ApiAuthenticatorTest.basic("admin", "guess6")),
                    servletAnswering(401));

            assertEquals(429, blocked.status);
            assertEquals("1", blocked.header("Retry-After"));
            assertTrue(blocked.body().startsWith("429 Too Many Requests"), blocked.body());
            assertEquals(6, passed.size(), "the seventh guess was not checked");
            assertEquals(
                    6, log.linesWith("failed login as 'admin' from 127.0.0.1 (GET /varpd/api/overlays)"), log.text());
            assertEquals(
                    1,
                    log.linesWith(
                            "6 failures in a row: logins as 'admin' from 127.0.0.1 are refused with 429 for 1 s"));
        }
        // Another user, another address, and requests without credentials are not held up.
        assertEquals(
                200,
                run(
                                console("GET", "/bundles")
                                        .header("Authorization", ApiAuthenticatorTest.basic("operator", "x")),
                                servletAnswering(200))
                        .status);
        HttpFakes.Request other =
                console("GET", "/bundles").header("Authorization", ApiAuthenticatorTest.basic("admin", "x"));
        other.remoteAddr = "192.0.2.7";
        assertEquals(200, run(other, servletAnswering(200)).status);
        assertEquals(401, run(console("GET", "/bundles"), servletAnswering(401)).status);
    }

    @Test
    void aLoginTheContextAcceptedClearsTheCountButAnUnprotected404DoesNot() throws Exception {
        FilterChain accepting = (rq, rs) -> rq.setAttribute(CONSOLE_USER_ATTRIBUTE, "admin");
        HttpFakes.Request wrong =
                console("GET", "/bundles").header("Authorization", ApiAuthenticatorTest.basic("admin", "x"));
        for (int i = 0; i < 5; i++) {
            run(wrong, servletAnswering(401));
        }
        // A path no context protects answers 404 whatever the password: that proves nothing.
        run(
                new HttpFakes.Request("GET", "/nothing")
                        .header("Authorization", ApiAuthenticatorTest.basic("admin", "x")),
                servletAnswering(404));
        assertEquals(5, guard.guard().throttle().failures("127.0.0.1", "admin"));

        run(
                console("GET", "/bundles").header("Authorization", ApiAuthenticatorTest.basic("admin", "right")),
                accepting);

        assertEquals(0, guard.guard().throttle().failures("127.0.0.1", "admin"));
        assertEquals(Duration.ZERO, guard.guard().throttle().waitLeft("127.0.0.1", "admin"));
    }

    @Test
    void aForgedUserNameCannotStartANewLogLine() throws Exception {
        try (StderrCapture log = new StderrCapture()) {
            run(
                    console("GET", "/bundles")
                            .header("Authorization", ApiAuthenticatorTest.basic("admin\nINFO all is well", "x")),
                    servletAnswering(401));

            assertEquals(1, log.linesWith("failed login as 'admin?INFO all is well'"), log.text());
            assertFalse(log.text().lines().anyMatch(l -> l.startsWith("INFO all is well")));
        }
    }

    @Test
    void aBrowserThatLoggedInBeforeIsNotHeldUpByAGuesserOnTheSameAddress() throws Exception {
        FilterChain accepting = (rq, rs) -> {
            rq.setAttribute(CONSOLE_USER_ATTRIBUTE, "admin");
            ((HttpServletResponse) rs).getOutputStream().write("page".getBytes());
        };
        HttpFakes.Response first = run(
                console("GET", "/varpd").header("Authorization", ApiAuthenticatorTest.basic("admin", "right")),
                accepting);
        String cookie = first.header("Set-Cookie");
        assertTrue(cookie != null && cookie.startsWith(LoginPass.COOKIE + "="), String.valueOf(cookie));
        String pass = cookie.substring(0, cookie.indexOf(';'));

        // A guesser on the same loopback address, without the pass, runs into the throttle ...
        for (int i = 0; i < 8; i++) {
            run(
                    console("GET", "/bundles")
                            .header("Authorization", ApiAuthenticatorTest.basic("admin", "guess" + i)),
                    servletAnswering(401));
        }
        assertEquals(
                429,
                run(
                                console("GET", "/bundles")
                                        .header("Authorization", ApiAuthenticatorTest.basic("admin", "right")),
                                accepting)
                        .status);
        // ... while the operator's browser, which presents it, goes straight in, and gets no new one.
        HttpFakes.Response operator = run(
                console("GET", "/varpd")
                        .header("Cookie", "felix-webconsole-locale=en; " + pass)
                        .header("Authorization", ApiAuthenticatorTest.basic("admin", "right")),
                accepting);
        assertEquals(200, operator.status);
        assertEquals("page", operator.body());
        assertNull(operator.header("Set-Cookie"));
        // A failed login never earns a pass.
        assertNull(run(
                        console("GET", "/x").header("Authorization", ApiAuthenticatorTest.basic("other", "x")),
                        servletAnswering(401))
                .header("Set-Cookie"));
    }

    @Test
    void aLoginRefusedWithoutCheckingThePasswordIsNoFailedLogin() throws Exception {
        FilterChain shut = (rq, rs) -> {
            rq.setAttribute(Guard.LOGIN_NOT_CHECKED, Boolean.TRUE);
            ((HttpServletResponse) rs).setStatus(401);
        };
        try (StderrCapture log = new StderrCapture()) {
            for (int i = 0; i < 10; i++) {
                assertEquals(
                        401,
                        run(
                                        new HttpFakes.Request("GET", "/overlays")
                                                .header("Authorization", ApiAuthenticatorTest.basic("admin", "right")),
                                        shut)
                                .status);
            }
            assertEquals(0, log.linesWith("failed login"), log.text());
        }
        assertEquals(0, guard.guard().throttle().failures("127.0.0.1", "admin"));
    }
}
