// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.Errno;
import io.varpd.api.VarpdException;
import io.varpd.api.device.DeviceSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LinuxSettingsTest {
    private static DeviceSettings with(String link, long vni, Map<String, Object> extra) {
        return new DeviceSettings(link, vni, null, 4789, extra);
    }

    private static VarpdException refused(DeviceSettings s) {
        return assertThrows(VarpdException.class, () -> LinuxSettings.of(s));
    }

    @Test
    void defaultsAskTheKernelThreeTimesAndCreateInTheDaemonsNamespace() throws Exception {
        LinuxSettings s = LinuxSettings.of(with("vx0", 4242, Map.of()));
        assertEquals(3, s.appSolicit());
        assertNull(s.netns());
        assertFalse(s.adopt());
        assertEquals(0, s.mtu());
    }

    @Test
    void linkNamesLongerThanFifteenCharactersAreRefused() {
        VarpdException e = refused(with("overlay-tenant-42", 1, Map.of()));
        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().contains("1-15 characters"), e.getMessage());
        assertEquals(Errno.EINVAL, refused(with("a/b", 1, Map.of())).errno());
        assertEquals(Errno.EINVAL, refused(with("..", 1, Map.of())).errno());
    }

    @Test
    void vnetidBeyondTwentyFourBitsIsRefused() {
        assertEquals(Errno.EINVAL, refused(with("vx0", 16_777_216L, Map.of())).errno());
    }

    @Test
    void unknownSettingsAreRefusedNamingTheAllowedOnes() {
        VarpdException e = refused(with("vx0", 1, Map.of("linux/colour", "blue")));
        assertTrue(e.getMessage().contains("linux/netns"), e.getMessage());
    }

    @Test
    void namespaceNamesCannotBePaths() {
        assertEquals(
                Errno.EINVAL,
                refused(with("vx0", 1, Map.of(LinuxSettings.NETNS, "../etc"))).errno());
        assertEquals(
                Errno.EINVAL,
                refused(with("vx0", 1, Map.of(LinuxSettings.NETNS, "a/b"))).errno());
    }

    @Test
    void typedValuesAreChecked() throws Exception {
        assertEquals(
                Errno.EINVAL,
                refused(with("vx0", 1, Map.of(LinuxSettings.MTU, 20L))).errno());
        assertEquals(
                Errno.EINVAL,
                refused(with("vx0", 1, Map.of(LinuxSettings.ADOPT, "yes"))).errno());
        assertEquals(
                Errno.EINVAL,
                refused(with("vx0", 1, Map.of(LinuxSettings.APP_SOLICIT, 33L))).errno());
        LinuxSettings s = LinuxSettings.of(with(
                "vx0",
                1,
                Map.of(
                        LinuxSettings.MTU,
                        1400L,
                        LinuxSettings.ADOPT,
                        "true",
                        LinuxSettings.APP_SOLICIT,
                        0L,
                        LinuxSettings.UNDERLAY,
                        "eth1",
                        LinuxSettings.NETNS,
                        "tenant-1")));
        assertEquals(1400, s.mtu());
        assertTrue(s.adopt());
        assertEquals(0, s.appSolicit());
        assertEquals("eth1", s.underlay());
        assertEquals("tenant-1", s.netns());
    }

    @Test
    void everyDescribedSettingIsAccepted() throws Exception {
        for (var d : LinuxSettings.DESCRIPTIONS) {
            assertTrue(d.name().startsWith("linux/"), d.name());
            Object v = d.defaultValue().orElse(d.type() == io.varpd.api.plugin.PropertyType.UINT ? 1400L : "br0");
            LinuxSettings.of(with("vx0", 1, Map.of(d.name(), v)));
        }
    }

    private static LinuxSettings parsed(String listen, Map<String, Object> extra) throws VarpdException {
        return LinuxSettings.of(new DeviceSettings(
                "vx0",
                4242,
                listen == null ? null : io.varpd.api.IpAddresses.parse(listen).orElseThrow(),
                4789,
                extra));
    }

    @Test
    void announceBridgeMtuAndAppSolicitChangeOnTheLiveVxlan() throws Exception {
        LinuxSettings before = parsed("192.0.2.1", Map.of(LinuxSettings.NETNS, "n1", LinuxSettings.MTU, 1400L));
        assertNull(before.needsNewDevice(parsed(
                "192.0.2.1",
                Map.of(
                        LinuxSettings.NETNS,
                        "n1",
                        LinuxSettings.MTU,
                        1300L,
                        LinuxSettings.BRIDGE,
                        "br0",
                        LinuxSettings.ANNOUNCE,
                        "br0",
                        LinuxSettings.APP_SOLICIT,
                        5L))));
        assertNull(before.needsNewDevice(before));
    }

    @Test
    void namespaceUnderlayListenAddressAndAdoptNeedANewVxlan() throws Exception {
        LinuxSettings before = parsed(
                "192.0.2.1",
                Map.of(LinuxSettings.NETNS, "n1", LinuxSettings.UNDERLAY, "ul0", LinuxSettings.MTU, 1400L));
        Map<String, LinuxSettings> changes = Map.of(
                LinuxSettings.NETNS,
                parsed(
                        "192.0.2.1",
                        Map.of(LinuxSettings.NETNS, "n2", LinuxSettings.UNDERLAY, "ul0", LinuxSettings.MTU, 1400L)),
                LinuxSettings.UNDERLAY,
                parsed(
                        "192.0.2.1",
                        Map.of(LinuxSettings.NETNS, "n1", LinuxSettings.UNDERLAY, "ul1", LinuxSettings.MTU, 1400L)),
                "listen address",
                parsed(
                        "192.0.2.9",
                        Map.of(LinuxSettings.NETNS, "n1", LinuxSettings.UNDERLAY, "ul0", LinuxSettings.MTU, 1400L)),
                LinuxSettings.ADOPT,
                parsed(
                        "192.0.2.1",
                        Map.of(
                                LinuxSettings.NETNS,
                                "n1",
                                LinuxSettings.UNDERLAY,
                                "ul0",
                                LinuxSettings.MTU,
                                1400L,
                                LinuxSettings.ADOPT,
                                "true")),
                LinuxSettings.MTU,
                parsed("192.0.2.1", Map.of(LinuxSettings.NETNS, "n1", LinuxSettings.UNDERLAY, "ul0")));
        changes.forEach((what, next) -> {
            String why = before.needsNewDevice(next);
            assertTrue(why != null && why.contains(what), what + ": " + why);
        });
    }
}
