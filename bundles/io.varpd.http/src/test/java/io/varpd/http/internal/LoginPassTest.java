// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LoginPassTest {
    private static final long NOW = 1_800_000_000L;
    private final LoginPass passes = new LoginPass();

    @Test
    void aPassIsValidForItsUserUntilItExpires() {
        String p = passes.issue("admin", NOW);

        assertTrue(passes.valid(p, "admin", NOW));
        assertTrue(passes.valid(p, "admin", NOW + LoginPass.LIFETIME_SECONDS - 1));
        assertFalse(passes.valid(p, "admin", NOW + LoginPass.LIFETIME_SECONDS));
        assertFalse(passes.valid(p, "operator", NOW));
    }

    @Test
    void aForgedOrForeignPassIsWorthNothing() {
        String p = passes.issue("admin", NOW);
        String[] parts = p.split("\\.");
        String longer = parts[0] + "." + (Long.parseLong(parts[1]) + 1000) + "." + parts[2];

        assertFalse(passes.valid(longer, "admin", NOW), "the expiry is signed");
        assertFalse(new LoginPass().valid(p, "admin", NOW), "another process (a restart) has another key");
        for (String junk : new String[] {null, "", ".", "..", "a.b.c", "YWRtaW4.x.y", p + "x"}) {
            assertFalse(passes.valid(junk, "admin", NOW), junk);
        }
    }

    @Test
    void theCookieIsHttpOnlyAndNeverSentCrossSite() {
        String c = passes.cookie("admin", NOW);

        assertTrue(c.startsWith(LoginPass.COOKIE + "="));
        assertTrue(c.endsWith("; Path=/; Max-Age=2592000; HttpOnly; SameSite=Strict"), c);
        String value = c.substring(LoginPass.COOKIE.length() + 1, c.indexOf(';'));
        assertEquals(
                value, LoginPass.fromCookieHeader("felix-webconsole-locale=en; " + LoginPass.COOKIE + "=" + value));
        assertTrue(passes.valid(value, "admin", NOW));
        assertNull(LoginPass.fromCookieHeader("felix-webconsole-locale=en"));
    }
}
