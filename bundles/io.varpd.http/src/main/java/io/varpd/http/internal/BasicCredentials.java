// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.http.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * The user name and password of an HTTP Basic {@code Authorization} header (RFC 7617).
 *
 * <p>The credentials are decoded as UTF-8, what curl and browsers send. (The web console decodes them as ISO-8859-1, so
 * it never accepts a non-ASCII password; for ASCII passwords both agree.)
 */
record BasicCredentials(String user, String password) {

    /** Parses the header value; empty when absent, not Basic, or malformed. */
    static Optional<BasicCredentials> parse(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        String h = authorization.trim();
        int blank = h.indexOf(' ');
        if (blank <= 0 || !h.substring(0, blank).toLowerCase(Locale.ROOT).equals("basic")) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(h.substring(blank).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        return Optional.of(new BasicCredentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
    }

    @Override
    public String toString() {
        return "BasicCredentials[user=" + user + ", password=(hidden)]";
    }
}
