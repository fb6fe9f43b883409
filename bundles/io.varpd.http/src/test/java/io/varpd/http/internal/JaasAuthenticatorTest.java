// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.http.internal.ApiAuthenticator.Outcome;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import javax.security.auth.Subject;
import javax.security.auth.login.FailedLoginException;
import org.junit.jupiter.api.Test;

class JaasAuthenticatorTest {
    /** Karaf's principals are matched by class name; these stand in for them. */
    record RolePrincipal(String getName) implements Principal {}

    record UserPrincipal(String getName) implements Principal {}

    private final List<String> asked = new ArrayList<>();

    /** A realm "karaf" that knows operator/s3cret (role admin) and watcher/w4tch (role viewer). */
    private Subject login(String realm, String user, char[] password) throws FailedLoginException {
        asked.add(realm + ":" + user);
        String pw = new String(password);
        if (user.equals("operator") && pw.equals("s3cret")) {
            return new Subject(
                    false, Set.of(new UserPrincipal("operator"), new RolePrincipal("admin")), Set.of(), Set.of());
        }
        if (user.equals("watcher") && pw.equals("w4tch")) {
            return new Subject(
                    false, Set.of(new UserPrincipal("watcher"), new RolePrincipal("viewer")), Set.of(), Set.of());
        }
        throw new FailedLoginException("Password for " + user + " does not match");
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aKarafUserWithTheRoleIsAcceptedOthersAreRefusedLikeAWrongPassword() {
        JaasAuthenticator auth = new JaasAuthenticator("karaf", "admin", this::login);

        ApiAuthenticator.Decision ok = auth.check(basic("operator", "s3cret"));
        assertEquals(Outcome.ACCEPTED, ok.outcome());
        assertEquals("operator", ok.user());
        assertEquals(
                Outcome.BAD_CREDENTIALS, auth.check(basic("operator", "guess")).outcome());
        assertEquals(
                Outcome.BAD_CREDENTIALS, auth.check(basic("watcher", "w4tch")).outcome(), "no role admin");
        assertEquals(Outcome.NO_CREDENTIALS, auth.check(null).outcome());
        assertEquals(Outcome.NO_CREDENTIALS, auth.check("Bearer abc").outcome());
        assertEquals(List.of("karaf:operator", "karaf:operator", "karaf:watcher"), asked, "the realm asked");
    }

    @Test
    void aRoleMayNameThePrincipalClassAndAnEmptyRoleAdmitsEveryUserOfTheRealm() {
        String cls = RolePrincipal.class.getName();
        assertEquals(
                Outcome.ACCEPTED,
                new JaasAuthenticator("karaf", cls + ":viewer", this::login)
                        .check(basic("watcher", "w4tch"))
                        .outcome());
        assertEquals(
                Outcome.BAD_CREDENTIALS,
                new JaasAuthenticator("karaf", UserPrincipal.class.getName() + ":viewer", this::login)
                        .check(basic("watcher", "w4tch"))
                        .outcome());
        assertEquals(
                Outcome.ACCEPTED,
                new JaasAuthenticator("karaf", "", this::login)
                        .check(basic("watcher", "w4tch"))
                        .outcome());
    }

    @Test
    void theRefusalSaysWhatToSendAndABlankRealmIsRefusedAtOnce() {
        assertEquals(
                "HTTP Basic with a user of JAAS realm 'karaf' that has role 'admin'",
                new JaasAuthenticator("karaf", "admin", this::login).whatToSend());
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new JaasAuthenticator(" ", "admin", this::login));
        assertTrue(e.getMessage().contains("realm"), e.getMessage());
    }
}
