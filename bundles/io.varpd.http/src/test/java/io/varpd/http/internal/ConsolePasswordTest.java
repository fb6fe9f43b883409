// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Known answers were computed outside Java (Python hashlib) for the console's format; the first is the console's own
 * built-in default, so the format is checked against the console itself.
 */
class ConsolePasswordTest {
    /** webconsole 5 OsgiManager.DEFAULT_PASSWORD: unsalted SHA-256 of "admin". */
    static final String CONSOLE_DEFAULT_HASH = "{sha-256}jGl25bVBBBW96Qi9Te4V37Fnqchz/Eu4qB9vKrRIqRg=";
    /** "s3cret" as the console stores a password saved in its configuration: salt, 1000 iterations. */
    static final String SALTED_1000 = "{sha-256}0123456789abcdef-1000-4qP+5Iyx9Ig7iRxTa4OySMvnQV+P3MiVY4s1z486zaI=";
    /** "s3cret" salted, one iteration (the iteration count is then omitted). */
    static final String SALTED_ONCE = "{sha-256}00ff00ff00ff00ff-XMyBUBwqu+TGhO7gd6Q5WOM0xAAUklmTl13YXQg02ck=";
    /** "s3cret" with SHA-512, unsalted. */
    static final String SHA512 =
            "{sha-512}lcia3d5QY1fsXv0O5BrCQe/W+xAJp2gMFQHqgXA0K4y/Dy2Ti1YpVJDxnx/F+ijQmxWE6qCcmmsvd3YjKZzVIQ==";
    /** "admin" salted with 1000 iterations: still the default, however it is stored. */
    static final String ADMIN_SALTED = "{sha-256}a1b2c3d4e5f60718-1000-W8JkHf9bYIizncsu3hhebtdI/YWYn1p2IB9f0TrqsjA=";
    /** "pässwörd", unsalted: the candidate is hashed as UTF-8. */
    static final String NON_ASCII = "{sha-256}RpcL73Cs7YEj8NXQlHF+KlzUEgQeA7JjdgSf5lsoNKQ=";

    @Test
    void consolesBuiltInDefaultIsRecognisedAsAdmin() {
        ConsolePassword p = ConsolePassword.parse(CONSOLE_DEFAULT_HASH);
        assertTrue(p.matches("admin"));
        assertTrue(p.isConsoleDefault());
    }

    @ParameterizedTest
    @ValueSource(strings = {SALTED_1000, SALTED_ONCE, SHA512})
    void hashedFormsMatchOnlyTheirPassword(String stored) {
        ConsolePassword p = ConsolePassword.parse(stored);
        assertTrue(p.isUsable());
        assertTrue(p.matches("s3cret"));
        assertFalse(p.matches("s3cret "));
        assertFalse(p.matches("S3cret"));
        assertFalse(p.matches(""));
        assertFalse(p.isConsoleDefault());
    }

    @Test
    void runtimeAuthorsWorkedExampleMatches() {
        // From notes/console-auth.md: what bin/varpd writes (salt, one round).
        ConsolePassword p =
                ConsolePassword.parse("{sha-256}0a1b2c3d4e5f6071-xGq5YTsPc9ocuP+w4RutlDj3R1Bx6QO9wLoi+0Nh9tU=");
        assertTrue(p.matches("p@ss w0rd%s\\x"));
        assertFalse(p.matches("p@ss w0rd%s"));
    }

    @Test
    void algorithmNameIgnoresCase() {
        assertTrue(ConsolePassword.parse(SALTED_1000.replace("{sha-256}", "{SHA-256}"))
                .matches("s3cret"));
    }

    @Test
    void saltedAdminIsStillTheDefault() {
        assertTrue(ConsolePassword.parse(ADMIN_SALTED).isConsoleDefault());
    }

    @Test
    void plainTextMatchesExactly() {
        ConsolePassword p = ConsolePassword.parse("correct horse");
        assertTrue(p.matches("correct horse"));
        assertFalse(p.matches("correct hors"));
        assertFalse(p.matches("correct horse!"));
        assertFalse(p.isConsoleDefault());
        assertTrue(ConsolePassword.parse("admin").isConsoleDefault());
    }

    @Test
    void nonAsciiPasswordsAreHashedAsUtf8() {
        assertTrue(ConsolePassword.parse(NON_ASCII).matches("pässwörd"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{no-such-digest}abcd",
                "{sha-256}not base64!",
                "{sha-256}salt-notanumber-4qP+5Iyx9Ig7iRxTa4OySMvnQV+P3MiVY4s1z486zaI=",
                "{sha-256}salt-0-4qP+5Iyx9Ig7iRxTa4OySMvnQV+P3MiVY4s1z486zaI=",
                "{sha-256}salt-99999999-4qP+5Iyx9Ig7iRxTa4OySMvnQV+P3MiVY4s1z486zaI=",
                "{sha-256}a-b-c-d",
                "{sha-256}-4qP+5Iyx9Ig7iRxTa4OySMvnQV+P3MiVY4s1z486zaI=",
                "{sha-256}",
            })
    void unparseableStoredValuesMatchNothing(String stored) {
        ConsolePassword p = ConsolePassword.parse(stored);
        assertFalse(p.isUsable());
        assertFalse(p.matches("s3cret"));
        assertFalse(p.matches(""));
        assertFalse(p.matches(stored), "the stored text is not itself the password");
    }

    @Test
    void hashedWritesTheConsolesFormat() {
        assertEquals(SALTED_1000, ConsolePassword.hashed("sha-256", "0123456789abcdef", 1000, "s3cret"));
        assertEquals(SALTED_ONCE, ConsolePassword.hashed("sha-256", "00ff00ff00ff00ff", 1, "s3cret"));
        assertEquals(CONSOLE_DEFAULT_HASH, ConsolePassword.hashed("sha-256", null, 1, "admin"));
    }
}
