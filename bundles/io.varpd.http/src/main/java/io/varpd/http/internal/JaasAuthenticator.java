// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.http.internal;

import java.security.Principal;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.Subject;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides on HTTP Basic credentials with a JAAS realm and a role: inside Apache Karaf, the realm {@code karaf} and the
 * role {@code admin}, the same users and roles that guard Karaf's console, shell and web console (etc/users.properties
 * by default, or whatever login modules the realm has).
 *
 * <p>A role is matched against the principals the login put into the subject: {@code name} means a principal of a class
 * named {@code RolePrincipal} (Karaf's, matched by name so this bundle needs none of Karaf's packages) with that name;
 * {@code class:name} a principal of exactly that class. A user without the role is refused like a wrong password (401),
 * and logged at debug level.
 */
public final class JaasAuthenticator implements Authenticator {
    private static final Logger LOG = LoggerFactory.getLogger(JaasAuthenticator.class);
    private static final String ROLE_PRINCIPAL = "RolePrincipal";

    /** Logs a user in to a realm: the subject, or a LoginException. */
    @FunctionalInterface
    public interface Login {
        Subject login(String realm, String user, char[] password) throws LoginException;
    }

    private final String realm;
    private final String role;
    private final Login login;

    public JaasAuthenticator(String realm, String role) {
        this(realm, role, JaasAuthenticator::jaasLogin);
    }

    JaasAuthenticator(String realm, String role, Login login) {
        if (realm == null || realm.isBlank()) {
            throw new IllegalArgumentException("the JAAS realm is empty; give a realm name such as karaf");
        }
        this.realm = realm;
        this.role = role == null ? "" : role.trim();
        this.login = login;
    }

    @Override
    public String whatToSend() {
        return "HTTP Basic with a user of JAAS realm '" + realm + "'"
                + (role.isEmpty() ? "" : " that has role '" + role + "'");
    }

    @Override
    public ApiAuthenticator.Decision check(String authorization) {
        Optional<BasicCredentials> creds = BasicCredentials.parse(authorization);
        if (creds.isEmpty()) {
            return new ApiAuthenticator.Decision(ApiAuthenticator.Outcome.NO_CREDENTIALS, null);
        }
        String user = creds.get().user();
        Subject subject;
        try {
            subject = login.login(realm, user, creds.get().password().toCharArray());
        } catch (LoginException e) {
            LOG.debug(
                    "HTTP API: JAAS realm {} refused user '{}': {}",
                    realm,
                    PlainAnswers.forLog(user, 64),
                    e.getMessage());
            return new ApiAuthenticator.Decision(ApiAuthenticator.Outcome.BAD_CREDENTIALS, null);
        }
        if (!hasRole(subject.getPrincipals())) {
            LOG.debug("HTTP API: user '{}' of JAAS realm {} lacks role {}", PlainAnswers.forLog(user, 64), realm, role);
            return new ApiAuthenticator.Decision(ApiAuthenticator.Outcome.BAD_CREDENTIALS, null);
        }
        return new ApiAuthenticator.Decision(ApiAuthenticator.Outcome.ACCEPTED, user);
    }

    boolean hasRole(Set<Principal> principals) {
        if (role.isEmpty()) {
            return true;
        }
        int colon = role.indexOf(':');
        String className = colon > 0 ? role.substring(0, colon) : null;
        String name = colon > 0 ? role.substring(colon + 1) : role;
        for (Principal p : principals) {
            boolean classMatches = className != null
                    ? p.getClass().getName().equals(className)
                    : p.getClass().getSimpleName().equals(ROLE_PRINCIPAL);
            if (classMatches && name.equals(p.getName())) {
                return true;
            }
        }
        return false;
    }

    /**
     * A real JAAS login. LoginContext loads the realm's login modules through the thread's context class loader;
     * Karaf's proxy module is on the system class path (lib/boot), which a request thread's bundle class loader may not
     * see, so the login runs with the system class loader.
     */
    private static Subject jaasLogin(String realm, String user, char[] password) throws LoginException {
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        t.setContextClassLoader(ClassLoader.getSystemClassLoader());
        try {
            Subject subject = new Subject();
            LoginContext context = new LoginContext(realm, subject, callbacks -> {
                for (var c : callbacks) {
                    if (c instanceof NameCallback) {
                        ((NameCallback) c).setName(user);
                    } else if (c instanceof PasswordCallback) {
                        ((PasswordCallback) c).setPassword(password);
                    } else {
                        throw new UnsupportedCallbackException(c, "only a name and a password are known");
                    }
                }
            });
            context.login();
            return subject;
        } finally {
            t.setContextClassLoader(before);
        }
    }
}
