package io.varpd.http.internal;

import io.varpd.api.Errno;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.servlet.context.ServletContextHelper;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContext;

/**
 * The servlet context of the HTTP API ({@value #CONTEXT_NAME} at {@value #CONTEXT_PATH}): its
 * {@link #handleSecurity} admits a request only with the web console's user name and password
 * (HTTP Basic), as decided by {@link ApiAuthenticator}; anything else gets 401 with a JSON error
 * and a {@code WWW-Authenticate} challenge for realm {@value #REALM}.
 *
 * <p>Requires Configuration Admin: without it there is no context, and so no API.
 */
@Component(service = ServletContextHelper.class, scope = ServiceScope.BUNDLE)
@HttpWhiteboardContext(name = ApiContextHelper.CONTEXT_NAME, path = ApiContextHelper.CONTEXT_PATH)
public class ApiContextHelper extends ServletContextHelper {
    public static final String CONTEXT_NAME = "varpd.api";
    public static final String CONTEXT_PATH = "/varpd/api";
    /** A realm of its own, so a browser never reuses console credentials here unasked. */
    static final String REALM = "varpd API";

    private final ApiAuthenticator authenticator;

    @Activate
    public ApiContextHelper(@Reference(name = "configAdmin") ConfigurationAdmin configAdmin, BundleContext context) {
        this(new ApiAuthenticator(new ConsoleAccountReader(configAdmin, context::getProperty)::read));
    }

    ApiContextHelper(ApiAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public boolean handleSecurity(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ApiAuthenticator.Decision d = authenticator.check(request.getHeader("Authorization"));
        if (d.accepted()) {
            request.setAttribute(REMOTE_USER, d.user());
            request.setAttribute(AUTHENTICATION_TYPE, HttpServletRequest.BASIC_AUTH);
            return true;
        }
        if (d.outcome().isConfigurationProblem()) {
            // Refused whatever the password (logged by the authenticator): no guess to count.
            request.setAttribute(HttpGuard.LOGIN_NOT_CHECKED, Boolean.TRUE);
        }
        response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
        JsonResponses.writeError(response, HttpServletResponse.SC_UNAUTHORIZED, Errno.EPERM,
                "authentication required: HTTP Basic with the web console's user name and password");
        return false;
    }
}
