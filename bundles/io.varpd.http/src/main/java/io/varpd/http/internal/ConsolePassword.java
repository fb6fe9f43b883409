// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.http.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The Felix Web Console's password as it is stored, and the check of a candidate against it.
 *
 * <p>The console (webconsole 5, {@code internal.servlet.Password}) stores either plain text or
 * {@code {algorithm}[salt-[iterations-]]base64(hash)}: the hash is {@code algorithm} applied {@code iterations} times
 * (default 1), first to the UTF-8 bytes of {@code salt + password}, then to the previous digest. When a plain password
 * is saved in its configuration, the console itself rewrites it as {@code {sha-256}<16 hex salt>-1000-<hash>}; its
 * built-in default is the unsalted {@code {sha-256}} hash of {@code admin}. Algorithm names are matched ignoring case
 * (the console only matches its own lower-case spelling).
 *
 * <p>Comparisons take the same time whatever the candidate: hashes are compared with {@link MessageDigest#isEqual}, and
 * a plain password is compared by its SHA-256 so its length is not revealed either. A stored value that cannot be
 * parsed (unknown algorithm, bad Base64, bad iteration count) matches nothing.
 */
final class ConsolePassword {
    /** The password the console accepts when nobody set one; never accepted here. */
    static final String CONSOLE_DEFAULT = "admin";

    /** Iterations above this are refused as a stored value, so one request cannot cost minutes. */
    private static final int MAX_ITERATIONS = 1_000_000;

    private final String algorithm; // null: plain text
    private final String salt; // null: unsalted
    private final int iterations;
    private final byte[] expected; // the hash, or SHA-256 of the plain text; null: unparseable

    private ConsolePassword(String algorithm, String salt, int iterations, byte[] expected) {
        this.algorithm = algorithm;
        this.salt = salt;
        this.iterations = iterations;
        this.expected = expected;
    }

    /** Parses a stored password (never null). */
    static ConsolePassword parse(String stored) {
        int end = stored.startsWith("{") ? stored.indexOf('}') : -1;
        if (end <= 0) {
            return new ConsolePassword(null, null, 1, sha256(stored));
        }
        String algorithm = stored.substring(1, end);
        String[] parts = stored.substring(end + 1).split("-", -1);
        String salt = null;
        int iterations = 1;
        String hash;
        try {
            MessageDigest.getInstance(algorithm);
            switch (parts.length) {
                case 1:
                    hash = parts[0];
                    break;
                case 2:
                    salt = parts[0];
                    hash = parts[1];
                    break;
                case 3:
                    salt = parts[0];
                    iterations = Integer.parseInt(parts[1]);
                    hash = parts[2];
                    break;
                default:
                    return unparseable();
            }
            if ((salt != null && salt.isEmpty()) || iterations < 1 || iterations > MAX_ITERATIONS) {
                return unparseable();
            }
            byte[] expected = Base64.getDecoder().decode(hash);
            if (expected.length == 0) {
                return unparseable();
            }
            return new ConsolePassword(algorithm, salt, iterations, expected);
        } catch (NoSuchAlgorithmException | IllegalArgumentException e) {
            // IllegalArgumentException covers NumberFormatException and bad Base64.
            return unparseable();
        }
    }

    private static ConsolePassword unparseable() {
        return new ConsolePassword(null, null, 1, null);
    }

    /** Whether the stored value could be understood at all. */
    boolean isUsable() {
        return expected != null;
    }

    /** Whether {@code candidate} is this password; constant time for a given stored value. */
    boolean matches(String candidate) {
        if (expected == null) {
            return false;
        }
        byte[] actual = algorithm == null ? sha256(candidate) : hash(candidate);
        return MessageDigest.isEqual(expected, actual);
    }

    /** Whether this is the console's well-known default, {@code admin}. */
    boolean isConsoleDefault() {
        return matches(CONSOLE_DEFAULT);
    }

    private byte[] hash(String candidate) {
        try {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            byte[] bytes = ((salt == null ? "" : salt) + candidate).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < iterations; i++) {
                md.reset();
                bytes = md.digest(bytes);
            }
            return bytes;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("digest " + algorithm + " vanished", e);
        }
    }

    /** SHA-256, which every Java platform has. */
    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /**
     * Hashes {@code password} in the console's format with the given salt and iterations (for tests and for tools that
     * write the console configuration).
     */
    static String hashed(String algorithm, String salt, int iterations, String password) {
        ConsolePassword p = new ConsolePassword(algorithm, salt, iterations, new byte[1]);
        String b64 = Base64.getEncoder().encodeToString(p.hash(password));
        StringBuilder sb = new StringBuilder("{").append(algorithm).append('}');
        if (salt != null) {
            sb.append(salt).append('-');
            if (iterations > 1) {
                sb.append(iterations).append('-');
            }
        }
        return sb.append(b64).toString();
    }
}
