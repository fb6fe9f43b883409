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
import io.varpd.api.admin.PropertyView;
import io.varpd.core.internal.testing.FakeDevices;
import io.varpd.core.internal.testing.FakePlugin;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Issue 12, sections 1 and 6: what a create or change may say, and how the answer says it. */
class AdminRequestChecksTest {
    private final FakePlugin plugin = new FakePlugin(PluginMode.DYNAMIC);
    private final AdminHarness h =
            new AdminHarness().plugin("fake", PluginMode.DYNAMIC, plugin).device("memory", new FakeDevices());

    private void create(String link, Map<String, String> extra) throws VarpdException {
        Map<String, String> props = new java.util.HashMap<>(extra);
        props.put(FakePlugin.DEST, "192.0.2.1");
        h.admin.create(new OverlaySpec(link, "fake", 7, props));
    }

    private static VarpdException refused(Errno errno, Executable call) {
        VarpdException e = assertThrows(VarpdException.class, call);
        assertEquals(errno, e.errno(), e.getMessage());
        return e;
    }

    @Test
    void aCreateWithAnUnknownPlainKeyIsRefusedNamingItAndTheAllowedKeys() {
        VarpdException e = refused(Errno.EINVAL, () -> create("typo0", Map.of("devce", "memory")));

        assertTrue(e.getMessage().startsWith("typo0: unknown property 'devce'"), e.getMessage());
        assertTrue(e.getMessage().contains("allowed: device, encap"), e.getMessage());
        assertTrue(h.cm.storedPids().isEmpty(), "nothing written: " + h.cm.storedPids());
    }

    @Test
    void aChangeOfKeysThatMeanNothingIsRefused() throws Exception {
        create("keys0", Map.of());

        VarpdException id = refused(Errno.EINVAL, () -> h.admin.modify("keys0", Map.of("id", "9")));
        VarpdException pluginKey = refused(Errno.EINVAL, () -> h.admin.modify("keys0", Map.of("plugin", "direct")));
        VarpdException typo = refused(Errno.EINVAL, () -> h.admin.modify("keys0", Map.of("devce", "linux")));

        assertTrue(id.getMessage().startsWith("keys0: unknown property 'id'"), id.getMessage());
        assertTrue(pluginKey.getMessage().contains("create a new overlay and delete this one"), pluginKey.getMessage());
        assertTrue(typo.getMessage().contains("allowed: device, encap, link, vnetid"), typo.getMessage());
        assertTrue(h.cm.listConfigurations("(|(id=*)(plugin=*)(devce=*))") == null, "nothing stored");
    }

    @Test
    void aChangeOfTheLinkIsRefusedAndTheOverlayKeepsItsName() throws Exception {
        create("old0", Map.of());

        VarpdException e = refused(Errno.EINVAL, () -> h.admin.modify("old0", Map.of("link", "new0")));

        assertEquals("old0: link is read-only; to rename, create a new overlay and delete this one", e.getMessage());
        assertEquals(
                InstanceState.ACTIVE, h.admin.instance("old0").orElseThrow().state());
        assertTrue(h.admin.instance("new0").isEmpty());
        // Naming the link it already has is no change, and accepted.
        assertEquals(
                "old0",
                h.admin.modify("old0", Map.of("link", "old0", "vnetid", "8")).link());
    }

    @Test
    void theDeviceSettingsAreShownWithTheOtherProperties() throws Exception {
        create("dev0", Map.of(FakeDevices.MTU, "1400"));

        Map<String, Object> values = new java.util.HashMap<>();
        for (PropertyView v : h.admin.properties("dev0")) {
            values.put(v.description().name(), v.value());
        }

        assertTrue(values.containsKey(FakeDevices.MTU), values.toString());
        assertEquals(1400L, values.get(FakeDevices.MTU));
        assertTrue(values.containsKey(FakeDevices.PLACE), "an unset device setting is listed too: " + values);
    }

    @Test
    void aLinuxLinkLongerThan15CharactersIsRefusedWithTheLinuxLimit() {
        VarpdException e = refused(
                Errno.EINVAL,
                () -> h.admin.create(new OverlaySpec(
                        "vxlan_overlay_1234", "fake", 7, Map.of("device", "linux", FakePlugin.DEST, "192.0.2.1"))));

        assertTrue(e.getMessage().contains("at most 15 characters for a Linux device"), e.getMessage());
    }

    @Test
    void messagesAboutAnOverlayStartWithItsLink() {
        assertTrue(refused(Errno.ENOENT, () -> h.admin.delete("nope0"))
                .getMessage()
                .startsWith("nope0: "));
        assertTrue(refused(Errno.ENOENT, () -> h.admin.modify("nope0", Map.of("vnetid", "3")))
                .getMessage()
                .startsWith("nope0: "));
        assertTrue(refused(Errno.EINVAL, () -> h.admin.create(new OverlaySpec("big0", "fake", 1L << 30, Map.of())))
                .getMessage()
                .startsWith("big0: "));
    }
}
