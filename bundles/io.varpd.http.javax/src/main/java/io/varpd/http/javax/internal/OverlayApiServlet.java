// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.http.javax.internal;

import io.varpd.api.admin.VarpdAdmin;
import io.varpd.http.internal.ApiDoor;
import io.varpd.http.internal.OverlayApi;
import java.io.IOException;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The {@link OverlayApi} as a javax servlet, registered only in the API's context ({@link ApiContextHelper}), so it
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
        api.serve(new JavaxExchange(req, resp));
    }
}
