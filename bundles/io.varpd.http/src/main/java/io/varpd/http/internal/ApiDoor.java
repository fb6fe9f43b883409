// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.http.internal;

import io.varpd.api.Errno;
import java.io.IOException;

/**
 * The only door of the HTTP API, written once for both servlet APIs: the {@code handleSecurity} of the API's servlet
 * context ({@value #CONTEXT_NAME} at {@value #CONTEXT_PATH}) in either whiteboard hands the request here. It admits a
 * request only with credentials its {@link Authenticator} accepts (HTTP Basic); anything else gets 401 with a JSON
 * error and a {@code WWW-Authenticate} challenge for realm {@value #REALM}.
 */
public final class ApiDoor {
    public static final String CONTEXT_NAME = "varpd.api";
    public static final String CONTEXT_PATH = "/varpd/api";
    /** A realm of its own, so a browser never reuses console credentials here unasked. */
    public static final String REALM = "varpd API";

    private final Authenticator authenticator;

    public ApiDoor(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    /**
     * Admits or answers the request. An admitted one gets the user in {@code remoteUserAttribute} and "BASIC" in
     * {@code authTypeAttribute}, the servlet API's context helper constants.
     */
    public boolean admit(HttpExchange x, String remoteUserAttribute, String authTypeAttribute) throws IOException {
        ApiAuthenticator.Decision d = authenticator.check(x.header("Authorization"));
        if (d.accepted()) {
            x.setAttribute(remoteUserAttribute, d.user());
            x.setAttribute(authTypeAttribute, "BASIC");
            return true;
        }
        if (d.outcome().isConfigurationProblem()) {
            // Refused whatever the password (logged by the authenticator): no guess to count.
            x.setAttribute(Guard.LOGIN_NOT_CHECKED, Boolean.TRUE);
        }
        x.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
        JsonResponses.writeError(x, 401, Errno.EPERM, "authentication required: " + authenticator.whatToSend());
        return false;
    }
}
