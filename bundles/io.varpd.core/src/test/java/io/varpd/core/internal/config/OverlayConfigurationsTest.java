// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * A configuration deleted between being listed and being read is skipped: Felix's Configuration Admin then throws
 * IllegalStateException from every getter (getProperties, getPid, getFactoryPid), and core used to log that at ERROR
 * with a stack trace (issue 12, section 1).
 */
class OverlayConfigurationsTest {
    private static final String FACTORY = "io.varpd.overlay.direct";

    /**
     * A configuration as Felix hands it out: once deleted, each getter throws. {@code getsBeforeDeletion} getters
     * answer before it is deleted (another thread deleting it while core reads it).
     */
    private static Configuration configuration(String pid, int getsBeforeDeletion) {
        int[] gets = {0};
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("link", pid.substring(pid.indexOf('~') + 1));
        return (Configuration) Proxy.newProxyInstance(
                Configuration.class.getClassLoader(), new Class<?>[] {Configuration.class}, (self, m, args) -> {
                    switch (m.getName()) {
                        case "getPid", "getFactoryPid", "getProperties" -> {
                            if (gets[0]++ >= getsBeforeDeletion) {
                                throw new IllegalStateException("Configuration " + pid + " deleted");
                            }
                            return m.getName().equals("getPid")
                                    ? pid
                                    : m.getName().equals("getFactoryPid") ? FACTORY : props;
                        }
                        case "hashCode" -> {
                            return System.identityHashCode(self);
                        }
                        case "equals" -> {
                            return self == args[0];
                        }
                        case "toString" -> {
                            return "configuration " + pid;
                        }
                        default -> throw new UnsupportedOperationException(m.getName());
                    }
                });
    }

    private static ConfigurationAdmin listing(Configuration... found) {
        return (ConfigurationAdmin) Proxy.newProxyInstance(
                ConfigurationAdmin.class.getClassLoader(),
                new Class<?>[] {ConfigurationAdmin.class},
                (self, m, args) -> {
                    if (m.getName().equals("listConfigurations")) {
                        return found;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }

    @Test
    void aConfigurationDeletedBeforeItIsReadIsSkippedWithoutAnException() throws Exception {
        OverlayConfigurations c = new OverlayConfigurations(listing(configuration(FACTORY + "~gone0", 0)));

        assertTrue(c.get(FACTORY + "~gone0").isEmpty());
        assertEquals(List.of(), c.all());
    }

    @Test
    void aConfigurationDeletedWhileItIsReadIsSkippedAndTheOthersAreListed() throws Exception {
        for (int answered = 1; answered <= 2; answered++) {
            Configuration gone = configuration(FACTORY + "~gone0", answered);
            Configuration kept = configuration(FACTORY + "~kept0", Integer.MAX_VALUE);
            OverlayConfigurations c = new OverlayConfigurations(listing(gone, kept));

            List<OverlayConfigurations.Entry> all = c.all();

            assertEquals(
                    List.of(FACTORY + "~kept0"),
                    all.stream().map(OverlayConfigurations.Entry::pid).toList(),
                    "deleted after " + answered + " getter(s) answered");
            Dictionary<String, Object> p = all.get(0).properties();
            assertEquals("kept0", p.get("link"));
        }
    }
}
