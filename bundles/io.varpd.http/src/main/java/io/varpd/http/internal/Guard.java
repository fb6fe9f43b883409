// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.http.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guard in front of everything served over HTTP, written once for both servlet APIs: the whiteboard preprocessors
 * of either ({@code jakarta.HttpGuard} here, {@code HttpGuard} of io.varpd.http.javax) hand every request to it, before
 * any servlet context checks the login.
 *
 * <p>Theory. A whiteboard preprocessor runs for every request before the whiteboard picks a servlet context, and so
 * before any context's {@code handleSecurity} checks the login: the only place that sees the web console (which
 * registers its own context) and the API alike, and sees failed logins as well as successful ones. {@link #admit} in
 * this order:
 *
 * <ol>
 *   <li>refuses a state-changing request from another origin with 403 ({@link CrossOriginCheck}); each foreign origin
 *       is logged once, with the path it aimed at;
 *   <li>refuses a request whose declared body is larger than {@code maxBodyBytes} with 413, before anything reads it;
 *   <li>answers 429 with {@code Retry-After}, without checking the password, to a login from an address and user that
 *       failed too often recently ({@link LoginThrottle});
 *   <li>lets the request through; the adapter's response wrapper puts anti-framing headers ({@link #SECURITY_HEADERS})
 *       on every answer and makes error pages plain text;
 *   <li>{@link #after}, for a request that carried credentials: a login the context accepted clears the count (and
 *       {@link #offerPass} gives a browser a {@link LoginPass}, so that its later logins are counted apart from a
 *       guesser on the same address), one answered 401 is logged (user, address, path) and counted.
 * </ol>
 *
 * <p>A value of {@link GuardConfig} outside its range is logged and replaced by the default, so a typo never leaves the
 * HTTP side unguarded.
 */
public final class Guard {
    public static final String PID = "io.varpd.http.guard";
    /**
     * Request attribute a servlet context sets when it refused a login without looking at the password (no usable
     * account configured yet, e.g. while the runtime starts): such a 401 is neither a failed login nor a guess, and is
     * not counted.
     */
    public static final String LOGIN_NOT_CHECKED = "io.varpd.http.login.not-checked";
    /** The headers on every answer: no framing (clickjacking), no type sniffing, no leaking URLs. */
    public static final String[][] SECURITY_HEADERS = {
        {"X-Frame-Options", "DENY"},
        {"Content-Security-Policy", "frame-ancestors 'none'"},
        {"X-Content-Type-Options", "nosniff"},
        {"Referrer-Policy", "same-origin"},
    };

    private static final Logger LOG = LoggerFactory.getLogger(Guard.class);
    private static final Set<String> SECURITY_HEADER_NAMES =
            Set.of("x-frame-options", "content-security-policy", "x-content-type-options", "referrer-policy");
    /** Request attributes a servlet context sets for an accepted login (Jakarta and javax names). */
    private static final String[] REMOTE_USER_ATTRIBUTES = {
        "org.osgi.service.servlet.context.remote.user", "org.osgi.service.http.authentication.remote.user",
    };
    /** At most this many distinct refused origins are logged; then one line says so. */
    private static final int MAX_LOGGED_ORIGINS = 256;

    private static final Duration LOGIN_WINDOW = Duration.ofMinutes(1);
    private static final Duration FIRST_DELAY = Duration.ofSeconds(1);
    private static final int MAX_TRACKED_LOGINS = 4096;

    /**
     * Whether {@code name} is one of {@link #SECURITY_HEADERS}, which the response wrappers keep as the guard set them:
     * a servlet cannot loosen them (Karaf's web console, for one, sets {@code X-Frame-Options: SAMEORIGIN} on its
     * pages).
     */
    public static boolean isSecurityHeader(String name) {
        return name != null && SECURITY_HEADER_NAMES.contains(name.toLowerCase(java.util.Locale.ROOT));
    }

    /** What {@link #admit} learnt about a request it let through, for {@link #after}. */
    public static final class Admission {
        final String user;
        final String bucket;
        final String address;
        final boolean hasPass;
        final LoginThrottle throttle;

        Admission(String user, String bucket, String address, boolean hasPass, LoginThrottle throttle) {
            this.user = user;
            this.bucket = bucket;
            this.address = address;
            this.hasPass = hasPass;
            this.throttle = throttle;
        }

        /** Whether the answer should offer a {@link LoginPass} ({@link #offerPass}) before its body. */
        public boolean wantsPass() {
            return user != null && !hasPass;
        }
    }

    private final Set<String> loggedOrigins = ConcurrentHashMap.newKeySet();
    private final LoginPass pass = new LoginPass();
    private final AtomicBoolean originLogFull = new AtomicBoolean();
    private volatile long maxBodyBytes;
    private volatile LoginThrottle throttle;

    public Guard(GuardConfig config) {
        configure(config);
    }

    public void configure(GuardConfig c) {
        maxBodyBytes = checked("maxBodyBytes", c.maxBodyBytes(), 1, Integer.MAX_VALUE, 1024 * 1024);
        int free = (int) checked("loginFreeFailures", c.loginFreeFailures(), 0, 100, 5);
        int maxDelay = (int) checked("loginMaxDelaySeconds", c.loginMaxDelaySeconds(), 1, 3600, 30);
        throttle = new LoginThrottle(
                free, LOGIN_WINDOW, FIRST_DELAY, Duration.ofSeconds(maxDelay), MAX_TRACKED_LOGINS, System::nanoTime);
    }

    private static long checked(String name, long value, long min, long max, long fallback) {
        if (value >= min && value <= max) {
            return value;
        }
        LOG.error(
                "HTTP guard: configuration {}: {}={} is out of range; allowed is {} to {}; using {}",
                PID,
                name,
                value,
                min,
                max,
                fallback);
        return fallback;
    }

    /**
     * Checks a request before anything else sees it: answers it (403, 413 or 429) and returns null, or returns what
     * {@link #after} needs once the request has been served.
     */
    public Admission admit(HttpExchange x) throws IOException {
        String method = x.method();
        CrossOriginCheck.Verdict v = CrossOriginCheck.check(method, x.scheme(), x::header);
        if (!v.allowed()) {
            logRefusedOrigin(v, method, x.requestUri());
            PlainAnswers.write(
                    x,
                    403,
                    "403 Forbidden: a state-changing request from another origin ("
                            + PlainAnswers.forLog(v.origin(), 100) + ") is refused");
            return null;
        }

        long declared = x.contentLength();
        if (declared > maxBodyBytes) {
            PlainAnswers.write(
                    x,
                    413,
                    "413 Content Too Large: the request body has " + declared + " bytes; at most " + maxBodyBytes
                            + " are accepted");
            return null;
        }

        String authorization = x.header("Authorization");
        String address = x.remoteAddress();
        String user = authorization == null
                ? null
                : BasicCredentials.parse(authorization)
                        .map(BasicCredentials::user)
                        .orElse("(unreadable)");
        LoginThrottle t = throttle;
        // A browser that logged in before counts apart from its address (LoginPass).
        String presented = user == null ? null : LoginPass.fromCookieHeader(x.header("Cookie"));
        boolean hasPass = pass.valid(presented, user, nowSeconds());
        String bucket = hasPass ? "pass " + presented : address;
        if (user != null) {
            Duration wait = t.waitLeft(bucket, user);
            if (!wait.isZero()) {
                long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
                x.setHeader("Retry-After", String.valueOf(seconds));
                PlainAnswers.write(
                        x,
                        429,
                        "429 Too Many Requests: too many failed logins from this" + " address; try again in " + seconds
                                + " s");
                return null;
            }
        }
        return new Admission(user, bucket, address, hasPass, t);
    }

    /** Gives a browser whose login was just accepted a {@link LoginPass}; call before the body. */
    public void offerPass(HttpExchange x, Admission a) {
        if (a.wantsPass() && authenticated(x)) {
            x.addHeader("Set-Cookie", pass.cookie(a.user, nowSeconds()));
        }
    }

    /** Counts and logs the login of a served request, if it carried one. */
    public void after(HttpExchange x, Admission a) {
        if (a.user == null) {
            return;
        }
        LoginThrottle t = a.throttle;
        if (authenticated(x)) {
            t.succeeded(a.bucket, a.user);
        } else if (x.status() == 401 && x.attribute(LOGIN_NOT_CHECKED) == null) {
            Duration delay = t.failed(a.bucket, a.user);
            String who = PlainAnswers.forLog(a.user, 64);
            String where = PlainAnswers.forLog(x.method() + " " + x.requestUri(), 200);
            if (delay.isZero()) {
                LOG.warn("HTTP: failed login as '{}' from {} ({})", who, a.address, where);
            } else {
                LOG.warn(
                        "HTTP: failed login as '{}' from {} ({}); {} failures in a row: logins as '{}'"
                                + " from {} are refused with 429 for {} s",
                        who,
                        a.address,
                        where,
                        t.failures(a.bucket, a.user),
                        who,
                        a.address,
                        delay.toSeconds());
            }
        }
    }

    private static long nowSeconds() {
        return System.currentTimeMillis() / 1000;
    }

    private static boolean authenticated(HttpExchange x) {
        for (String a : REMOTE_USER_ATTRIBUTES) {
            if (x.attribute(a) != null) {
                return true;
            }
        }
        return false;
    }

    private void logRefusedOrigin(CrossOriginCheck.Verdict v, String method, String path) {
        String origin = PlainAnswers.forLog(v.origin(), 200);
        if (loggedOrigins.size() >= MAX_LOGGED_ORIGINS) {
            if (!loggedOrigins.contains(origin) && originLogFull.compareAndSet(false, true)) {
                LOG.warn(
                        "HTTP: {} origins refused so far; further ones are refused without a log line",
                        MAX_LOGGED_ORIGINS);
            }
            return;
        }
        if (loggedOrigins.add(origin)) {
            LOG.warn(
                    "HTTP: refused {} {} from another origin, {} (judged by {}); later refusals of this"
                            + " origin are not logged",
                    method,
                    PlainAnswers.forLog(path, 200),
                    origin,
                    header(v.basis()));
        }
    }

    private static String header(CrossOriginCheck.Basis b) {
        switch (b) {
            case SEC_FETCH_SITE:
                return "Sec-Fetch-Site";
            case ORIGIN:
                return "Origin";
            case REFERER:
                return "Referer";
            default:
                return b.name();
        }
    }

    /** For the tests: the throttle now in force. */
    LoginThrottle throttle() {
        return throttle;
    }
}
