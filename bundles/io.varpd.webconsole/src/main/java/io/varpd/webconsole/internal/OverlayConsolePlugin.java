package io.varpd.webconsole.internal;

import io.varpd.api.admin.VarpdAdmin;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The web console page {@value #LABEL} ("varpd overlays", category Network): a plain servlet
 * that Web Console 5 wraps in its page template (see the package theory). GET writes the page
 * content; other methods are refused (405) by {@link HttpServlet}, since the page only reads.
 */
@Component(service = Servlet.class, property = {
    OverlayConsolePlugin.PROP_LABEL + "=" + OverlayConsolePlugin.LABEL,
    OverlayConsolePlugin.PROP_TITLE + "=" + OverlayConsolePlugin.TITLE,
    OverlayConsolePlugin.PROP_CATEGORY + "=" + OverlayConsolePlugin.CATEGORY
})
public class OverlayConsolePlugin extends HttpServlet {
    private static final long serialVersionUID = 1L;

    // The console's service property and request attribute names (webconsole 5
    // ServletConstants), spelled out so this bundle does not import the console's API.
    static final String PROP_LABEL = "felix.webconsole.label";
    static final String PROP_TITLE = "felix.webconsole.title";
    static final String PROP_CATEGORY = "felix.webconsole.category";
    static final String ATTR_APP_ROOT = "felix.webconsole.appRoot";

    static final String LABEL = "varpd";
    static final String TITLE = "varpd overlays";
    static final String CATEGORY = "Network";
    static final String DEFAULT_APP_ROOT = "/system/console";

    private final transient VarpdAdmin admin;

    @Activate
    public OverlayConsolePlugin(@Reference(name = "admin") VarpdAdmin admin) {
        this.admin = admin;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        // The console has set text/html and written its header when it wraps the page; set it
        // anyway for the unwrapped case (a path with an extension).
        resp.setContentType("text/html;charset=UTF-8");
        String html = new OverlayPage(appRoot(req)).render(admin.instances(), admin.strayDevices(), admin.plugins());
        PrintWriter out = resp.getWriter();
        out.print(html);
        out.flush();
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
