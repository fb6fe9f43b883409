// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.webconsole.internal;

import io.varpd.api.admin.VarpdAdmin;
import io.varpd.webconsole.internal.dashboard.Answer;
import io.varpd.webconsole.internal.dashboard.ConsolePage;
import io.varpd.webconsole.internal.dashboard.Links;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The web console page {@value Links#LABEL} ("varpd overlays", category Network) for Web Console 5: a thin
 * jakarta.servlet adapter around {@link ConsolePage}, which holds everything the page shows and does (its javax twin
 * for Web Console 4 is in bundle io.varpd.webconsole.javax).
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

    private final transient ConsolePage page;

    @Activate
    public OverlayConsolePlugin(@Reference(name = "admin") VarpdAdmin admin) {
        this.page = new ConsolePage(admin);
    }

    @Deactivate
    void deactivate() {
        page.close();
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
        // When the console wraps a page (GET of a path without extension) it has already set
        // text/html and written its header; these calls then change nothing.
        resp.setStatus(a.status());
        resp.setContentType(a.contentType());
        ConsolePage.headers(a).forEach(resp::setHeader);
        PrintWriter out = resp.getWriter();
        out.print(a.body());
        out.flush();
    }
}
