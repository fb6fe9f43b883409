// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.http.internal;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.osgi.service.cm.ConfigurationAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a request's Basic credentials are the web console's account.
 *
 * <p>The account is read afresh for every request, so a password change applies to the next request. The door is shut
 * for everybody while the console has no password, has the well-known default {@code admin} (whether stored plain or
 * hashed, and wherever it came from), has a stored password that cannot be parsed, or cannot be read: the API never
 * falls back to anything weaker than what an operator deliberately configured. Those states are logged once as a
 * warning each time they begin, never per request, and the client only ever sees 401 (telling a stranger that the
 * console still has its default password would help the stranger).
 */
public final class ApiAuthenticator implements Authenticator {
    private static final Logger LOG = LoggerFactory.getLogger(ApiAuthenticator.class);

    /** What the check found. */
    public enum Outcome {
        ACCEPTED,
        NO_CREDENTIALS,
        BAD_CREDENTIALS,
        NO_PASSWORD_CONFIGURED,
        DEFAULT_PASSWORD,
        UNUSABLE_PASSWORD,
        ACCOUNT_UNREADABLE;

        /** Whether this outcome refuses every request, whatever the credentials. */
        public boolean isConfigurationProblem() {
            return ordinal() >= NO_PASSWORD_CONFIGURED.ordinal();
        }
    }

    /** The outcome and, when accepted, the authenticated user. */
    public record Decision(Outcome outcome, String user) {
        public boolean accepted() {
            return outcome == Outcome.ACCEPTED;
        }
    }

    /** Where the account comes from ({@link ConsoleAccountReader#read} in the framework). */
    @FunctionalInterface
    interface AccountSource {
        ConsoleAccount read() throws IOException;
    }

    /** The parsed stored password, kept while the stored text stays the same. */
    private record Parsed(String stored, ConsolePassword password, boolean isDefault) {}

    private final AccountSource accounts;
    private final AtomicReference<Parsed> parsed = new AtomicReference<>();
    private final AtomicReference<Outcome> lastProblem = new AtomicReference<>();

    ApiAuthenticator(AccountSource accounts) {
        this.accounts = accounts;
    }

    /**
     * Checks against the web console's account in Configuration Admin, falling back to the framework properties as the
     * console itself does ({@link ConsoleAccountReader}).
     */
    public static ApiAuthenticator ofConsoleAccount(
            ConfigurationAdmin configAdmin, UnaryOperator<String> frameworkProperty) {
        return new ApiAuthenticator(new ConsoleAccountReader(configAdmin, frameworkProperty)::read);
    }

    @Override
    public String whatToSend() {
        return "HTTP Basic with the web console's user name and password";
    }

    /** Checks the {@code Authorization} header value ({@code null} when absent). */
    @Override
    public Decision check(String authorization) {
        ConsoleAccount account;
        try {
            account = accounts.read();
        } catch (IOException | RuntimeException e) {
            LOG.warn("HTTP API: cannot read the web console account; refusing every request", e);
            return refuse(Outcome.ACCOUNT_UNREADABLE, null);
        }
        String stored = account.storedPassword();
        if (stored == null || stored.isEmpty()) {
            return refuse(Outcome.NO_PASSWORD_CONFIGURED, account);
        }
        Parsed p = parsed(stored);
        if (!p.password().isUsable()) {
            return refuse(Outcome.UNUSABLE_PASSWORD, account);
        }
        if (p.isDefault()) {
            return refuse(Outcome.DEFAULT_PASSWORD, account);
        }
        if (lastProblem.getAndSet(null) != null) {
            LOG.info("HTTP API: the web console account is usable again; requests are checked against it");
        }
        Optional<BasicCredentials> creds = BasicCredentials.parse(authorization);
        if (creds.isEmpty()) {
            return new Decision(Outcome.NO_CREDENTIALS, null);
        }
        // Both compared in full, no short cut, so timing tells nothing about which was wrong.
        boolean userOk = MessageDigest.isEqual(
                ConsolePassword.sha256(account.username()),
                ConsolePassword.sha256(creds.get().user()));
        boolean passwordOk = p.password().matches(creds.get().password());
        if (userOk & passwordOk) {
            return new Decision(Outcome.ACCEPTED, creds.get().user());
        }
        LOG.debug("HTTP API: wrong credentials for user '{}'", creds.get().user());
        return new Decision(Outcome.BAD_CREDENTIALS, null);
    }

    private Parsed parsed(String stored) {
        Parsed p = parsed.get();
        if (p == null || !p.stored().equals(stored)) {
            ConsolePassword pw = ConsolePassword.parse(stored);
            p = new Parsed(stored, pw, pw.isUsable() && pw.isConsoleDefault());
            parsed.set(p);
        }
        return p;
    }

    private Decision refuse(Outcome problem, ConsoleAccount account) {
        if (lastProblem.getAndSet(problem) != problem) {
            LOG.warn("HTTP API: refusing every request: {}", explain(problem, account));
        }
        return new Decision(problem, null);
    }

    /** A sentence for the operator's log: what is wrong and where to fix it. */
    static String explain(Outcome problem, ConsoleAccount account) {
        String where = "configuration " + ConsoleAccountReader.CONSOLE_PID + ", property "
                + ConsoleAccountReader.PROP_PASSWORD;
        switch (problem) {
            case NO_PASSWORD_CONFIGURED:
                return "the web console has no password; set one in " + where;
            case DEFAULT_PASSWORD:
                return "the web console password (from " + account.passwordSource() + ") is the"
                        + " default 'admin', which the API never accepts; set another in " + where;
            case UNUSABLE_PASSWORD:
                return "the web console password (from " + account.passwordSource() + ") is neither"
                        + " plain text nor {algorithm}[salt-[iterations-]]base64; set one in " + where;
            case ACCOUNT_UNREADABLE:
                return "Configuration Admin could not be read";
            default:
                return problem.name();
        }
    }
}
