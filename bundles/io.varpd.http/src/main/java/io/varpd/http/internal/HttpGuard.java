package io.varpd.http.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.servlet.whiteboard.Preprocessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guard in front of everything served over HTTP: the web console, the HTTP API, the metrics,
 * whatever else registers with the whiteboard.
 *
 * <p>Theory. A whiteboard {@link Preprocessor} runs for every request before the whiteboard picks a
 * servlet context, and so before any context's {@code handleSecurity} checks the login: the only
 * place that sees the web console (which registers its own context) and the API alike, and sees
 * failed logins as well as successful ones. In this order it:
 *
 * <ol>
 * <li>refuses a state-changing request from another origin with 403 ({@link CrossOriginCheck});
 * each foreign origin is logged once, with the path it aimed at;</li>
 * <li>refuses a request whose declared body is larger than {@code maxBodyBytes} with 413, before
 * anything reads it;</li>
 * <li>answers 429 with {@code Retry-After}, without checking the password, to a login from an
 * address and user that failed too often recently ({@link LoginThrottle});</li>
 * <li>lets the request through in a {@link GuardedResponse}: anti-framing headers on every answer,
 * plain-text error pages;</li>
 * <li>afterwards, for a request that carried credentials: a login the context accepted clears the
 * count (and gives a browser a {@link LoginPass}, so that its later logins are counted apart from
 * a guesser on the same address), one answered 401 is logged (user, address, path) and counted.</li>
 * </ol>
 *
 * <p>Configuration: PID {@value #PID} ({@link Config}); a value outside its range is logged and
 * replaced by the default, so a typo never leaves the HTTP side unguarded.
 */
@Component(service = Preprocessor.class, configurationPid = HttpGuard.PID)
public class HttpGuard implements Preprocessor {
    public static final String PID = "io.varpd.http.guard";
    /**
     * Request attribute a servlet context sets when it refused a login without looking at the
     * password (no usable account configured yet, e.g. while the runtime starts): such a 401 is
     * neither a failed login nor a guess, and is not counted.
     */
    public static final String LOGIN_NOT_CHECKED = "io.varpd.http.login.not-checked";
    private static final Logger LOG = LoggerFactory.getLogger(HttpGuard.class);
    /** Request attributes a servlet context sets for an accepted login (Jakarta and javax names). */
    private static final String[] REMOTE_USER_ATTRIBUTES = {
        "org.osgi.service.servlet.context.remote.user", "org.osgi.service.http.authentication.remote.user",
    };
    /** At most this many distinct refused origins are logged; then one line says so. */
    private static final int MAX_LOGGED_ORIGINS = 256;
    private static final Duration LOGIN_WINDOW = Duration.ofMinutes(1);
    private static final Duration FIRST_DELAY = Duration.ofSeconds(1);
    private static final int MAX_TRACKED_LOGINS = 4096;

    /** The guard's settings (Configuration Admin PID {@value HttpGuard#PID}). */
    public @interface Config {
        /** Largest declared request body, in bytes (1 to 2147483647); larger ones get 413. */
        long maxBodyBytes() default 1024 * 1024;

        /** Failed logins per address and user within a minute that cost nothing (0 to 100). */
        int loginFreeFailures() default 5;

        /** Longest wait imposed after repeated failed logins, in seconds (1 to 3600). */
        int loginMaxDelaySeconds() default 30;
    }

    private final Set<String> loggedOrigins = ConcurrentHashMap.newKeySet();
    private final LoginPass pass = new LoginPass();
    private final AtomicBoolean originLogFull = new AtomicBoolean();
    private volatile long maxBodyBytes;
    private volatile LoginThrottle throttle;

    @Activate
    public HttpGuard(Config config) {
        configure(config);
    }

    @Modified
    void modified(Config config) {
        configure(config);
    }

    private void configure(Config c) {
        maxBodyBytes = checked("maxBodyBytes", c.maxBodyBytes(), 1, Integer.MAX_VALUE, 1024 * 1024);
        int free = (int) checked("loginFreeFailures", c.loginFreeFailures(), 0, 100, 5);
        int maxDelay = (int) checked("loginMaxDelaySeconds", c.loginMaxDelaySeconds(), 1, 3600, 30);
        throttle = new LoginThrottle(free, LOGIN_WINDOW, FIRST_DELAY, Duration.ofSeconds(maxDelay),
                MAX_TRACKED_LOGINS, System::nanoTime);
    }

    private static long checked(String name, long value, long min, long max, long fallback) {
        if (value >= min && value <= max) {
            return value;
        }
        LOG.error("HTTP guard: configuration {}: {}={} is out of range; allowed is {} to {}; using {}",
                PID, name, value, min, max, fallback);
        return fallback;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest) || !(response instanceof HttpServletResponse)) {
            chain.doFilter(request, response);
            return;
        }
        HttpServletRequest req = (HttpServletRequest) request;
        GuardedResponse resp = new GuardedResponse((HttpServletResponse) response);
        String method = req.getMethod();

        CrossOriginCheck.Verdict v = CrossOriginCheck.check(method, req.getScheme(), req::getHeader);
        if (!v.allowed()) {
            logRefusedOrigin(v, method, req.getRequestURI());
            PlainAnswers.write(resp, 403, "403 Forbidden: a state-changing request from another origin ("
                    + PlainAnswers.forLog(v.origin(), 100) + ") is refused");
            return;
        }

        long declared = req.getContentLengthLong();
        if (declared > maxBodyBytes) {
            PlainAnswers.write(resp, 413, "413 Content Too Large: the request body has " + declared
                    + " bytes; at most " + maxBodyBytes + " are accepted");
            return;
        }

        String authorization = req.getHeader("Authorization");
        String address = req.getRemoteAddr();
        String user = authorization == null ? null
                : BasicCredentials.parse(authorization).map(BasicCredentials::user).orElse("(unreadable)");
        LoginThrottle t = throttle;
        // A browser that logged in before counts apart from its address (LoginPass).
        String presented = user == null ? null : LoginPass.fromCookieHeader(req.getHeader("Cookie"));
        boolean hasPass = pass.valid(presented, user, nowSeconds());
        String bucket = hasPass ? "pass " + presented : address;
        if (user != null) {
            Duration wait = t.waitLeft(bucket, user);
            if (!wait.isZero()) {
                long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
                resp.setHeader("Retry-After", String.valueOf(seconds));
                PlainAnswers.write(resp, 429, "429 Too Many Requests: too many failed logins from this"
                        + " address; try again in " + seconds + " s");
                return;
            }
        }

        if (user != null && !hasPass) {
            resp.beforeBody(() -> {
                if (authenticated(req)) {
                    resp.addHeader("Set-Cookie", pass.cookie(user, nowSeconds()));
                }
            });
        }
        try {
            chain.doFilter(req, resp);
            resp.finish();
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            // Past the whiteboard's own catch (an Error), or thrown before any context's filters.
            ServletErrorFilter.answer(req, resp, e);
        } finally {
            if (user != null) {
                afterLogin(t, req, resp.getStatus(), bucket, address, user);
            }
        }
    }

    private void afterLogin(LoginThrottle t, HttpServletRequest req, int status, String bucket, String address,
            String user) {
        if (authenticated(req)) {
            t.succeeded(bucket, user);
        } else if (status == 401 && req.getAttribute(LOGIN_NOT_CHECKED) == null) {
            Duration delay = t.failed(bucket, user);
            String who = PlainAnswers.forLog(user, 64);
            String where = PlainAnswers.forLog(req.getMethod() + " " + req.getRequestURI(), 200);
            if (delay.isZero()) {
                LOG.warn("HTTP: failed login as '{}' from {} ({})", who, address, where);
            } else {
                LOG.warn("HTTP: failed login as '{}' from {} ({}); {} failures in a row: logins as '{}'"
                        + " from {} are refused with 429 for {} s", who, address, where,
                        t.failures(bucket, user), who, address, delay.toSeconds());
            }
        }
    }

    private static long nowSeconds() {
        return System.currentTimeMillis() / 1000;
    }

    private static boolean authenticated(HttpServletRequest req) {
        for (String a : REMOTE_USER_ATTRIBUTES) {
            if (req.getAttribute(a) != null) {
                return true;
            }
        }
        return false;
    }

    private void logRefusedOrigin(CrossOriginCheck.Verdict v, String method, String path) {
        String origin = PlainAnswers.forLog(v.origin(), 200);
        if (loggedOrigins.size() >= MAX_LOGGED_ORIGINS) {
            if (!loggedOrigins.contains(origin) && originLogFull.compareAndSet(false, true)) {
                LOG.warn("HTTP: {} origins refused so far; further ones are refused without a log line",
                        MAX_LOGGED_ORIGINS);
            }
            return;
        }
        if (loggedOrigins.add(origin)) {
            LOG.warn("HTTP: refused {} {} from another origin, {} (judged by {}); later refusals of this"
                    + " origin are not logged", method, PlainAnswers.forLog(path, 200), origin, header(v.basis()));
        }
    }

    private static String header(CrossOriginCheck.Basis b) {
        switch (b) {
            case SEC_FETCH_SITE: return "Sec-Fetch-Site";
            case ORIGIN: return "Origin";
            case REFERER: return "Referer";
            default: return b.name();
        }
    }

    /** For the tests: the throttle now in force. */
    LoginThrottle throttle() {
        return throttle;
    }
}
