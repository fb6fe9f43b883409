// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.http.internal.jakarta;

import io.varpd.http.internal.ApiAuthenticator;
import io.varpd.http.internal.ApiDoor;
import io.varpd.http.internal.Authenticator;
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
 * The servlet context of the HTTP API ({@value ApiDoor#CONTEXT_NAME} at {@value ApiDoor#CONTEXT_PATH}) on the Jakarta
 * Servlet Whiteboard: its {@link #handleSecurity} is the {@link ApiDoor}, which here admits the web console's user name
 * and password ({@link ApiAuthenticator}).
 *
 * <p>Requires Configuration Admin: without it there is no context, and so no API.
 */
@Component(service = ServletContextHelper.class, scope = ServiceScope.BUNDLE)
@HttpWhiteboardContext(name = ApiDoor.CONTEXT_NAME, path = ApiDoor.CONTEXT_PATH)
public class ApiContextHelper extends ServletContextHelper {
    private final ApiDoor door;

    @Activate
    public ApiContextHelper(@Reference(name = "configAdmin") ConfigurationAdmin configAdmin, BundleContext context) {
        this(ApiAuthenticator.ofConsoleAccount(configAdmin, context::getProperty));
    }

    public ApiContextHelper(Authenticator authenticator) {
        this.door = new ApiDoor(authenticator);
    }

    @Override
    public boolean handleSecurity(HttpServletRequest request, HttpServletResponse response) throws IOException {
        return door.admit(new JakartaExchange(request, response), REMOTE_USER, AUTHENTICATION_TYPE);
    }
}
