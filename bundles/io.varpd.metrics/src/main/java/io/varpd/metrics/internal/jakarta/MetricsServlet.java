package io.varpd.metrics.internal;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import io.varpd.api.Errno;
import io.varpd.api.admin.InstanceInfo;
import io.varpd.api.admin.StrayDevice;
import io.varpd.api.admin.VarpdAdmin;
import io.varpd.api.device.OverlayDeviceProvider;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /varpd/api/metrics}: varpd's counters and statuses in the Prometheus text format
 * 0.0.4 (see {@link MetricsModel} for the families).
 *
 * <p>Registered only in the HTTP API's servlet context ({@value #API_CONTEXT_NAME}, owned by
 * io.varpd.http), so every request has passed that context's authentication, exactly as for the
 * rest of the API; without that context (io.varpd.http absent) the whiteboard leaves this servlet
 * unregistered rather than exposing it elsewhere. The exact pattern {@value #PATTERN} wins over the
 * API servlet's {@code /*} by the servlet matching rules. Stateless per request and thread-safe.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern(MetricsServlet.PATTERN)
@HttpWhiteboardServletName("varpd metrics")
@HttpWhiteboardContextSelect("(osgi.http.whiteboard.context.name=" + MetricsServlet.API_CONTEXT_NAME + ")")
public class MetricsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServlet.class);

    /** The name of io.varpd.http's servlet context (its ApiContextHelper.CONTEXT_NAME). */
    public static final String API_CONTEXT_NAME = "varpd.api";
    public static final String PATTERN = "/metrics";
    static final String ALLOW = "GET, HEAD";
    /** As the rest of the API answers errors. */
    static final String JSON_CONTENT_TYPE = "application/json;charset=UTF-8";

    // Thread-safe; HTML escaping off so messages stay readable in a terminal (nosniff JSON).
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private final transient VarpdAdmin admin;
    private final transient DeviceProviderCounters providers = new DeviceProviderCounters();
    private final transient MetricsModel model = new MetricsModel();

    @Activate
    public MetricsServlet(@Reference(name = "admin") VarpdAdmin admin) {
        this.admin = admin;
    }

    @Reference(name = "deviceProvider", service = OverlayDeviceProvider.class,
            cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, updated = "updatedDeviceProvider",
            unbind = "removeDeviceProvider")
    void addDeviceProvider(OverlayDeviceProvider provider, Map<String, Object> properties) {
        providers.put(DeviceProviderCounters.serviceId(properties), properties.get(OverlayDeviceProvider.TYPE), provider);
    }

    void updatedDeviceProvider(OverlayDeviceProvider provider, Map<String, Object> properties) {
        addDeviceProvider(provider, properties);
    }

    void removeDeviceProvider(OverlayDeviceProvider provider, Map<String, Object> properties) {
        providers.remove(DeviceProviderCounters.serviceId(properties));
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String method = req.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            resp.setHeader("Allow", ALLOW);
            writeError(resp, HttpServletResponse.SC_METHOD_NOT_ALLOWED, Errno.ENOTSUP,
                    method + " is not allowed on " + PATTERN + "; allowed: " + ALLOW);
            return;
        }
        byte[] body;
        try {
            body = PrometheusTextFormat.write(model.families(snapshot())).getBytes(StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            // A bug in core or here: answer, log with the stack, keep serving.
            LOG.error("{} {} failed", method, PATTERN, e);
            writeError(resp, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, Errno.EIO, "internal error: " + e);
            return;
        }
        resp.setStatus(HttpServletResponse.SC_OK);
        resp.setContentType(PrometheusTextFormat.CONTENT_TYPE);
        headers(resp);
        resp.setContentLength(body.length);
        if (method.equals("GET")) {
            resp.getOutputStream().write(body);
        }
    }

    /** What one scrape exports, read now. */
    VarpdSnapshot snapshot() {
        List<InstanceInfo> instances = admin.instances();
        List<StrayDevice> strays;
        try {
            strays = admin.strayDevices();
        } catch (RuntimeException e) {
            // The instances are worth more than the strays: export them anyway.
            LOG.warn("stray devices are left out of the metrics: {}", e.toString());
            strays = List.of();
        }
        return new VarpdSnapshot(instances, strays, providers.read());
    }

    /**
     * The HTTP API's error answer, {"error": errno, "message": text} pretty-printed, so a client
     * needs one parser for every error of /varpd/api.
     */
    private static void writeError(HttpServletResponse resp, int status, Errno errno, String message)
            throws IOException {
        JsonObject o = new JsonObject();
        o.addProperty("error", errno.name());
        o.addProperty("message", message);
        byte[] body = (GSON.toJson(o) + "\n").getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType(JSON_CONTENT_TYPE);
        headers(resp);
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }

    /**
     * As the rest of the API: never cached (counters are live), and never sniffed as anything but
     * what the Content-Type says, since label values carry link names and namespace names that
     * others chose.
     */
    private static void headers(HttpServletResponse resp) {
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("X-Content-Type-Options", "nosniff");
    }
}
