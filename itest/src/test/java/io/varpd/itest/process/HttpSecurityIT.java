// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.itest.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, section 1, on the runtime process, with the requests a browser (or an attacker's page in it) sends and the
 * ones a script sends: the web console and the HTTP API refuse state-changing requests from other origins and keep
 * their own; every answer forbids framing; a 10 MB form gets 413 and no answer carries a stack trace; password guessing
 * is logged and slowed down; a request body that stops arriving is cut after Jetty's idle timeout and logged in one
 * line.
 *
 * <p>Loopback only; every loop is bounded. The guessing test runs last: until its delay expires, it holds up the other
 * tests' logins, which share its address and user.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HttpSecurityIT {
    @TempDir
    static Path dir;

    private static RuntimeProcess varpd;
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void start() throws Exception {
        varpd = RuntimeProcess.copyInto(dir);
        varpd.start();
    }

    @AfterAll
    static void stop() throws Exception {
        varpd.close();
    }

    private static String own() {
        return "http://127.0.0.1:" + varpd.port();
    }

    private static String auth(String password) {
        return "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(own() + path)).timeout(Duration.ofSeconds(30));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b;
    }

    private static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> form(String path, String body, String... headers) throws Exception {
        return send(request(path, headers)
                .header("Authorization", auth(varpd.password()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /**
     * Sends only the head of an authorised form POST that declares {@code length} body bytes, and reads the answer
     * until the server closes: its status code and its body (de-chunked).
     */
    private static String[] headOnly(String path, int length) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", varpd.port()), 2000);
            s.setSoTimeout(30_000);
            s.getOutputStream()
                    .write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + varpd.port() + "\r\nAuthorization: "
                                    + auth(varpd.password())
                                    + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                                    + length + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int end = answer.indexOf("\r\n\r\n");
            assertTrue(end > 0, "no complete answer: " + answer);
            String head = answer.substring(0, end);
            String body = answer.substring(end + 4);
            if (head.toLowerCase(Locale.ROOT).contains("\r\ntransfer-encoding: chunked")) {
                StringBuilder whole = new StringBuilder();
                int at = 0;
                while (true) {
                    int eol = body.indexOf("\r\n", at);
                    int size = Integer.parseInt(body.substring(at, eol).trim(), 16);
                    if (size == 0) {
                        break;
                    }
                    whole.append(body, eol + 2, eol + 2 + size);
                    at = eol + 2 + size + 2;
                }
                body = whole.toString();
            }
            return new String[] {head.split(" ", 3)[1], body};
        }
    }

    private static String svpState() throws Exception {
        HttpResponse<String> r = varpd.consoleGet("/bundles/io.varpd.plugin.svp.json");
        assertEquals(200, r.statusCode(), r.body());
        return JsonParser.parseString(r.body())
                .getAsJsonObject()
                .getAsJsonArray("data")
                .get(0)
                .getAsJsonObject()
                .get("state")
                .getAsString();
    }

    private static long logLines(String fragment) {
        return varpd.log().lines().filter(l -> l.contains(fragment)).count();
    }

    @Test
    void aPageFromAnotherOriginCannotStopABundleOrCreateAnOverlayButTheConsolesOwnFormsWork() throws Exception {
        String attacker = "http://127.0.0.1:" + (varpd.port() == 65535 ? 1 : varpd.port() + 1);
        assertEquals("Active", svpState());

        // What the attack page of issue 13 did, as Chromium sends it (the operator is logged in).
        HttpResponse<String> stop = form(
                "/system/console/bundles/io.varpd.plugin.svp",
                "action=stop",
                "Origin",
                attacker,
                "Sec-Fetch-Site",
                "same-site",
                "Referer",
                attacker + "/attack.html");
        HttpResponse<String> create = form(
                "/system/console/configMgr/%5BTemporary%20PID%20replaced%20by%20real%20PID%20upon%20save%5D",
                "factoryPid=io.varpd.overlay.direct&apply=true&link=evil0&vnetid=7&propertylist=link,vnetid",
                "Origin",
                attacker);
        // The API refuses too, even for the JSON a page could only send after a CORS preflight.
        HttpResponse<String> delete =
                send(request("/varpd/api/overlays/demo0", "Origin", attacker, "Authorization", auth(varpd.password()))
                        .DELETE());

        for (HttpResponse<String> r : List.of(stop, create, delete)) {
            assertEquals(403, r.statusCode(), r.body());
            assertTrue(r.body().contains("from another origin (" + attacker + ") is refused"), r.body());
        }
        assertEquals("Active", svpState());
        assertEquals(404, varpd.get("/overlays/evil0").statusCode());
        assertEquals(200, varpd.get("/overlays/demo0").statusCode());
        assertEquals(1, logLines("from another origin, " + attacker), varpd.log());

        // The console's own pages post with their own origin; scripts send no browser headers.
        HttpResponse<String> own = form(
                "/system/console/bundles/io.varpd.plugin.svp",
                "action=start",
                "Origin",
                own(),
                "Sec-Fetch-Site",
                "same-origin",
                "Referer",
                own() + "/system/console/bundles");
        assertEquals(200, own.statusCode(), own.body());
        HttpResponse<String> script = form("/system/console/bundles/io.varpd.plugin.svp", "action=start");
        assertEquals(200, script.statusCode(), script.body());
        assertEquals("Active", svpState());
    }

    @Test
    void everyAnswerForbidsFraming() throws Exception {
        List<HttpResponse<String>> answers = List.of(
                varpd.consoleGet("/bundles"),
                varpd.get("/overlays"),
                send(request("/system/console/bundles")),
                send(request("/no/such/page")),
                form("/system/console/bundles/1", "action=start", "Origin", "http://elsewhere.example"));
        for (HttpResponse<String> r : answers) {
            String what = r.request().uri() + " " + r.statusCode();
            assertEquals("DENY", r.headers().firstValue("X-Frame-Options").orElse(null), what);
            assertEquals(
                    "frame-ancestors 'none'",
                    r.headers().firstValue("Content-Security-Policy").orElse(null),
                    what);
            assertEquals(
                    "nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(null), what);
            assertEquals(
                    "same-origin", r.headers().firstValue("Referrer-Policy").orElse(null), what);
        }
    }

    @Test
    void aTenMegabyteFormGets413AndNoAnswerCarriesAStackTrace() throws Exception {
        String big = "a=" + "x".repeat(10 * 1024 * 1024);
        // Declared, the guard answers from the length alone. Only the head is sent: were the body
        // sent too, the server would close with megabytes unread, and TCP may reset the connection
        // before the client has read the 413 (one clean-clone CI pass in six failed so, with no
        // answer at all): a race in the transport, not the guard's answer, which is what this checks.
        String[] declared = headOnly("/system/console/configMgr/io.varpd.overlay.direct~demo0", big.length());
        assertEquals("413", declared[0], declared[1]);
        assertEquals(
                "413 Content Too Large: the request body has " + big.length() + " bytes; at most 1048576 are"
                        + " accepted\n",
                declared[1]);

        // Sent without a length, the form reaches Jetty's own limit, which throws inside the console:
        // still the client's error, 413, not a 500 that reads as a bug in varpd.
        HttpResponse<String> chunked = send(request(
                        "/system/console/configMgr/io.varpd.overlay.direct~demo0",
                        "Authorization",
                        auth(varpd.password()),
                        "Content-Type",
                        "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(big.getBytes(StandardCharsets.US_ASCII)))));
        assertEquals(413, chunked.statusCode(), chunked.body());
        assertEquals("413 Content Too Large: the form is larger than 1048576 bytes\n", chunked.body());

        for (String body : List.of(declared[1], chunked.body())) {
            assertFalse(body.contains("\tat ") || body.contains("Exception"), body);
        }
        assertEquals(200, varpd.get("/overlays/demo0").statusCode(), "demo0 untouched");
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void passwordGuessingIsLoggedAndSlowedWhileTheOperatorsBrowserGetsIn() throws Exception {
        HttpResponse<String> browser =
                send(request("/system/console/bundles", "Authorization", auth(varpd.password())));
        assertEquals(200, browser.statusCode());
        String pass = browser.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("varpd-login-pass="))
                .findFirst()
                .orElseThrow();
        pass = pass.substring(0, pass.indexOf(';'));

        Map<Integer, Integer> answers = new TreeMap<>();
        long start = System.nanoTime();
        int tries = 300;
        String retryAfter = null;
        for (int i = 0; i < tries; i++) {
            HttpResponse<String> r = send(request("/varpd/api/overlays", "Authorization", auth("guess" + i)));
            answers.merge(r.statusCode(), 1, Integer::sum);
            if (r.statusCode() == 429) {
                retryAfter = r.headers().firstValue("Retry-After").orElse(null);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                "HttpSecurityIT: %d guesses in %.2f s (%.0f/s): answers %s; passwords checked %.1f/s%n",
                tries, seconds, tries / seconds, answers, answers.getOrDefault(401, 0) / seconds);

        assertTrue(answers.getOrDefault(401, 0) <= 10, "at most a few guesses are checked: " + answers);
        assertTrue(answers.getOrDefault(429, 0) >= tries - 10, answers.toString());
        assertTrue(
                retryAfter != null && Integer.parseInt(retryAfter) >= 1 && Integer.parseInt(retryAfter) <= 30,
                retryAfter);
        assertEquals(
                answers.getOrDefault(401, 0),
                (int) logLines("failed login as 'admin' from 127.0.0.1"),
                "one line per checked guess");

        // The operator's browser presents its pass and is not held up by the guesser.
        HttpResponse<String> operator =
                send(request("/system/console/bundles", "Authorization", auth(varpd.password()), "Cookie", pass));
        assertEquals(200, operator.statusCode());
    }

    @Test
    void aBodyThatStopsArrivingIsCutAfterTheIdleTimeoutAndLoggedInOneLine() throws Exception {
        int n = 20;
        int logBefore = varpd.log().length();
        List<Socket> slow = new ArrayList<>();
        long start = System.nanoTime();
        try {
            for (int i = 0; i < n; i++) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", varpd.port()), 2000);
                s.setSoTimeout(40_000);
                String path = i % 2 == 0 ? "/varpd/api/overlays" : "/system/console/configMgr/slow";
                String type = i % 2 == 0 ? "application/json" : "application/x-www-form-urlencoded";
                OutputStream out = s.getOutputStream();
                out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + varpd.port() + "\r\nAuthorization: "
                                + auth(varpd.password()) + "\r\nContent-Type: " + type
                                + "\r\nContent-Length: 100000\r\n\r\na")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                slow.add(s);
            }
            for (Socket s : slow) {
                InputStream in = s.getInputStream();
                // Answered or closed by the server; a timeout here fails the test (60 s before).
                in.readAllBytes();
            }
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("HttpSecurityIT: %d stalled bodies all cut after %.1f s%n", n, seconds);
        assertTrue(seconds < 40, "cut by the 10 s idle timeout, not Felix's default 60 s: " + seconds);

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (logLines("aborted: TimeoutException") < n && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(n, logLines("aborted: TimeoutException: Idle timeout expired"), varpd.log());
        String logged = varpd.log().substring(logBefore);
        assertFalse(logged.contains("Exception while processing request"), "no whiteboard stack traces: " + logged);
        assertFalse(logged.contains("\tat "), "no stack trace in the log: " + logged);
        assertEquals(200, varpd.get("/overlays").statusCode());
    }
}
