// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.http.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Decides whether a request may change state, judged by where a browser says it comes from: the defence of the web
 * console and the HTTP API against cross-site request forgery.
 *
 * <p>Theory. An operator's browser holds the console's credentials; a page from any other origin (another port on
 * localhost counts) can make that browser send a form POST to the console, and the browser adds the credentials. What
 * such a request cannot hide is where it comes from: every current browser sends {@code Sec-Fetch-Site} on every
 * request and {@code Origin} on every POST that is not same-origin, and these headers cannot be set by a page. So:
 *
 * <ol>
 *   <li>Safe methods (GET, HEAD, OPTIONS, TRACE) pass: they change nothing.
 *   <li>{@code Sec-Fetch-Site} decides when present: {@code same-origin} (the console's own pages) and {@code none}
 *       (the operator typed the address or used a bookmark) pass, {@code same-site} and {@code cross-site} are refused.
 *       An unknown value is ignored, as if absent.
 *   <li>Else {@code Origin} decides: it must be the origin the browser addressed, i.e. the request's scheme with its
 *       {@code Host} header ({@code http://127.0.0.1:8080}, or {@code http://localhost:9999} through an ssh tunnel).
 *       {@code Origin: null} (sandboxed frames, some redirects) is refused.
 *   <li>Else {@code Referer} decides the same way (older browsers sent no Origin on same-origin POSTs).
 *   <li>A request with none of the three did not come from a browser (curl, scripts, Prometheus) and passes: such a
 *       client is not tricked into anything, it sends what its owner wrote.
 * </ol>
 *
 * <p>Plain Java on purpose: the caller hands in the method, the scheme and a header lookup, so the same decision serves
 * a Jakarta or a javax servlet registration.
 */
final class CrossOriginCheck {
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private CrossOriginCheck() {}

    /** What the decision was based on. */
    enum Basis {
        SAFE_METHOD,
        SEC_FETCH_SITE,
        ORIGIN,
        REFERER,
        NO_BROWSER_HEADERS
    }

    /**
     * The verdict: allowed or not, on which header, and for a refusal the foreign origin as the browser named it (for
     * the log; {@code "(cross-site)"} or similar when no header named it).
     */
    record Verdict(boolean allowed, Basis basis, String origin) {}

    /**
     * Judges one request.
     *
     * @param method the HTTP method
     * @param scheme the scheme the request arrived with ({@code http} or {@code https})
     * @param header a header lookup by name; {@code null} for an absent header
     */
    static Verdict check(String method, String scheme, UnaryOperator<String> header) {
        if (method != null && SAFE_METHODS.contains(method.toUpperCase(Locale.ROOT))) {
            return new Verdict(true, Basis.SAFE_METHOD, null);
        }
        String origin = header.apply("Origin");
        String referer = header.apply("Referer");
        String site = header.apply("Sec-Fetch-Site");
        if (site != null) {
            switch (site.trim().toLowerCase(Locale.ROOT)) {
                case "same-origin":
                case "none":
                    return new Verdict(true, Basis.SEC_FETCH_SITE, null);
                case "same-site":
                case "cross-site":
                    return new Verdict(false, Basis.SEC_FETCH_SITE, named(origin, referer, site.trim()));
                default:
                    break; // a value from a future browser: judge by the other headers
            }
        }
        String own = ownOrigin(scheme, header.apply("Host"));
        if (origin != null) {
            boolean same = own != null && own.equals(normalise(origin));
            return new Verdict(same, Basis.ORIGIN, same ? null : origin.trim());
        }
        if (referer != null) {
            String from = normalise(referer);
            boolean same = own != null && own.equals(from);
            return new Verdict(same, Basis.REFERER, same ? null : from != null ? from : referer.trim());
        }
        return new Verdict(true, Basis.NO_BROWSER_HEADERS, null);
    }

    /** Whether the method can change state (everything but GET, HEAD, OPTIONS and TRACE). */
    static boolean isStateChanging(String method) {
        return method == null || !SAFE_METHODS.contains(method.toUpperCase(Locale.ROOT));
    }

    private static String named(String origin, String referer, String site) {
        if (origin != null) {
            return origin.trim();
        }
        String from = referer == null ? null : normalise(referer);
        return from != null ? from : "(a " + site + " page)";
    }

    /** {@code scheme://host:port} as addressed by the client, or null when the Host is unusable. */
    static String ownOrigin(String scheme, String host) {
        if (scheme == null || host == null || host.isBlank()) {
            return null;
        }
        return normalise(scheme + "://" + host.trim());
    }

    /**
     * The origin of a URL as {@code scheme://host:port}, lower case and with the port written out (80 for http, 443 for
     * https), or null when it is no http(s) URL with a host ({@code "null"} included).
     */
    static String normalise(String url) {
        try {
            URI u = new URI(url.trim());
            String scheme = u.getScheme();
            String host = u.getHost();
            if (scheme == null || host == null) {
                return null;
            }
            scheme = scheme.toLowerCase(Locale.ROOT);
            int port = u.getPort();
            if (port == -1) {
                switch (scheme) {
                    case "http":
                        port = 80;
                        break;
                    case "https":
                        port = 443;
                        break;
                    default:
                        return null;
                }
            }
            return scheme + "://" + host.toLowerCase(Locale.ROOT) + ":" + port;
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
