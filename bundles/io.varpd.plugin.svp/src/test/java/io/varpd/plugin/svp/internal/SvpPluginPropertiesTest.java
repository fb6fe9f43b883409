// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal;

import static io.varpd.plugin.svp.internal.SvpProperties.HOST;
import static io.varpd.plugin.svp.internal.SvpProperties.PORT;
import static io.varpd.plugin.svp.internal.SvpProperties.UNDERLAY_IP;
import static io.varpd.plugin.svp.internal.SvpProperties.UNDERLAY_PORT;
import static io.varpd.plugin.svp.internal.SvpTestKit.VXLAN;
import static io.varpd.plugin.svp.internal.SvpTestKit.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.DestinationType;
import io.varpd.api.Errno;
import io.varpd.api.VarpdException;
import io.varpd.api.plugin.PropertyDescription;
import io.varpd.api.plugin.PropertyType;
import io.varpd.api.plugin.UintRange;
import io.varpd.plugin.svp.internal.remote.RemoteKey;
import io.varpd.plugin.svp.internal.remote.RemoteRegistry;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Properties, start/stop and save/restore of the svp plugin (docs/architecture.md#properties). */
class SvpPluginPropertiesTest {
    private final RemoteRegistry registry = SvpTestKit.registry(SvpTestKit.fast());
    private final SvpPlugin plugin = new SvpPlugin(registry);

    @AfterEach
    void close() {
        plugin.deactivate();
    }

    private SvpInstance fresh() throws VarpdException {
        return plugin.create(new FakeProvider(4242), VXLAN);
    }

    private SvpInstance complete(long vnetid) throws VarpdException {
        SvpInstance s = plugin.create(new FakeProvider(vnetid), VXLAN);
        // Nothing listens there: the instance starts all the same and keeps trying in the background.
        plugin.setProperty(s, HOST, "127.0.0.1");
        plugin.setProperty(s, PORT, 9L);
        plugin.setProperty(s, UNDERLAY_IP, ip("10.88.88.1"));
        return s;
    }

    private static VarpdException fails(Errno errno, Executable op) {
        VarpdException e = assertThrows(VarpdException.class, op);
        assertEquals(errno, e.errno(), e.getMessage());
        return e;
    }

    // --- create -----------------------------------------------------------------------------

    @Test
    void createRefusesEveryDestinationTypeButIpAndPort() {
        fails(Errno.ENOTSUP, () -> plugin.create(null, EnumSet.of(DestinationType.IP)));
        VarpdException e = fails(
                Errno.ENOTSUP,
                () -> plugin.create(
                        null, EnumSet.of(DestinationType.ETHERNET, DestinationType.IP, DestinationType.PORT)));
        assertTrue(
                e.getMessage().contains("ETHERNET+IP+PORT") && e.getMessage().contains("allowed: exactly IP+PORT"),
                e.getMessage());
        fails(Errno.ENOTSUP, () -> plugin.create(null, EnumSet.noneOf(DestinationType.class)));
        fails(Errno.ENOTSUP, () -> plugin.create(null, null));
    }

    @Test
    void restoreRefusesAWrongDestinationTypeWithEinval() {
        fails(Errno.EINVAL, () -> plugin.restore(Map.of(), null, EnumSet.of(DestinationType.PORT)));
    }

    // --- descriptions -----------------------------------------------------------------------

    @Test
    void propertiesAreHostPortUnderlayIpUnderlayPortInIdOrder() throws VarpdException {
        List<PropertyDescription> d = plugin.properties(fresh());
        assertEquals(
                List.of(HOST, PORT, UNDERLAY_IP, UNDERLAY_PORT),
                d.stream().map(PropertyDescription::name).toList());
        assertEquals(
                List.of(PropertyType.STRING, PropertyType.UINT, PropertyType.IP, PropertyType.UINT),
                d.stream().map(PropertyDescription::type).toList());
        assertTrue(d.stream()
                .allMatch(p -> p.required()
                        && p.permissions().equals("rw")
                        && !p.description().isBlank()));
    }

    @Test
    void portsDefaultTo1296And1339WithinOneTo65535() throws VarpdException {
        List<PropertyDescription> d = plugin.properties(fresh());
        assertEquals(Optional.of(1296L), d.get(1).defaultValue());
        assertEquals(Optional.of(1339L), d.get(3).defaultValue());
        assertEquals(List.of(new UintRange(1, 65535)), d.get(1).ranges());
        assertEquals(List.of(new UintRange(1, 65535)), d.get(3).ranges());
        assertTrue(d.get(0).defaultValue().isEmpty());
        assertTrue(d.get(2).defaultValue().isEmpty());
    }

    @Test
    void aFreshInstanceHasTheDefaultPortsAndNoHostOrUnderlayIp() throws VarpdException {
        SvpInstance s = fresh();
        assertEquals(Optional.empty(), plugin.getProperty(s, HOST));
        assertEquals(Optional.of(1296L), plugin.getProperty(s, PORT));
        assertEquals(Optional.empty(), plugin.getProperty(s, UNDERLAY_IP));
        assertEquals(Optional.of(1339L), plugin.getProperty(s, UNDERLAY_PORT));
    }

    // --- host and ports ---------------------------------------------------------------------

    @Test
    void hostTakesAnyStringAndNullUnsetsIt() throws VarpdException {
        SvpInstance s = fresh();
        plugin.setProperty(s, HOST, "portolan.example.com");
        assertEquals(Optional.of("portolan.example.com"), plugin.getProperty(s, HOST));
        plugin.setProperty(s, HOST, "not even a !valid name");
        assertEquals(Optional.of("not even a !valid name"), plugin.getProperty(s, HOST));
        plugin.setProperty(s, HOST, null);
        assertEquals(Optional.empty(), plugin.getProperty(s, HOST));
        fails(Errno.EINVAL, () -> plugin.setProperty(s, HOST, 7L));
    }

    @Test
    void portsAcceptTheirRangeAndRefuseZeroAndAbove65535() throws VarpdException {
        SvpInstance s = fresh();
        for (String name : List.of(PORT, UNDERLAY_PORT)) {
            plugin.setProperty(s, name, 1L);
            assertEquals(Optional.of(1L), plugin.getProperty(s, name));
            plugin.setProperty(s, name, 65535L);
            assertEquals(Optional.of(65535L), plugin.getProperty(s, name));
            assertEquals(
                    name + ": 0 is out of range; allowed: 1-65535",
                    fails(Errno.EINVAL, () -> plugin.setProperty(s, name, 0L)).getMessage());
            fails(Errno.EINVAL, () -> plugin.setProperty(s, name, 65536L));
            fails(Errno.EINVAL, () -> plugin.setProperty(s, name, "1296"));
            assertEquals(Optional.of(65535L), plugin.getProperty(s, name), "a refused value changes nothing");
            plugin.setProperty(s, name, null);
            assertEquals(Optional.empty(), plugin.getProperty(s, name));
        }
    }

    // --- underlay_ip ------------------------------------------------------------------------

    @Test
    void underlayIpTakesIpv4AndIpv6() throws VarpdException {
        SvpInstance s = fresh();
        plugin.setProperty(s, UNDERLAY_IP, ip("10.88.88.1"));
        assertEquals(Optional.of(ip("10.88.88.1")), plugin.getProperty(s, UNDERLAY_IP));
        plugin.setProperty(s, UNDERLAY_IP, ip("2001:db8::1"));
        assertEquals(Optional.of(ip("2001:db8::1")), plugin.getProperty(s, UNDERLAY_IP));
    }

    @Test
    void underlayIpFoldsAnIpv4MappedAddressToIpv4() throws Exception {
        SvpInstance s = fresh();
        plugin.setProperty(s, UNDERLAY_IP, mapped(10, 88, 88, 1));
        assertInstanceOf(Inet4Address.class, plugin.getProperty(s, UNDERLAY_IP).orElseThrow());
    }

    private static InetAddress mapped(int a, int b, int c, int d) throws Exception {
        byte[] bytes = new byte[16];
        bytes[10] = (byte) 0xff;
        bytes[11] = (byte) 0xff;
        bytes[12] = (byte) a;
        bytes[13] = (byte) b;
        bytes[14] = (byte) c;
        bytes[15] = (byte) d;
        return Inet6Address.getByAddress(null, bytes, -1); // keeps the mapped form as an Inet6Address
    }

    @ParameterizedTest
    @ValueSource(strings = {"::10.1.2.3", "ff02::1", "ff05::1:3", "2002:c000:201::1", "224.0.0.1", "239.255.255.250"})
    void underlayIpRefusesV4CompatibleIpv6MulticastSixToFourAndIpv4Multicast(String literal) throws VarpdException {
        SvpInstance s = fresh();
        plugin.setProperty(s, UNDERLAY_IP, ip("10.88.88.1"));
        VarpdException e = fails(Errno.EINVAL, () -> plugin.setProperty(s, UNDERLAY_IP, ip(literal)));
        assertTrue(
                e.getMessage().startsWith(UNDERLAY_IP + ": ") && e.getMessage().contains("allowed"), e.getMessage());
        assertEquals(Optional.of(ip("10.88.88.1")), plugin.getProperty(s, UNDERLAY_IP));
    }

    @Test
    void underlayIpRefusesIpv4MappedMulticastGivenAsIpv6() throws Exception {
        SvpInstance s = fresh();
        VarpdException e = fails(Errno.EINVAL, () -> plugin.setProperty(s, UNDERLAY_IP, mapped(239, 1, 1, 1)));
        assertTrue(e.getMessage().contains("multicast"), e.getMessage());
    }

    @Test
    void underlayIpNamesWhyItRefuses() throws VarpdException {
        SvpInstance s = fresh();
        assertTrue(fails(Errno.EINVAL, () -> plugin.setProperty(s, UNDERLAY_IP, ip("::10.1.2.3")))
                .getMessage()
                .contains("IPv4-compatible"));
        assertTrue(fails(Errno.EINVAL, () -> plugin.setProperty(s, UNDERLAY_IP, ip("2002::1")))
                .getMessage()
                .contains("6to4"));
        assertTrue(fails(Errno.EINVAL, () -> plugin.setProperty(s, UNDERLAY_IP, ip("ff02::1")))
                .getMessage()
                .contains("IPv6 multicast"));
        fails(Errno.EINVAL, () -> plugin.setProperty(s, UNDERLAY_IP, "10.88.88.1"));
    }

    @Test
    void unknownPropertiesAreEinvalNamingTheKnownOnes() throws VarpdException {
        SvpInstance s = fresh();
        VarpdException e = fails(Errno.EINVAL, () -> plugin.getProperty(s, "svp/vnetid"));
        assertTrue(
                e.getMessage().contains(HOST + ", " + PORT + ", " + UNDERLAY_IP + ", " + UNDERLAY_PORT),
                e.getMessage());
        fails(Errno.EINVAL, () -> plugin.setProperty(s, "files/config", "x"));
        fails(Errno.EINVAL, () -> plugin.getProperty(s, null));
    }

    // --- start and stop ---------------------------------------------------------------------

    @Test
    void startNamesTheUnsetRequiredPropertiesWithEagain() throws VarpdException {
        SvpInstance s = fresh();
        VarpdException e = fails(Errno.EAGAIN, () -> plugin.start(s));
        assertTrue(e.getMessage().contains("unset required properties: " + HOST + ", " + UNDERLAY_IP), e.getMessage());
        plugin.setProperty(s, HOST, "127.0.0.1");
        plugin.setProperty(s, UNDERLAY_PORT, null);
        e = fails(Errno.EAGAIN, () -> plugin.start(s));
        assertTrue(
                e.getMessage().contains("unset required properties: " + UNDERLAY_IP + ", " + UNDERLAY_PORT),
                e.getMessage());
        plugin.setProperty(s, UNDERLAY_IP, ip("10.0.0.1"));
        plugin.setProperty(s, UNDERLAY_PORT, 1339L);
        plugin.setProperty(s, PORT, null);
        e = fails(Errno.EAGAIN, () -> plugin.start(s));
        assertTrue(e.getMessage().contains("unset required property: " + PORT), e.getMessage());
        assertEquals(0, registry.size());
    }

    @Test
    void startAttachesToARemoteAndStopReleasesIt() throws VarpdException {
        SvpInstance s = complete(4242);
        plugin.start(s);
        assertEquals(1, registry.size());
        plugin.stop(s);
        assertEquals(0, registry.size());
        plugin.start(s);
        assertEquals(1, registry.size());
        plugin.destroy(s);
        assertEquals(0, registry.size());
    }

    @Test
    void instancesWithTheSameServerAndUnderlayShareOneRemote() throws VarpdException {
        SvpInstance a = complete(1);
        SvpInstance b = complete(2);
        plugin.start(a);
        plugin.start(b);
        assertEquals(1, registry.size());
        plugin.stop(a);
        assertEquals(1, registry.size(), "b still holds the remote");
        plugin.stop(b);
        assertEquals(0, registry.size());
    }

    @Test
    void aDifferentUnderlayIpOrPortMakesADifferentRemote() throws VarpdException {
        SvpInstance a = complete(1);
        SvpInstance b = complete(1);
        plugin.setProperty(b, UNDERLAY_IP, ip("10.88.88.2"));
        SvpInstance c = complete(1);
        plugin.setProperty(c, PORT, 10L);
        plugin.start(a);
        plugin.start(b);
        plugin.start(c);
        assertEquals(3, registry.size());
    }

    @Test
    void aSecondInstanceWithTheSameVnetidOnOneRemoteIsEexist() throws VarpdException {
        SvpInstance a = complete(7);
        SvpInstance b = complete(7);
        plugin.start(a);
        VarpdException e = fails(Errno.EEXIST, () -> plugin.start(b));
        assertTrue(e.getMessage().contains("overlay7") && e.getMessage().contains("vnetid 7"), e.getMessage());
        plugin.stop(b); // harmless on an instance that never started
        assertEquals(1, registry.size(), "the first instance keeps its remote");
        plugin.stop(a);
        plugin.start(b);
        assertEquals(1, registry.size());
    }

    @Test
    void aNewStateOfTheSameOverlayStartsBesideItsRunningOneAndKeepsItsStatus() throws VarpdException {
        // Core applies a property change by starting a new state beside the running one, then
        // stopping the old one: on one remote that must not be "another instance" (EEXIST).
        FakeProvider overlay = new FakeProvider(7);
        SvpInstance running = plugin.create(overlay, VXLAN);
        plugin.setProperty(running, HOST, "127.0.0.1");
        plugin.setProperty(running, PORT, 9L); // nothing listens: the overlay is DEGRADED
        plugin.setProperty(running, UNDERLAY_IP, ip("10.88.88.1"));
        plugin.start(running);
        overlay.await(e -> e.startsWith("degrade"), "the degrade");
        SvpInstance next = plugin.restore(plugin.save(running), overlay, VXLAN);
        plugin.setProperty(next, UNDERLAY_PORT, 4789L);
        plugin.start(next);
        plugin.stop(running);
        RemoteKey key = new RemoteKey("127.0.0.1", 9, ip("10.88.88.1"));
        SvpTestKit.connections(registry, key); // runs after the remote's pending tasks
        assertEquals(1, registry.size(), "the new state holds the remote");
        assertTrue(
                overlay.status().startsWith("degrade"), "the old state leaving did not restore: " + overlay.events());
        plugin.stop(next);
        overlay.await(e -> e.equals("restore"), "the restore when the overlay leaves the remote");
        assertEquals(0, registry.size());
    }

    @Test
    void aVnetidBeyondThirtyTwoBitsCannotStart() throws VarpdException {
        SvpInstance s = complete(1L << 32);
        fails(Errno.EINVAL, () -> plugin.start(s));
    }

    // --- save and restore -------------------------------------------------------------------

    @Test
    void saveOfAFreshInstanceHoldsOnlyThePorts() throws VarpdException {
        assertEquals(Map.of(PORT, 1296, UNDERLAY_PORT, 1339), plugin.save(fresh()));
    }

    @Test
    void saveWritesTheOriginalsKeysWithIpv4AsMappedIpv6Text() throws VarpdException {
        SvpInstance s = complete(1);
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put(HOST, "127.0.0.1");
        expected.put(PORT, 9);
        expected.put(UNDERLAY_IP, "::ffff:10.88.88.1");
        expected.put(UNDERLAY_PORT, 1339);
        assertEquals(expected, plugin.save(s));
        plugin.setProperty(s, UNDERLAY_IP, ip("2001:db8::1"));
        assertEquals("2001:db8::1", plugin.save(s).get(UNDERLAY_IP));
    }

    @Test
    void restoreGivesBackWhatSaveTook() throws VarpdException {
        SvpInstance s = complete(1);
        plugin.setProperty(s, UNDERLAY_PORT, 4789L);
        SvpInstance r = plugin.restore(plugin.save(s), new FakeProvider(1), VXLAN);
        for (String name : List.of(HOST, PORT, UNDERLAY_IP, UNDERLAY_PORT)) {
            assertEquals(plugin.getProperty(s, name), plugin.getProperty(r, name), name);
        }
    }

    @Test
    void restoreOfAnEmptyMapIsAFreshInstance() throws VarpdException {
        SvpInstance r = plugin.restore(Map.of(), new FakeProvider(1), VXLAN);
        assertEquals(Optional.of(1296L), plugin.getProperty(r, PORT));
        assertEquals(Optional.empty(), plugin.getProperty(r, HOST));
    }

    @Test
    void restoreToleratesThePortNumberTypesAStoreHandsBack() throws VarpdException {
        Map<String, Object> saved = new HashMap<>();
        saved.put(PORT, 1296L);
        saved.put(UNDERLAY_PORT, "4789");
        saved.put(UNDERLAY_IP, "10.88.88.1");
        SvpInstance r = plugin.restore(saved, new FakeProvider(1), VXLAN);
        assertEquals(Optional.of(4789L), plugin.getProperty(r, UNDERLAY_PORT));
        assertEquals(Optional.of(ip("10.88.88.1")), plugin.getProperty(r, UNDERLAY_IP));
    }

    @Test
    void restoreRefusesValuesItCannotRead() {
        fails(Errno.EINVAL, () -> plugin.restore(Map.of(UNDERLAY_IP, "portolan"), null, VXLAN));
        fails(Errno.EINVAL, () -> plugin.restore(Map.of(UNDERLAY_IP, "2002::1"), null, VXLAN));
        fails(Errno.EINVAL, () -> plugin.restore(Map.of(PORT, 0), null, VXLAN));
        fails(Errno.EINVAL, () -> plugin.restore(Map.of(PORT, "x"), null, VXLAN));
        fails(Errno.EINVAL, () -> plugin.restore(Map.of(HOST, 5L), null, VXLAN));
    }

    @Test
    void theDescriptionsSayWhatEachPropertyIs() throws VarpdException {
        List<PropertyDescription> d = plugin.properties(fresh());
        assertTrue(d.get(0).description().contains("server"));
        assertFalse(d.get(2).description().isBlank());
    }
}
