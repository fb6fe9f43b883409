// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.metrics.javax.internal;

import io.varpd.api.admin.VarpdAdmin;
import io.varpd.api.device.OverlayDeviceProvider;
import io.varpd.metrics.internal.MetricsEndpoint;
import java.io.IOException;
import java.util.Map;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The {@link MetricsEndpoint} as a javax servlet on the HTTP Whiteboard (Karaf's Pax Web 8), registered only in the
 * HTTP API's servlet context ({@value MetricsEndpoint#API_CONTEXT_NAME}, owned by io.varpd.http), so every request has
 * passed that context's authentication, exactly as for the rest of the API; without that context the whiteboard leaves
 * this servlet unregistered rather than exposing it elsewhere. The exact pattern {@value MetricsEndpoint#PATTERN} wins
 * over the API servlet's {@code /*}.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern(MetricsEndpoint.PATTERN)
@HttpWhiteboardServletName("varpd metrics")
@HttpWhiteboardContextSelect("(osgi.http.whiteboard.context.name=" + MetricsEndpoint.API_CONTEXT_NAME + ")")
public class MetricsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient MetricsEndpoint endpoint;

    @Activate
    public MetricsServlet(@Reference(name = "admin") VarpdAdmin admin) {
        this.endpoint = new MetricsEndpoint(admin);
    }

    @Reference(
            name = "deviceProvider",
            service = OverlayDeviceProvider.class,
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY,
            updated = "updatedDeviceProvider",
            unbind = "removeDeviceProvider")
    public void addDeviceProvider(OverlayDeviceProvider provider, Map<String, Object> properties) {
        endpoint.putDeviceProvider(provider, properties);
    }

    public void updatedDeviceProvider(OverlayDeviceProvider provider, Map<String, Object> properties) {
        endpoint.putDeviceProvider(provider, properties);
    }

    public void removeDeviceProvider(OverlayDeviceProvider provider, Map<String, Object> properties) {
        endpoint.removeDeviceProvider(properties);
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        MetricsEndpoint.Reply r = endpoint.answer(req.getMethod());
        resp.setStatus(r.status());
        resp.setContentType(r.contentType());
        MetricsEndpoint.HEADERS.forEach(resp::setHeader);
        if (r.allow() != null) {
            resp.setHeader("Allow", r.allow());
        }
        resp.setContentLength(r.body().length);
        if (r.sendBody()) {
            resp.getOutputStream().write(r.body());
        }
    }
}
