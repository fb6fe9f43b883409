// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.Errno;
import io.varpd.api.PluginMode;
import io.varpd.api.VarpdException;
import io.varpd.api.admin.InstanceState;
import io.varpd.api.admin.OverlaySpec;
import io.varpd.api.plugin.ProviderHandle;
import io.varpd.core.internal.testing.FakeDevices;
import io.varpd.core.internal.testing.FakePlugin;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Issue 13, section 2: the overlay page shows what the plugin says it is doing (for svp, its connection to the server).
 * {@code VarpdAdmin.pluginState} passes the plugin's description on in the plugin's order, refuses like
 * {@code properties} for an unknown or inactive overlay, and turns a plugin that fails to describe itself into EIO for
 * that overlay only.
 */
class PluginStateTest {
    /** A plugin without properties that describes itself as told, or fails to. */
    private static final class DescribingPlugin extends StatelessPlugin {
        volatile Map<String, String> said = Map.of();
        volatile RuntimeException failure;

        @Override
        public Map<String, String> describe(ProviderHandle state) {
            if (failure != null) {
                throw failure;
            }
            return said;
        }
    }

    private final DescribingPlugin describing = new DescribingPlugin();
    private final AdminHarness h = new AdminHarness()
            .plugin("talker", PluginMode.DYNAMIC, describing)
            .plugin("fake", PluginMode.DYNAMIC, new FakePlugin(PluginMode.DYNAMIC))
            .device("memory", new FakeDevices());

    PluginStateTest() throws VarpdException {
        h.admin.create(new OverlaySpec("talk0", "talker", 5, Map.of()));
    }

    private static VarpdException refused(Errno errno, Executable call) {
        VarpdException e = assertThrows(VarpdException.class, call);
        assertEquals(errno, e.errno(), e.getMessage());
        return e;
    }

    @Test
    void thePluginsDescriptionIsShownInItsOrder() throws Exception {
        Map<String, String> said = new LinkedHashMap<>();
        said.put("server", "portolan.example:1296");
        said.put("state", "connected");
        said.put("address 192.0.2.9", "connected, 0 queries in flight");
        said.put("last answer", "never");
        describing.said = said;

        Map<String, String> shown = h.admin.pluginState("talk0");

        assertEquals(List.copyOf(said.keySet()), List.copyOf(shown.keySet()), "the plugin's order");
        assertEquals(said, shown);
        said.put("later", "changed by the plugin");
        assertEquals(4, shown.size(), "a copy: the plugin's later changes do not show through");
    }

    @Test
    void aPluginThatTellsNothingGivesAnEmptyDescription() throws Exception {
        h.admin.create(new OverlaySpec("quiet0", "fake", 6, Map.of(FakePlugin.DEST, "192.0.2.1")));

        assertEquals(Map.of(), h.admin.pluginState("quiet0"), "PluginOps.describe's default");
    }

    @Test
    void anUnknownOrInactiveOverlayIsRefusedAsForItsProperties() throws Exception {
        h.admin.create(new OverlaySpec("wait0", "absent", 7, Map.of()));
        assertEquals(
                InstanceState.WAITING, h.admin.instance("wait0").orElseThrow().state());

        VarpdException unknown = refused(Errno.ENOENT, () -> h.admin.pluginState("nope0"));
        VarpdException waiting = refused(Errno.EAGAIN, () -> h.admin.pluginState("wait0"));

        assertEquals("nope0: no overlay of that name", unknown.getMessage());
        assertTrue(waiting.getMessage().startsWith("wait0: the overlay is not active (WAITING"), waiting.getMessage());
    }

    @Test
    void aPluginThatFailsToDescribeItselfIsAnEioForThatOverlayOnly() throws Exception {
        describing.failure = new IllegalStateException("bug in describe");

        VarpdException e = refused(Errno.EIO, () -> h.admin.pluginState("talk0"));

        assertTrue(e.getMessage().startsWith("talk0: plugin 'talker' failed in describe"), e.getMessage());
        assertEquals(
                InstanceState.ACTIVE, h.admin.instance("talk0").orElseThrow().state(), "still running");
    }

    @Test
    void aNullInTheDescriptionIsAPluginBugReportedAsEio() {
        Map<String, String> withNull = new LinkedHashMap<>();
        withNull.put("state", null);
        describing.said = withNull;

        VarpdException e = refused(Errno.EIO, () -> h.admin.pluginState("talk0"));

        assertEquals("talk0: plugin 'talker' described its state with a null value for state", e.getMessage());
    }
}
