// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.webconsole.internal.dashboard;

import io.varpd.api.admin.VarpdAdmin;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The varpd page of a Felix Web Console, written once for both console generations: Web Console 5 (Jakarta, our
 * runtime) and Web Console 4 (javax, Karaf 4.4). Each registers a plain servlet with the console's page properties
 * ({@link #PROP_LABEL} ...) that hands the request's path, parameters and headers here and writes the {@link Answer}.
 *
 * <p>It also runs the {@link Dashboard}'s sampling timer (every {@value #SAMPLE_SECONDS} s), so the sparklines have
 * minutes of history when the page is opened.
 */
public final class ConsolePage implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsolePage.class);

    // The console's service property and request attribute names (the same in Web Console 4 and
    // 5), spelled out so the page needs none of the console's API.
    public static final String PROP_LABEL = "felix.webconsole.label";
    public static final String PROP_TITLE = "felix.webconsole.title";
    public static final String PROP_CATEGORY = "felix.webconsole.category";
    public static final String ATTR_APP_ROOT = "felix.webconsole.appRoot";

    public static final String TITLE = "varpd overlays";
    public static final String CATEGORY = "Network";
    static final String DEFAULT_APP_ROOT = "/system/console";
    static final int SAMPLE_SECONDS = 5;

    private final Dashboard dashboard;
    private final ScheduledExecutorService sampler;

    /** A page over {@code admin} that samples in the background. */
    public ConsolePage(VarpdAdmin admin) {
        this(new Dashboard(admin), true);
    }

    ConsolePage(Dashboard dashboard, boolean sample) {
        this.dashboard = dashboard;
        if (sample) {
            sampler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "varpd-console-sampler");
                t.setDaemon(true);
                return t;
            });
            sampler.scheduleWithFixedDelay(this::sample, 0, SAMPLE_SECONDS, TimeUnit.SECONDS);
        } else {
            sampler = null;
        }
    }

    private void sample() {
        try {
            dashboard.tick();
        } catch (RuntimeException e) {
            // One failed sample leaves a gap in the sparklines; the next one goes on.
            LOG.warn("varpd console: could not sample the overlays: {}", e.toString());
        }
    }

    /** Stops the sampling timer. */
    @Override
    public void close() {
        if (sampler != null) {
            sampler.shutdownNow();
        }
    }

    /**
     * A GET: {@code appRoot} is the request's {@value #ATTR_APP_ROOT} attribute, {@code pathInfo} and {@code uri} the
     * request's path info and URI.
     */
    public Answer get(Object appRoot, String pathInfo, String uri, Map<String, String[]> parameters) {
        return dashboard.get(new Links(appRoot(appRoot)), subPath(pathInfo, uri), first(parameters));
    }

    /** A POST, with the request's headers. */
    public Answer post(String pathInfo, String uri, Map<String, String[]> parameters, Function<String, String> header) {
        return dashboard.post(subPath(pathInfo, uri), first(parameters), header);
    }

    /**
     * The headers of an answer that the console does not wrap: never cached, never sniffed. (When the console wraps a
     * page fragment it has already written its own.)
     */
    public static Map<String, String> headers(Answer a) {
        return a.fragment() ? Map.of() : Map.of("Cache-Control", "no-store", "X-Content-Type-Options", "nosniff");
    }

    private static Map<String, String> first(Map<String, String[]> parameters) {
        Map<String, String> m = new HashMap<>();
        parameters.forEach((k, v) -> m.put(k, v.length == 0 ? "" : v[0]));
        return m;
    }

    /** The path below the page: {@code /overlay/x} of {@code <root>/varpd/overlay/x}; "" for the page itself. */
    static String subPath(String pathInfo, String uri) {
        String prefix = "/" + Links.LABEL;
        if (pathInfo != null && pathInfo.startsWith(prefix)) {
            return pathInfo.substring(prefix.length());
        }
        int at = uri == null ? -1 : uri.indexOf(prefix + "/");
        return at < 0 ? "" : uri.substring(at + prefix.length());
    }

    /** The console root from the request, or the default when absent or not a plain path. */
    static String appRoot(Object root) {
        if (root instanceof String && ((String) root).startsWith("/") && !((String) root).startsWith("//")) {
            String r = (String) root;
            return r.endsWith("/") ? r.substring(0, r.length() - 1) : r;
        }
        return DEFAULT_APP_ROOT;
    }
}
