// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.http.internal.ApiAuthenticator.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiAuthenticatorTest {
    private ConsoleAccount account = new ConsoleAccount("operator", ConsolePasswordTest.SALTED_1000);
    private final ApiAuthenticator auth = new ApiAuthenticator(() -> account);

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void rightUserAndHashedPasswordAreAccepted() {
        ApiAuthenticator.Decision d = auth.check(basic("operator", "s3cret"));
        assertTrue(d.accepted());
        assertEquals("operator", d.user());
    }

    @Test
    void rightUserAndPlainPasswordAreAccepted() {
        account = new ConsoleAccount("operator", "plain-text-pw");
        assertTrue(auth.check(basic("operator", "plain-text-pw")).accepted());
        assertEquals(
                Outcome.BAD_CREDENTIALS,
                auth.check(basic("operator", "plain-text-p")).outcome());
    }

    @Test
    void passwordsMayContainColons() {
        account = new ConsoleAccount("operator", "a:b:c");
        assertTrue(auth.check(basic("operator", "a:b:c")).accepted());
    }

    @Test
    void wrongPasswordIsRefused() {
        ApiAuthenticator.Decision d = auth.check(basic("operator", "guess"));
        assertEquals(Outcome.BAD_CREDENTIALS, d.outcome());
        assertNull(d.user());
    }

    @Test
    void wrongUserIsRefusedEvenWithTheRightPassword() {
        assertEquals(
                Outcome.BAD_CREDENTIALS, auth.check(basic("admin", "s3cret")).outcome());
        assertEquals(
                Outcome.BAD_CREDENTIALS, auth.check(basic("Operator", "s3cret")).outcome());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Basic", "Basic !!!notbase64", "Bearer abc.def", "Basic b3BlcmF0b3I="})
    void missingOrMalformedCredentialsAreRefused(String header) {
        assertEquals(Outcome.NO_CREDENTIALS, auth.check(header).outcome());
    }

    @Test
    void absentHeaderIsRefused() {
        assertEquals(Outcome.NO_CREDENTIALS, auth.check(null).outcome());
    }

    @Test
    void schemeNameIsCaseInsensitive() {
        assertTrue(auth.check(basic("operator", "s3cret").replace("Basic", "bAsIc"))
                .accepted());
    }

    @Test
    void noConfiguredPasswordRefusesEverybody() {
        account = new ConsoleAccount("admin", null);
        assertEquals(
                Outcome.NO_PASSWORD_CONFIGURED,
                auth.check(basic("admin", "admin")).outcome());
        assertEquals(
                Outcome.NO_PASSWORD_CONFIGURED, auth.check(basic("admin", "")).outcome());
        account = new ConsoleAccount("admin", "");
        assertEquals(
                Outcome.NO_PASSWORD_CONFIGURED, auth.check(basic("admin", "")).outcome());
    }

    @ParameterizedTest
    @ValueSource(strings = {"admin", ConsolePasswordTest.CONSOLE_DEFAULT_HASH, ConsolePasswordTest.ADMIN_SALTED})
    void defaultAdminPasswordRefusesEverybodyHowEverItIsStored(String stored) {
        account = new ConsoleAccount("admin", stored);
        ApiAuthenticator.Decision d = auth.check(basic("admin", "admin"));
        assertFalse(d.accepted());
        assertEquals(Outcome.DEFAULT_PASSWORD, d.outcome());
    }

    @Test
    void unparseableStoredPasswordRefusesEverybody() {
        account = new ConsoleAccount("operator", "{sha-256}zz-notanumber-abc");
        assertEquals(
                Outcome.UNUSABLE_PASSWORD,
                auth.check(basic("operator", "{sha-256}zz-notanumber-abc")).outcome());
    }

    @Test
    void unreadableAccountRefusesEverybody() {
        ApiAuthenticator failing = new ApiAuthenticator(() -> {
            throw new IOException("config store is gone");
        });
        assertEquals(
                Outcome.ACCOUNT_UNREADABLE,
                failing.check(basic("operator", "s3cret")).outcome());
    }

    @Test
    void passwordChangeAppliesToTheNextRequest() {
        assertTrue(auth.check(basic("operator", "s3cret")).accepted());
        account = new ConsoleAccount("operator", "new-password");
        assertEquals(
                Outcome.BAD_CREDENTIALS, auth.check(basic("operator", "s3cret")).outcome());
        assertTrue(auth.check(basic("operator", "new-password")).accepted());
    }

    @Test
    void refusalForDefaultPasswordEndsOnceAPasswordIsSet() {
        account = new ConsoleAccount("admin", "admin");
        assertEquals(
                Outcome.DEFAULT_PASSWORD, auth.check(basic("admin", "admin")).outcome());
        account = new ConsoleAccount("admin", ConsolePasswordTest.SHA512);
        assertTrue(auth.check(basic("admin", "s3cret")).accepted());
    }

    @Test
    void utf8CredentialsAreDecodedAsUtf8() {
        account = new ConsoleAccount("jürgen", ConsolePasswordTest.NON_ASCII);
        assertTrue(auth.check(basic("jürgen", "pässwörd")).accepted());
    }
}
