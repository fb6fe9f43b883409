// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

class ConsoleAccountReaderTest {
    private final Map<String, String> frameworkProperties = new HashMap<>();
    private final List<String> filters = new ArrayList<>();
    private Dictionary<String, Object> consoleConfig;

    /** A ConfigurationAdmin that only answers listConfigurations; anything else fails the test. */
    private ConfigurationAdmin configAdmin() {
        return (ConfigurationAdmin) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {ConfigurationAdmin.class}, (proxy, m, args) -> {
                    if (!m.getName().equals("listConfigurations")) {
                        throw new UnsupportedOperationException("must not call " + m.getName());
                    }
                    filters.add((String) args[0]);
                    return consoleConfig == null ? null : new Configuration[] {configuration(consoleConfig)};
                });
    }

    private static Configuration configuration(Dictionary<String, Object> props) {
        return (Configuration) Proxy.newProxyInstance(
                ConsoleAccountReaderTest.class.getClassLoader(),
                new Class<?>[] {Configuration.class},
                (proxy, m, args) -> {
                    if (!m.getName().equals("getProperties")) {
                        throw new UnsupportedOperationException("must not call " + m.getName());
                    }
                    return props;
                });
    }

    private ConsoleAccount read() throws IOException {
        return new ConsoleAccountReader(configAdmin(), frameworkProperties::get).read();
    }

    @Test
    void consoleConfigurationIsReadByItsPidWithoutCreatingIt() throws IOException {
        read();
        assertEquals(List.of("(service.pid=org.apache.felix.webconsole.internal.servlet.OsgiManager)"), filters);
    }

    @Test
    void configurationWinsOverFrameworkProperties() throws IOException {
        consoleConfig = new Hashtable<>(Map.of("username", "operator", "password", ConsolePasswordTest.SALTED_1000));
        frameworkProperties.put("felix.webconsole.username", "fwuser");
        frameworkProperties.put("felix.webconsole.password", "fwpass");

        ConsoleAccount a = read();

        assertEquals("operator", a.username());
        assertEquals(ConsolePasswordTest.SALTED_1000, a.storedPassword());
    }

    @Test
    void eachMissingPropertyFallsBackToItsFrameworkProperty() throws IOException {
        consoleConfig = new Hashtable<>(Map.of("username", "operator"));
        frameworkProperties.put("felix.webconsole.password", "fwpass");
        ConsoleAccount a = read();
        assertEquals("operator", a.username());
        assertEquals("fwpass", a.storedPassword());
        assertEquals("framework property felix.webconsole.password", a.passwordSource());
    }

    @Test
    void runtimesPlaceholderFrameworkPasswordMatchesNothing() throws IOException {
        // runtime/bin/varpd sets this until the console configuration arrives (console-auth.md).
        frameworkProperties.put("felix.webconsole.password", "{sha-256}not-configured-yet");
        ApiAuthenticator auth = new ApiAuthenticator(this::read);
        assertEquals(
                ApiAuthenticator.Outcome.UNUSABLE_PASSWORD,
                auth.check(ApiAuthenticatorTest.basic("admin", "not-configured-yet"))
                        .outcome());
    }

    @Test
    void withoutAnyConfigurationTheUserIsAdminAndThereIsNoPassword() throws IOException {
        ConsoleAccount a = read();
        assertEquals("admin", a.username());
        assertNull(a.storedPassword(), "no silent default password");
    }

    @Test
    void accountNeverShowsThePasswordInItsText() {
        assertEquals(
                "ConsoleAccount[username=u, password=(hidden) from configuration"
                        + " org.apache.felix.webconsole.internal.servlet.OsgiManager]",
                new ConsoleAccount("u", "secret").toString());
    }
}
