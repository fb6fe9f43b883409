// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.Errno;
import io.varpd.api.PluginMode;
import io.varpd.api.VarpdException;
import io.varpd.api.admin.InstanceInfo;
import io.varpd.api.admin.InstanceState;
import io.varpd.api.admin.OverlaySpec;
import io.varpd.core.internal.testing.FakeDevices;
import io.varpd.core.internal.testing.FakePlugin;
import java.util.Hashtable;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: failed creates left "ghost" configurations that blocked their link for good (POST 500 "vanished while it
 * was applied", then 409, while GET and DELETE said 404).
 */
class FailedCreateTest {
    private final FakePlugin plugin = new FakePlugin(PluginMode.DYNAMIC);
    private final AdminHarness h = new AdminHarness()
            .withFileInstall()
            .plugin("fake", PluginMode.DYNAMIC, plugin)
            .device("memory", new FakeDevices());

    private static OverlaySpec spec(String link) {
        return new OverlaySpec(link, "fake", 7, Map.of(FakePlugin.DEST, "192.0.2.1"));
    }

    @Test
    void aLoopOfFailingCreatesLeavesNothingBehindAndTheLinkCanThenBeCreated() throws Exception {
        plugin.failStart = new VarpdException(Errno.ENOENT, "/etc/varpd/missing.json: no such file");
        for (int attempt = 0; attempt < 20; attempt++) {
            VarpdException e = assertThrows(VarpdException.class, () -> h.admin.create(spec("ghost0")));
            assertEquals(Errno.ENOENT, e.errno(), "attempt " + attempt + ": " + e.getMessage());
            // Configuration Admin delivers the update and delete events after the create returned;
            // FileInstall's listener then reads the deleted configuration back.
            h.cm.deliverEvents();
            assertTrue(h.admin.instance("ghost0").isEmpty(), "attempt " + attempt);
            assertEquals(null, h.cm.listConfigurations("(link=ghost0)"), "attempt " + attempt);
        }

        plugin.failStart = null;
        InstanceInfo created = h.admin.create(spec("ghost0"));
        h.cm.deliverEvents();

        assertEquals(InstanceState.ACTIVE, created.state());
        assertEquals(
                "io.varpd.overlay.fake",
                h.cm.stored("io.varpd.overlay.fake~ghost0").getFactoryPid());
        h.admin.delete("ghost0");
        h.cm.deliverEvents();
        assertTrue(h.admin.instances().isEmpty());
    }

    @Test
    void aFailedCreateAnswersTheActivationErrorStartingWithTheLink() {
        plugin.failStart = new VarpdException(Errno.ENOENT, "/etc/varpd/missing.json: no such file");

        VarpdException e = assertThrows(VarpdException.class, () -> h.admin.create(spec("ghost1")));

        assertEquals(Errno.ENOENT, e.errno());
        assertEquals("ghost1: /etc/varpd/missing.json: no such file", e.getMessage());
    }

    @Test
    void aConfigurationWithoutFactoryPidInOurNamespaceIsListedAndDeletable() throws Exception {
        // What the old create made of a leftover: properties, but no factory PID, so core never runs it.
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("link", "stale0");
        props.put("vnetid", 7L);
        props.put(FakePlugin.DEST, "192.0.2.1");
        h.cm.getConfiguration("io.varpd.overlay.fake~stale0", "?").update(props);
        h.cm.deliverEvents();

        InstanceInfo listed = h.admin.instances().stream()
                .filter(i -> i.link().equals("stale0"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("not listed: " + h.admin.instances()));
        assertEquals(InstanceState.ERROR, listed.state());
        assertEquals("io.varpd.overlay.fake~stale0", listed.configPid());
        assertTrue(listed.detail().contains("not a factory configuration"), listed.detail());
        assertTrue(h.admin.instance("stale0").isPresent());
        VarpdException exists = assertThrows(VarpdException.class, () -> h.admin.create(spec("stale0")));
        assertEquals(Errno.EEXIST, exists.errno());

        h.admin.delete("stale0");

        assertFalse(h.cm.storedPids().contains("io.varpd.overlay.fake~stale0"));
        assertTrue(h.admin.instance("stale0").isEmpty());
        assertEquals(InstanceState.ACTIVE, h.admin.create(spec("stale0")).state());
    }

    @Test
    void anEmptyLeftoverWithoutFactoryPidIsReplacedByTheCreate() throws Exception {
        h.cm.getConfiguration("io.varpd.overlay.fake~left0", "?");

        InstanceInfo created = h.admin.create(spec("left0"));

        assertEquals(InstanceState.ACTIVE, created.state());
        assertEquals(
                "io.varpd.overlay.fake",
                h.cm.stored("io.varpd.overlay.fake~left0").getFactoryPid());
    }
}
