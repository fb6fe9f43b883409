// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.http.internal;

import java.io.IOException;
import java.util.Dictionary;
import java.util.function.UnaryOperator;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Reads the web console's account the way the console does: each property from its Configuration Admin configuration
 * when set there, else from the console's framework property, else the console default. The password has no default
 * here: the console's own default is the well-known {@code admin}, which the API refuses anyway.
 *
 * <p>Reads with {@link ConfigurationAdmin#listConfigurations}, which never creates a configuration as a side effect
 * (getConfiguration would).
 */
final class ConsoleAccountReader {
    /** The PID of the web console's own configuration (webconsole 5, OsgiManager). */
    static final String CONSOLE_PID = "org.apache.felix.webconsole.internal.servlet.OsgiManager";

    static final String PROP_USERNAME = "username";
    static final String PROP_PASSWORD = "password";
    static final String FRAMEWORK_USERNAME = "felix.webconsole.username";
    static final String FRAMEWORK_PASSWORD = "felix.webconsole.password";
    static final String DEFAULT_USERNAME = "admin";

    private final ConfigurationAdmin configAdmin;
    private final UnaryOperator<String> frameworkProperty;

    /** @param frameworkProperty reads a framework property ({@code BundleContext::getProperty}), null when unset */
    ConsoleAccountReader(ConfigurationAdmin configAdmin, UnaryOperator<String> frameworkProperty) {
        this.configAdmin = configAdmin;
        this.frameworkProperty = frameworkProperty;
    }

    /** The account configured now. */
    ConsoleAccount read() throws IOException {
        Dictionary<String, Object> config = consoleConfiguration();
        String user = text(config, PROP_USERNAME);
        if (user == null) {
            user = frameworkProperty.apply(FRAMEWORK_USERNAME);
        }
        String password = text(config, PROP_PASSWORD);
        String source = "configuration " + CONSOLE_PID;
        if (password == null) {
            password = frameworkProperty.apply(FRAMEWORK_PASSWORD);
            source = "framework property " + FRAMEWORK_PASSWORD;
        }
        return new ConsoleAccount(user == null ? DEFAULT_USERNAME : user, password, source);
    }

    private Dictionary<String, Object> consoleConfiguration() throws IOException {
        Configuration[] found;
        try {
            found = configAdmin.listConfigurations("(service.pid=" + CONSOLE_PID + ")");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("constant filter is invalid", e);
        }
        return found == null || found.length == 0 ? null : found[0].getProperties();
    }

    private static String text(Dictionary<String, Object> config, String key) {
        Object v = config == null ? null : config.get(key);
        return v == null ? null : v.toString();
    }
}
