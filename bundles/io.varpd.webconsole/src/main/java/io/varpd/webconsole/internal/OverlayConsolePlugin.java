package io.varpd.webconsole.internal;

import io.varpd.api.admin.VarpdAdmin;
import io.varpd.webconsole.internal.dashboard.Answer;
import io.varpd.webconsole.internal.dashboard.Dashboard;
import io.varpd.webconsole.internal.dashboard.Links;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web console page {@value Links#LABEL} ("varpd overlays", category Network) for Web Console 5:
 * a thin jakarta.servlet adapter around {@link Dashboard}, which holds everything the page shows
 * and does. It also runs the dashboard's sampling timer (every {@value #SAMPLE_SECONDS} s), so
 * the sparklines have minutes of history when the page is opened.
 */
@Component(service = Servlet.class, property = {
    OverlayConsolePlugin.PROP_LABEL + "=" + Links.LABEL,
    OverlayConsolePlugin.PROP_TITLE + "=" + OverlayConsolePlugin.TITLE,
    OverlayConsolePlugin.PROP_CATEGORY + "=" + OverlayConsolePlugin.CATEGORY
})
public class OverlayConsolePlugin extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(OverlayConsolePlugin.class);

    // The console's service property and request attribute names (webconsole 5
    // ServletConstants), spelled out so this bundle does not import the console's API.
    static final String PROP_LABEL = "felix.webconsole.label";
    static final String PROP_TITLE = "felix.webconsole.title";
    static final String PROP_CATEGORY = "felix.webconsole.category";
    static final String ATTR_APP_ROOT = "felix.webconsole.appRoot";

    static final String TITLE = "varpd overlays";
    static final String CATEGORY = "Network";
    static final String DEFAULT_APP_ROOT = "/system/console";
    static final int SAMPLE_SECONDS = 5;

    private final transient Dashboard dashboard;
    private final transient ScheduledExecutorService sampler;

    @Activate
    public OverlayConsolePlugin(@Reference(name = "admin") VarpdAdmin admin) {
        this(new Dashboard(admin), true);
    }

    OverlayConsolePlugin(Dashboard dashboard, boolean sample) {
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

    @Deactivate
    void deactivate() {
        if (sampler != null) {
            sampler.shutdownNow();
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Map<String, String> query = new HashMap<>();
        req.getParameterMap().forEach((k, v) -> query.put(k, v.length == 0 ? "" : v[0]));
        write(resp, dashboard.get(new Links(appRoot(req)), subPath(req), query));
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Map<String, String> form = new HashMap<>();
        req.getParameterMap().forEach((k, v) -> form.put(k, v.length == 0 ? "" : v[0]));
        write(resp, dashboard.post(subPath(req), form, req::getHeader));
    }

    private static void write(HttpServletResponse resp, Answer a) throws IOException {
        // When the console wraps a page (GET of a path without extension) it has already set
        // text/html and written its header; these calls then change nothing.
        resp.setStatus(a.status());
        resp.setContentType(a.contentType());
        if (!a.fragment()) {
            resp.setHeader("Cache-Control", "no-store");
            resp.setHeader("X-Content-Type-Options", "nosniff");
        }
        PrintWriter out = resp.getWriter();
        out.print(a.body());
        out.flush();
    }

    /** The path below the page: {@code /overlay/x} of {@code <root>/varpd/overlay/x}; "" for the page itself. */
    static String subPath(HttpServletRequest req) {
        String info = req.getPathInfo();
        String prefix = "/" + Links.LABEL;
        if (info != null && info.startsWith(prefix)) {
            return info.substring(prefix.length());
        }
        String uri = req.getRequestURI();
        int at = uri == null ? -1 : uri.indexOf(prefix + "/");
        return at < 0 ? "" : uri.substring(at + prefix.length());
    }

    /** The console root from the request, or the default when absent or not a plain path. */
    static String appRoot(HttpServletRequest req) {
        Object root = req.getAttribute(ATTR_APP_ROOT);
        if (root instanceof String && ((String) root).startsWith("/") && !((String) root).startsWith("//")) {
            String r = (String) root;
            return r.endsWith("/") ? r.substring(0, r.length() - 1) : r;
        }
        return DEFAULT_APP_ROOT;
    }
}
