// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.metrics.internal;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import io.varpd.api.Errno;
import io.varpd.api.admin.InstanceInfo;
import io.varpd.api.admin.StrayDevice;
import io.varpd.api.admin.VarpdAdmin;
import io.varpd.api.device.OverlayDeviceProvider;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /varpd/api/metrics}: varpd's counters and statuses in the Prometheus text format 0.0.4 (see
 * {@link MetricsModel} for the families), written once for both servlet APIs; each registers a servlet
 * ({@code jakarta.MetricsServlet} here, the one of io.varpd.metrics.javax in Karaf) in the HTTP API's servlet context
 * {@value #API_CONTEXT_NAME}, which writes the {@link Reply}. Stateless per request and thread-safe.
 */
public final class MetricsEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpoint.class);

    /** The name of io.varpd.http's servlet context (its ApiDoor.CONTEXT_NAME). */
    public static final String API_CONTEXT_NAME = "varpd.api";

    public static final String PATTERN = "/metrics";
    public static final String ALLOW = "GET, HEAD";
    /** As the rest of the API answers errors. */
    public static final String JSON_CONTENT_TYPE = "application/json;charset=UTF-8";
    /**
     * As the rest of the API: never cached (counters are live), and never sniffed as anything but what the Content-Type
     * says, since label values carry link names and namespace names that others chose.
     */
    public static final Map<String, String> HEADERS =
            Map.of("Cache-Control", "no-store", "X-Content-Type-Options", "nosniff");

    // Thread-safe; HTML escaping off so messages stay readable in a terminal (nosniff JSON).
    private static final Gson GSON =
            new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    /**
     * One answer: {@code allow} is the Allow header's value or null; the body is sent only when {@code sendBody} (not
     * for HEAD), but its length is always the Content-Length.
     */
    public record Reply(int status, String contentType, String allow, byte[] body, boolean sendBody) {}

    private final VarpdAdmin admin;
    private final DeviceProviderCounters providers = new DeviceProviderCounters();
    private final MetricsModel model = new MetricsModel();

    public MetricsEndpoint(VarpdAdmin admin) {
        this.admin = admin;
    }

    /** A device provider appeared or changed its service properties. */
    public void putDeviceProvider(OverlayDeviceProvider provider, Map<String, Object> properties) {
        providers.put(
                DeviceProviderCounters.serviceId(properties), properties.get(OverlayDeviceProvider.TYPE), provider);
    }

    public void removeDeviceProvider(Map<String, Object> properties) {
        providers.remove(DeviceProviderCounters.serviceId(properties));
    }

    /** The answer to a request with {@code method}. */
    public Reply answer(String method) {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return error(405, ALLOW, Errno.ENOTSUP, method + " is not allowed on " + PATTERN + "; allowed: " + ALLOW);
        }
        byte[] body;
        try {
            body = PrometheusTextFormat.write(model.families(snapshot())).getBytes(StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            // A bug in core or here: answer, log with the stack, keep serving.
            LOG.error("{} {} failed", method, PATTERN, e);
            return error(500, null, Errno.EIO, "internal error: " + e);
        }
        return new Reply(200, PrometheusTextFormat.CONTENT_TYPE, null, body, method.equals("GET"));
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
     * The HTTP API's error answer, {"error": errno, "message": text} pretty-printed, so a client needs one parser for
     * every error of /varpd/api.
     */
    private static Reply error(int status, String allow, Errno errno, String message) {
        JsonObject o = new JsonObject();
        o.addProperty("error", errno.name());
        o.addProperty("message", message);
        return new Reply(
                status, JSON_CONTENT_TYPE, allow, (GSON.toJson(o) + "\n").getBytes(StandardCharsets.UTF_8), true);
    }
}
