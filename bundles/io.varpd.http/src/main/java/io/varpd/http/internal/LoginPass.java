// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.http.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A "this browser logged in before" pass, so that a password guesser does not lock the operator out: everything here
 * listens on loopback, so the guesser and the operator (directly or through an ssh tunnel) usually share the address
 * the {@link LoginThrottle} counts by.
 *
 * <p>Theory. After a successful login the browser gets a cookie naming the user and an expiry, signed with a key that
 * lives only in this process (HMAC-SHA256). A later login that presents a valid pass for the same user is counted in a
 * throttle bucket of its own instead of its address's, so a guesser hammering from the same address does not delay it.
 * The pass grants nothing else: the password is checked as always, and a stolen pass only buys a bucket that is
 * throttled in the same way. A restart makes every pass invalid (the key is new), which only means the next login
 * counts by address again.
 */
final class LoginPass {
    static final String COOKIE = "varpd-login-pass";
    /** How long a pass stays valid: 30 days. */
    static final long LIFETIME_SECONDS = 30L * 24 * 3600;

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final byte[] key = new byte[32];

    LoginPass() {
        new SecureRandom().nextBytes(key);
    }

    /** A signed pass for {@code user}, valid until {@code nowSeconds} plus the lifetime. */
    String issue(String user, long nowSeconds) {
        String body = B64.encodeToString(user.getBytes(StandardCharsets.UTF_8)) + "." + (nowSeconds + LIFETIME_SECONDS);
        return body + "." + sign(body);
    }

    /** Whether {@code pass} is one this process issued for {@code user} and has not expired. */
    boolean valid(String pass, String user, long nowSeconds) {
        if (pass == null || user == null) {
            return false;
        }
        int sig = pass.lastIndexOf('.');
        int exp = sig <= 0 ? -1 : pass.lastIndexOf('.', sig - 1);
        if (exp <= 0) {
            return false;
        }
        String body = pass.substring(0, sig);
        byte[] expected = sign(body).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, pass.substring(sig + 1).getBytes(StandardCharsets.US_ASCII))) {
            return false;
        }
        try {
            long expiry = Long.parseLong(pass.substring(exp + 1, sig));
            String named = new String(Base64.getUrlDecoder().decode(pass.substring(0, exp)), StandardCharsets.UTF_8);
            return named.equals(user) && nowSeconds < expiry;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The {@code Set-Cookie} value: only sent back over HTTP, never with a cross-site request. */
    String cookie(String user, long nowSeconds) {
        return COOKIE + "=" + issue(user, nowSeconds) + "; Path=/; Max-Age=" + LIFETIME_SECONDS
                + "; HttpOnly; SameSite=Strict";
    }

    /** The pass among the request's {@code Cookie} header values, or null. */
    static String fromCookieHeader(String cookieHeader) {
        if (cookieHeader == null) {
            return null;
        }
        for (String part : cookieHeader.split(";")) {
            String p = part.trim();
            if (p.startsWith(COOKIE + "=")) {
                return p.substring(COOKIE.length() + 1);
            }
        }
        return null;
    }

    private String sign(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return B64.encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
