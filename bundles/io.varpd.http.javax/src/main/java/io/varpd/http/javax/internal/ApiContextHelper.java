// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.http.javax.internal;

import io.varpd.http.internal.ApiDoor;
import io.varpd.http.internal.JaasAuthenticator;
import java.io.IOException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.http.context.ServletContextHelper;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContext;

/**
 * The servlet context of the HTTP API ({@value ApiDoor#CONTEXT_NAME} at {@value ApiDoor#CONTEXT_PATH}) on the javax
 * HTTP Whiteboard: its {@link #handleSecurity} is the {@link ApiDoor}, which here admits the users of a JAAS realm that
 * have a role ({@link JaasAuthenticator}): in Karaf the realm {@code karaf} and role {@code admin}, as for Karaf's own
 * web console. Configuration: PID {@value #PID} ({@link Login}).
 */
@Component(service = ServletContextHelper.class, scope = ServiceScope.BUNDLE, configurationPid = ApiContextHelper.PID)
@HttpWhiteboardContext(name = ApiDoor.CONTEXT_NAME, path = ApiDoor.CONTEXT_PATH)
public class ApiContextHelper extends ServletContextHelper {
    public static final String PID = "io.varpd.http.login";

    /** Who may use the API (PID {@value ApiContextHelper#PID}). */
    public @interface Login {
        /** The JAAS realm that checks user names and passwords (Karaf's is karaf). */
        String realm() default "karaf";

        /** The role a user needs: a RolePrincipal's name, or class:name; empty for any user. */
        String role() default "admin";
    }

    private final ApiDoor door;

    @Activate
    public ApiContextHelper(Login login) {
        this.door = new ApiDoor(new JaasAuthenticator(login.realm(), login.role()));
    }

    @Override
    public boolean handleSecurity(HttpServletRequest request, HttpServletResponse response) throws IOException {
        return door.admit(new JavaxExchange(request, response), REMOTE_USER, AUTHENTICATION_TYPE);
    }
}
