// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.webconsole.javax.internal;

import io.varpd.api.admin.VarpdAdmin;
import io.varpd.webconsole.internal.dashboard.Answer;
import io.varpd.webconsole.internal.dashboard.ConsolePage;
import io.varpd.webconsole.internal.dashboard.Links;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URL;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The web console page {@value Links#LABEL} ("varpd overlays", category Network) for Felix Web Console 4, the javax
 * console of Karaf 4.4: the twin of io.varpd.webconsole's Web Console 5 servlet, a thin adapter around
 * {@link ConsolePage}.
 *
 * <p>Web Console 4 wraps a plain servlet with these properties as a page: a GET of an HTML path gets the console's
 * header and navigation around what the servlet writes, other methods reach the servlet directly, and
 * {@code <root>/varpd/res/...} is served from what {@link #getResource(String)} returns (the console finds that method
 * by name).
 */
@Component(
        service = Servlet.class,
        property = {
            ConsolePage.PROP_LABEL + "=" + Links.LABEL,
            ConsolePage.PROP_TITLE + "=" + ConsolePage.TITLE,
            ConsolePage.PROP_CATEGORY + "=" + ConsolePage.CATEGORY
        })
public class OverlayConsolePlugin extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final String RESOURCES = "/" + Links.LABEL + "/res/";

    private final transient ConsolePage page;

    @Activate
    public OverlayConsolePlugin(@Reference(name = "admin") VarpdAdmin admin) {
        this.page = new ConsolePage(admin);
    }

    @Deactivate
    void deactivate() {
        page.close();
    }

    /**
     * The page's script, style sheet and chart library ({@code /varpd/res/<name>} to the bundle's {@code res/<name>});
     * null for anything else, which the console answers 404.
     */
    public URL getResource(String path) {
        if (path == null || !path.startsWith(RESOURCES) || path.contains("..")) {
            return null;
        }
        return OverlayConsolePlugin.class.getResource("/res/" + path.substring(RESOURCES.length()));
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        write(
                resp,
                page.get(
                        req.getAttribute(ConsolePage.ATTR_APP_ROOT),
                        req.getPathInfo(),
                        req.getRequestURI(),
                        req.getParameterMap()));
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        write(resp, page.post(req.getPathInfo(), req.getRequestURI(), req.getParameterMap(), req::getHeader));
    }

    private static void write(HttpServletResponse resp, Answer a) throws IOException {
        // When the console wraps a page (GET of an HTML path) it has already set text/html and
        // written its header; these calls then change nothing.
        resp.setStatus(a.status());
        resp.setContentType(a.contentType());
        ConsolePage.headers(a).forEach(resp::setHeader);
        PrintWriter out = resp.getWriter();
        out.print(a.body());
        out.flush();
    }
}
