// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.http.internal;

/**
 * Who may use the HTTP API: decides on a request's {@code Authorization} header. Our runtime checks the web console's
 * account ({@link ApiAuthenticator}); inside Karaf the API uses Karaf's users and roles ({@link JaasAuthenticator}).
 */
public interface Authenticator {
    /** Decides on the {@code Authorization} header's value ({@code null} when absent). */
    ApiAuthenticator.Decision check(String authorization);

    /** What a client must send, for the 401 answer: "HTTP Basic with ...". */
    String whatToSend();
}
