// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.http.javax.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.http.internal.GuardConfig;
import java.io.ByteArrayOutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

/**
 * The javax twins adapt, the shared core decides: a cross-site POST is refused by the guard before the chain runs, a
 * servlet cannot loosen the anti-framing header, and the API's door asks the JAAS realm and says so in its 401.
 */
class JavaxRegistrationsTest {
    /** A response that records status, headers and body; anything else it is asked fails the test. */
    static final class Response {
        int status = 200;
        final Map<String, String> headers = new HashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        String contentType;

        HttpServletResponse proxy() {
            ServletOutputStream out = new ServletOutputStream() {
                @Override
                public void write(int b) {
                    body.write(b);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener l) {
                    throw new UnsupportedOperationException();
                }
            };
            return (HttpServletResponse) Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {HttpServletResponse.class}, (p, m, a) -> {
                        switch (m.getName()) {
                            case "setHeader":
                                headers.put((String) a[0], (String) a[1]);
                                return null;
                            case "addHeader":
                                headers.merge((String) a[0], (String) a[1], (x, y) -> x + ", " + y);
                                return null;
                            case "setStatus":
                                status = (Integer) a[0];
                                return null;
                            case "getStatus":
                                return status;
                            case "setContentType":
                                contentType = (String) a[0];
                                return null;
                            case "setContentLength":
                                return null;
                            case "getOutputStream":
                                return out;
                            case "resetBuffer":
                            case "flushBuffer":
                                return null;
                            case "isCommitted":
                                return false;
                            default:
                                throw new UnsupportedOperationException("fake response: " + m.getName());
                        }
                    });
        }

        String text() {
            return body.toString(StandardCharsets.UTF_8);
        }
    }

    static HttpServletRequest request(String method, String uri, Map<String, String> headers) {
        Map<String, Object> attributes = new HashMap<>();
        return (HttpServletRequest) Proxy.newProxyInstance(
                JavaxRegistrationsTest.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class}, (p, m, a) -> {
                    switch (m.getName()) {
                        case "getMethod":
                            return method;
                        case "getScheme":
                            return "http";
                        case "getHeader":
                            return headers.get((String) a[0]);
                        case "getRemoteAddr":
                            return "127.0.0.1";
                        case "getRequestURI":
                            return uri;
                        case "getContentLengthLong":
                            return -1L;
                        case "getAttribute":
                            return attributes.get((String) a[0]);
                        case "setAttribute":
                            attributes.put((String) a[0], a[1]);
                            return null;
                        default:
                            throw new UnsupportedOperationException("fake request: " + m.getName());
                    }
                });
    }

    @SuppressWarnings("BadAnnotationImplementation") // a stand-in for the config DS would make; no test compares it
    private static final GuardConfig DEFAULTS = new GuardConfig() {
        @Override
        public Class<? extends Annotation> annotationType() {
            return GuardConfig.class;
        }

        @Override
        public long maxBodyBytes() {
            return 1024 * 1024;
        }

        @Override
        public int loginFreeFailures() {
            return 5;
        }

        @Override
        public int loginMaxDelaySeconds() {
            return 30;
        }
    };

    @Test
    void theGuardRefusesACrossSitePostToKarafsConsoleBeforeTheConsoleSeesIt() throws Exception {
        Response r = new Response();
        boolean[] reached = {false};
        new HttpGuard(DEFAULTS)
                .doFilter(
                        request(
                                "POST",
                                "/system/console/bundles/12",
                                Map.of("Sec-Fetch-Site", "cross-site", "Origin", "http://127.0.0.1:9999")),
                        r.proxy(),
                        (rq, rs) -> reached[0] = true);
        assertFalse(reached[0], "the console was reached");
        assertEquals(403, r.status);
        assertTrue(r.text().startsWith("403 Forbidden: a state-changing request from another origin"), r.text());
    }

    @Test
    void aPageOfKarafsConsoleCannotLoosenTheAntiFramingHeaders() throws Exception {
        Response r = new Response();
        new HttpGuard(DEFAULTS)
                .doFilter(
                        request("GET", "/system/console/varpd", Map.of()),
                        r.proxy(),
                        (rq, rs) -> ((HttpServletResponse) rs).setHeader("X-Frame-Options", "SAMEORIGIN"));
        assertEquals("DENY", r.headers.get("X-Frame-Options"));
        assertEquals("frame-ancestors 'none'", r.headers.get("Content-Security-Policy"));
    }

    @Test
    @SuppressWarnings("BadAnnotationImplementation") // a stand-in for the config DS would make; no test compares it
    void theApiDoorAsksForAKarafUserWithTheRole() throws Exception {
        ApiContextHelper door = new ApiContextHelper(new ApiContextHelper.Login() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ApiContextHelper.Login.class;
            }

            @Override
            public String realm() {
                return "karaf";
            }

            @Override
            public String role() {
                return "admin";
            }
        });
        Response r = new Response();
        assertFalse(door.handleSecurity(request("GET", "/varpd/api/overlays", Map.of()), r.proxy()));
        assertEquals(401, r.status);
        assertEquals("Basic realm=\"varpd API\", charset=\"UTF-8\"", r.headers.get("WWW-Authenticate"));
        assertTrue(r.text().contains("a user of JAAS realm 'karaf' that has role 'admin'"), r.text());
    }
}
