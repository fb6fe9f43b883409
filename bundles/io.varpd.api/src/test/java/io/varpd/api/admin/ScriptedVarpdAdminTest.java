// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.api.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.varpd.api.Errno;
import io.varpd.api.MacAddress;
import io.varpd.api.VarpdException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The kit's scripting: failures by method name, and the record of calls. */
class ScriptedVarpdAdminTest {
    private final ScriptedVarpdAdmin admin = new ScriptedVarpdAdmin().put(ScriptedVarpdAdmin.online("vxlan0"));
    private final MacAddress mac;

    ScriptedVarpdAdminTest() throws VarpdException {
        mac = MacAddress.parse("de:ad:be:ef:00:01");
    }

    @Test
    void aFailureForTheNextCallOfAMethodHitsThatMethodOnce() throws Exception {
        VarpdException refused = new VarpdException(Errno.ETIME, "vxlan0: the plugin did not answer");
        admin.failNext("lookup", refused);

        admin.targets("vxlan0");
        assertSame(refused, assertThrows(VarpdException.class, () -> admin.lookup("vxlan0", mac)));
        assertEquals(mac + ": DROP", admin.lookup("vxlan0", mac).detail(), "once only");
    }

    @Test
    void aLastingFailureHoldsUntilStopped() {
        admin.failAlways("instances", new IllegalStateException("core is stopping"));

        assertThrows(IllegalStateException.class, admin::instances);
        assertThrows(IllegalStateException.class, admin::instances);
        admin.stopFailing();
        assertEquals(List.of(ScriptedVarpdAdmin.online("vxlan0")), admin.instances());
    }

    @Test
    void aFailureThatTheMethodCannotThrowOrAnUnknownMethodIsRefusedAtOnce() {
        IllegalArgumentException unknown = assertThrows(
                IllegalArgumentException.class, () -> admin.failNext("lookUp", new IllegalStateException("bug")));
        assertEquals("VarpdAdmin has no method 'lookUp'", unknown.getMessage());
        IllegalArgumentException checked = assertThrows(
                IllegalArgumentException.class, () -> admin.failNext("instances", new VarpdException(Errno.EIO, "x")));
        assertEquals("instances cannot throw VarpdException; give a runtime exception (a bug)", checked.getMessage());
    }

    @Test
    void everyCallIsRecordedAndSortedIntoChangesAndActions() throws Exception {
        admin.instance("vxlan0");
        admin.lookup("vxlan0", mac);
        admin.modify("vxlan0", Map.of("b", "2", "a", "1"));
        admin.setTarget("vxlan0", mac, "drop");

        assertEquals(
                List.of(
                        "instance vxlan0",
                        "lookup vxlan0 de:ad:be:ef:00:01",
                        "modify vxlan0 {a=1, b=2}",
                        "setTarget vxlan0 de:ad:be:ef:00:01 drop"),
                admin.callTexts());
        assertEquals(
                List.of(
                        "lookup vxlan0 de:ad:be:ef:00:01",
                        "modify vxlan0 {a=1, b=2}",
                        "setTarget vxlan0 de:ad:be:ef:00:01 drop"),
                admin.actions());
        assertEquals(List.of("modify vxlan0 {a=1, b=2}", "setTarget vxlan0 de:ad:be:ef:00:01 drop"), admin.changes());
        assertEquals(Map.of("a", "1", "b", "2"), admin.lastModification().orElseThrow());
    }

    @Test
    void aCreatedOverlayCanOnlyBeActiveOrWaiting() {
        assertThrows(IllegalArgumentException.class, () -> admin.createsAs(InstanceState.ERROR, "bad"));
    }
}
