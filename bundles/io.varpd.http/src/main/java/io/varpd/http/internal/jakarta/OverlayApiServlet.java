// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.http.internal.jakarta;

import io.varpd.api.admin.VarpdAdmin;
import io.varpd.http.internal.ApiDoor;
import io.varpd.http.internal.OverlayApi;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The {@link OverlayApi} as a Jakarta servlet, registered only in the API's context ({@link ApiContextHelper}), so it
 * cannot be reached without passing the door: if the context is missing, the whiteboard leaves the servlet unregistered
 * rather than exposing it elsewhere.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/*")
@HttpWhiteboardServletName("varpd HTTP API")
@HttpWhiteboardContextSelect("(osgi.http.whiteboard.context.name=" + ApiDoor.CONTEXT_NAME + ")")
public class OverlayApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient OverlayApi api;

    @Activate
    public OverlayApiServlet(@Reference(name = "admin") VarpdAdmin admin) {
        this.api = new OverlayApi(admin);
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        api.serve(new JakartaExchange(req, resp));
    }
}
