// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.direct.internal;

import static io.varpd.plugin.direct.internal.DirectProperties.DEST_IP;
import static io.varpd.plugin.direct.internal.DirectProperties.DEST_PORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.DestinationType;
import io.varpd.api.Errno;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import io.varpd.api.plugin.PropertyDescription;
import io.varpd.api.plugin.PropertyType;
import io.varpd.api.plugin.UintRange;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class DirectPluginTest {
    private static final Set<DestinationType> VXLAN = EnumSet.of(DestinationType.IP, DestinationType.PORT);
    private static final Set<DestinationType> IP_ONLY = EnumSet.of(DestinationType.IP);

    private final DirectPlugin plugin = new DirectPlugin();

    private static InetAddress ip(String literal) {
        try {
            // Literals only: getByName does no lookup for them.
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private DirectState vxlan() throws VarpdException {
        // The plugin never uses the provider handle, so none is needed here.
        return plugin.create(null, VXLAN);
    }

    private static VarpdException fails(Errno errno, Executable op) {
        VarpdException e = assertThrows(VarpdException.class, op);
        assertEquals(errno, e.errno(), e.getMessage());
        return e;
    }

    // --- create -----------------------------------------------------------------------------

    @Test
    void createAcceptsIpAndPortDestination() throws VarpdException {
        assertEquals(VXLAN, vxlan().destinationType());
    }

    @Test
    void createAcceptsIpOnlyDestination() throws VarpdException {
        assertEquals(IP_ONLY, plugin.create(null, IP_ONLY).destinationType());
    }

    @Test
    void createRefusesEthernetDestinationWithEnotsup() {
        VarpdException e = fails(
                Errno.ENOTSUP,
                () -> plugin.create(
                        null, EnumSet.of(DestinationType.ETHERNET, DestinationType.IP, DestinationType.PORT)));
        assertTrue(e.getMessage().contains("ETHERNET+IP+PORT"), e.getMessage());
        assertTrue(e.getMessage().contains("allowed"), e.getMessage());
    }

    @Test
    void createRefusesEmptyDestinationWithEnotsup() {
        VarpdException e = fails(Errno.ENOTSUP, () -> plugin.create(null, EnumSet.noneOf(DestinationType.class)));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void createRefusesNullDestinationWithEnotsup() {
        fails(Errno.ENOTSUP, () -> plugin.create(null, null));
    }

    @Test
    void createdStateIsIndependentOfTheCallersSet() throws VarpdException {
        Set<DestinationType> mutable = EnumSet.of(DestinationType.IP);
        DirectState state = plugin.create(null, mutable);
        mutable.add(DestinationType.PORT);
        assertEquals(IP_ONLY, state.destinationType());
    }

    // --- property descriptions --------------------------------------------------------------

    @Test
    void propertiesAreDestIpThenDestPortForIpAndPortDestination() throws VarpdException {
        List<String> names = plugin.properties(vxlan()).stream()
                .map(PropertyDescription::name)
                .toList();
        assertEquals(List.of(DEST_IP, DEST_PORT), names);
    }

    @Test
    void destPortIsAbsentWhenDestinationHasNoPort() throws VarpdException {
        List<String> names = plugin.properties(plugin.create(null, IP_ONLY)).stream()
                .map(PropertyDescription::name)
                .toList();
        assertEquals(List.of(DEST_IP), names);
    }

    @Test
    void destIpIsARequiredReadWriteIpWithoutDefault() throws VarpdException {
        PropertyDescription d = plugin.properties(vxlan()).get(0);
        assertEquals(PropertyType.IP, d.type());
        assertTrue(d.required());
        assertEquals("rw", d.permissions());
        assertTrue(d.defaultValue().isEmpty());
        assertFalse(d.description().isBlank());
    }

    @Test
    void destPortIsARequiredReadWriteUintFrom1To65535WithoutDefault() throws VarpdException {
        PropertyDescription d = plugin.properties(vxlan()).get(1);
        assertEquals(PropertyType.UINT, d.type());
        assertTrue(d.required());
        assertEquals("rw", d.permissions());
        assertTrue(d.defaultValue().isEmpty());
        assertEquals(List.of(new UintRange(1, 65535)), d.ranges());
        assertFalse(d.description().isBlank());
    }

    // --- dest_ip ----------------------------------------------------------------------------

    @Test
    void unsetPropertiesReadAsEmpty() throws VarpdException {
        DirectState s = vxlan();
        assertEquals(Optional.empty(), plugin.getProperty(s, DEST_IP));
        assertEquals(Optional.empty(), plugin.getProperty(s, DEST_PORT));
    }

    @Test
    void destIpAcceptsIpv4() throws VarpdException {
        DirectState s = vxlan();
        plugin.setProperty(s, DEST_IP, ip("192.0.2.1"));
        assertEquals(Optional.of(ip("192.0.2.1")), plugin.getProperty(s, DEST_IP));
    }

    @Test
    void destIpAcceptsNativeIpv6() throws VarpdException {
        DirectState s = vxlan();
        plugin.setProperty(s, DEST_IP, ip("2001:db8::7"));
        assertEquals(Optional.of(ip("2001:db8::7")), plugin.getProperty(s, DEST_IP));
    }

    @Test
    void destIpFoldsIpv4MappedAddressToIpv4() throws Exception {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = 10;
        mapped[15] = 9;
        // Inet6Address.getByAddress keeps the mapped form as an Inet6Address.
        InetAddress v6 = java.net.Inet6Address.getByAddress(null, mapped, -1);
        DirectState s = vxlan();
        plugin.setProperty(s, DEST_IP, v6);
        Object stored = plugin.getProperty(s, DEST_IP).orElseThrow();
        assertInstanceOf(Inet4Address.class, stored);
        assertEquals(ip("10.0.0.9"), stored);
    }

    @Test
    void destIpRefusesIpv4CompatibleAddressNamingValueAndReason() throws VarpdException {
        DirectState s = vxlan();
        VarpdException e = fails(Errno.EINVAL, () -> plugin.setProperty(s, DEST_IP, ip("::10.1.2.3")));
        assertTrue(e.getMessage().contains(DEST_IP), e.getMessage());
        assertTrue(e.getMessage().contains(": ::a01:203 is"), e.getMessage());
        assertTrue(e.getMessage().contains("(::10.1.2.3)"), e.getMessage());
        assertTrue(e.getMessage().contains("IPv4-compatible"), e.getMessage());
        assertEquals(Optional.empty(), plugin.getProperty(s, DEST_IP));
    }

    @Test
    void destIpAcceptsUnspecifiedAndLoopbackIpv6WhichAreNotIpv4Compatible() throws VarpdException {
        DirectState s = vxlan();
        plugin.setProperty(s, DEST_IP, ip("::1"));
        assertEquals(Optional.of(ip("::1")), plugin.getProperty(s, DEST_IP));
        plugin.setProperty(s, DEST_IP, ip("::"));
        assertEquals(Optional.of(ip("::")), plugin.getProperty(s, DEST_IP));
    }

    @Test
    void destIpRefuses6to4AddressNamingValueAndReason() throws VarpdException {
        DirectState s = vxlan();
        VarpdException e = fails(Errno.EINVAL, () -> plugin.setProperty(s, DEST_IP, ip("2002:c000:201::1")));
        assertTrue(e.getMessage().contains(": 2002:c000:201::1 is"), e.getMessage());
        assertTrue(e.getMessage().contains("6to4"), e.getMessage());
    }

    @Test
    void destIpJustOutside6to4PrefixIsAccepted() throws VarpdException {
        DirectState s = vxlan();
        plugin.setProperty(s, DEST_IP, ip("2003::1"));
        assertEquals(Optional.of(ip("2003::1")), plugin.getProperty(s, DEST_IP));
    }

    @Test
    void refusedDestIpKeepsThePreviousValue() throws VarpdException {
        DirectState s = vxlan();
        plugin.setProperty(s, DEST_IP, ip("192.0.2.1"));
        fails(Errno.EINVAL, () -> plugin.setProperty(s, DEST_IP, ip("2002::1")));
        assertEquals(Optional.of(ip("192.0.2.1")), plugin.getProperty(s, DEST_IP));
    }

    @Test
    void destIpOfWrongTypeIsEinval() throws VarpdException {
        DirectState s = vxlan();
        VarpdException e = fails(Errno.EINVAL, () -> plugin.setProperty(s, DEST_IP, "192.0.2.1"));
        assertTrue(e.getMessage().contains("String"), e.getMessage());
    }

    @Test
    void nullValueUnsetsAProperty() throws VarpdException {
        DirectState s = vxlan();
        plugin.setProperty(s, DEST_IP, ip("192.0.2.1"));
        plugin.setProperty(s, DEST_PORT, 4789L);
        plugin.setProperty(s, DEST_IP, null);
        plugin.setProperty(s, DEST_PORT, null);
        assertEquals(Optional.empty(), plugin.getProperty(s, DEST_IP));
        assertEquals(Optional.empty(), plugin.getProperty(s, DEST_PORT));
    }

    // --- dest_port --------------------------------------------------------------------------

    @Test
    void destPortReadsBackAsLong() throws VarpdException {
        DirectState s = vxlan();
        plugin.setProperty(s, DEST_PORT, 4789L);
        assertEquals(Optional.of(4789L), plugin.getProperty(s, DEST_PORT));
    }

    @Test
    void destPortAcceptsBothEndsOfItsRange() throws VarpdException {
        DirectState s = vxlan();
        plugin.setProperty(s, DEST_PORT, 1L);
        assertEquals(Optional.of(1L), plugin.getProperty(s, DEST_PORT));
        plugin.setProperty(s, DEST_PORT, 65535L);
        assertEquals(Optional.of(65535L), plugin.getProperty(s, DEST_PORT));
    }

    @Test
    void destPortZeroIsEinval() throws VarpdException {
        DirectState s = vxlan();
        VarpdException e = fails(Errno.EINVAL, () -> plugin.setProperty(s, DEST_PORT, 0L));
        assertEquals(DEST_PORT + ": 0 is out of range; allowed: 1-65535", e.getMessage());
    }

    @Test
    void destPortAbove65535IsEinval() throws VarpdException {
        DirectState s = vxlan();
        VarpdException e = fails(Errno.EINVAL, () -> plugin.setProperty(s, DEST_PORT, 65536L));
        assertTrue(e.getMessage().contains("65536"), e.getMessage());
    }

    @Test
    void destPortOfWrongTypeIsEinval() throws VarpdException {
        DirectState s = vxlan();
        fails(Errno.EINVAL, () -> plugin.setProperty(s, DEST_PORT, "4789"));
    }

    @Test
    void destPortIsUnknownWhenDestinationHasNoPort() throws VarpdException {
        DirectState s = plugin.create(null, IP_ONLY);
        fails(Errno.EINVAL, () -> plugin.setProperty(s, DEST_PORT, 4789L));
        fails(Errno.EINVAL, () -> plugin.getProperty(s, DEST_PORT));
    }

    @Test
    void unknownPropertyIsEinvalNamingTheKnownOnes() throws VarpdException {
        DirectState s = vxlan();
        VarpdException e = fails(Errno.EINVAL, () -> plugin.getProperty(s, "direct/dest_mac"));
        assertTrue(e.getMessage().contains("direct/dest_mac"), e.getMessage());
        assertTrue(e.getMessage().contains(DEST_IP + ", " + DEST_PORT), e.getMessage());
        fails(Errno.EINVAL, () -> plugin.setProperty(s, "files/config", "x"));
        fails(Errno.EINVAL, () -> plugin.getProperty(s, null));
    }

    // --- start and the default destination --------------------------------------------------

    @Test
    void startNamesEveryUnsetRequiredPropertyWithEagain() throws VarpdException {
        DirectState s = vxlan();
        VarpdException e = fails(Errno.EAGAIN, () -> plugin.start(s));
        assertTrue(e.getMessage().contains("unset required properties: " + DEST_IP + ", " + DEST_PORT), e.getMessage());
    }

    @Test
    void startNamesOnlyThePortWhenTheIpIsSet() throws VarpdException {
        DirectState s = vxlan();
        plugin.setProperty(s, DEST_IP, ip("192.0.2.1"));
        VarpdException e = fails(Errno.EAGAIN, () -> plugin.start(s));
        assertTrue(e.getMessage().contains("unset required property: " + DEST_PORT), e.getMessage());
        assertFalse(e.getMessage().contains(DEST_IP), e.getMessage());
    }

    @Test
    void startNamesOnlyTheIpWhenThePortIsSet() throws VarpdException {
        DirectState s = vxlan();
        plugin.setProperty(s, DEST_PORT, 4789L);
        VarpdException e = fails(Errno.EAGAIN, () -> plugin.start(s));
        assertTrue(e.getMessage().contains("unset required property: " + DEST_IP), e.getMessage());
        assertFalse(e.getMessage().contains(DEST_PORT), e.getMessage());
    }

    @Test
    void startRequiresNoPortWhenDestinationHasNoPort() throws VarpdException {
        // The original tested the IP bit here and so demanded a port an IP-only device never uses.
        DirectState s = plugin.create(null, IP_ONLY);
        plugin.setProperty(s, DEST_IP, ip("192.0.2.1"));
        plugin.start(s);
        assertEquals(Optional.of(TargetPoint.of(ip("192.0.2.1"), 0)), plugin.defaultTarget(s));
    }

    @Test
    void defaultTargetIsTheConfiguredIpAndPort() throws VarpdException {
        DirectState s = vxlan();
        plugin.setProperty(s, DEST_IP, ip("2001:db8::5"));
        plugin.setProperty(s, DEST_PORT, 4789L);
        plugin.start(s);
        assertEquals(Optional.of(TargetPoint.of(ip("2001:db8::5"), 4789)), plugin.defaultTarget(s));
        plugin.stop(s);
        plugin.destroy(s);
    }

    @Test
    void defaultTargetRefusesAnIncompleteDestination() throws VarpdException {
        DirectState s = vxlan();
        plugin.setProperty(s, DEST_IP, ip("192.0.2.1"));
        fails(Errno.EAGAIN, () -> plugin.defaultTarget(s));
    }

    @Test
    void defaultTargetFollowsALaterChange() throws VarpdException {
        DirectState s = vxlan();
        plugin.setProperty(s, DEST_IP, ip("192.0.2.1"));
        plugin.setProperty(s, DEST_PORT, 4789L);
        plugin.start(s);
        plugin.setProperty(s, DEST_PORT, 8472L);
        assertEquals(Optional.of(TargetPoint.of(ip("192.0.2.1"), 8472)), plugin.defaultTarget(s));
    }

    // --- save and restore -------------------------------------------------------------------

    @Test
    void saveOfAFreshInstanceIsEmpty() throws VarpdException {
        assertEquals(Map.of(), plugin.save(vxlan()));
    }

    @Test
    void saveHoldsOnlyTheKeysThatAreSet() throws VarpdException {
        DirectState s = vxlan();
        plugin.setProperty(s, DEST_PORT, 4789L);
        assertEquals(Map.of(DEST_PORT, 4789L), plugin.save(s));
    }

    @Test
    void saveWritesIpAsTextAndPortAsLong() throws VarpdException {
        DirectState s = vxlan();
        plugin.setProperty(s, DEST_IP, ip("192.0.2.1"));
        plugin.setProperty(s, DEST_PORT, 4789L);
        Map<String, Object> saved = plugin.save(s);
        assertEquals("192.0.2.1", saved.get(DEST_IP));
        assertEquals(Long.valueOf(4789), saved.get(DEST_PORT));
    }

    @Test
    void saveWritesIpv6InCompressedForm() throws VarpdException {
        DirectState s = vxlan();
        plugin.setProperty(s, DEST_IP, ip("2001:db8:0:0:0:0:0:1"));
        assertEquals("2001:db8::1", plugin.save(s).get(DEST_IP));
    }

    @Test
    void saveAndRestoreRoundTripIpv4AndPort() throws VarpdException {
        roundTrip("192.0.2.1", 4789);
    }

    @Test
    void saveAndRestoreRoundTripIpv6AndPort() throws VarpdException {
        roundTrip("2001:db8::1:2", 65535);
    }

    private void roundTrip(String address, long port) throws VarpdException {
        DirectState s = vxlan();
        plugin.setProperty(s, DEST_IP, ip(address));
        plugin.setProperty(s, DEST_PORT, port);
        Map<String, Object> saved = plugin.save(s);
        DirectState back = plugin.restore(saved, null, VXLAN);
        assertEquals(VXLAN, back.destinationType());
        assertEquals(plugin.getProperty(s, DEST_IP), plugin.getProperty(back, DEST_IP));
        assertEquals(plugin.getProperty(s, DEST_PORT), plugin.getProperty(back, DEST_PORT));
        plugin.start(back);
        assertEquals(plugin.defaultTarget(s), plugin.defaultTarget(back));
        assertEquals(saved, plugin.save(back));
    }

    @Test
    void restoreToleratesMissingKeys() throws VarpdException {
        DirectState s = plugin.restore(Map.of(), null, VXLAN);
        assertEquals(Optional.empty(), plugin.getProperty(s, DEST_IP));
        assertEquals(Optional.empty(), plugin.getProperty(s, DEST_PORT));
        fails(Errno.EAGAIN, () -> plugin.start(s));
        DirectState onlyPort = plugin.restore(Map.of(DEST_PORT, 4789L), null, VXLAN);
        assertEquals(Optional.of(4789L), plugin.getProperty(onlyPort, DEST_PORT));
    }

    @Test
    void restoreOfNullMapIsAnEmptyInstance() throws VarpdException {
        assertEquals(Map.of(), plugin.save(plugin.restore(null, null, VXLAN)));
    }

    @Test
    void restoreReadsIpv4MappedTextAsIpv4() throws VarpdException {
        // The original saved IPv4 destinations in this form.
        DirectState s = plugin.restore(Map.of(DEST_IP, "::ffff:192.0.2.1"), null, VXLAN);
        assertEquals(Optional.of(ip("192.0.2.1")), plugin.getProperty(s, DEST_IP));
    }

    @Test
    void restoreRefusesUnparsableIpWithEinval() {
        VarpdException e = fails(Errno.EINVAL, () -> plugin.restore(Map.of(DEST_IP, "192.0.2"), null, VXLAN));
        assertTrue(e.getMessage().contains("'192.0.2'"), e.getMessage());
    }

    @Test
    void restoreRefusesAHostNameRatherThanLookingItUp() {
        fails(Errno.EINVAL, () -> plugin.restore(Map.of(DEST_IP, "localhost"), null, VXLAN));
    }

    @Test
    void restoreRefusesAnIpThatIsNotText() {
        fails(Errno.EINVAL, () -> plugin.restore(Map.of(DEST_IP, 42L), null, VXLAN));
    }

    @Test
    void restoreAppliesTheIpRules() {
        fails(Errno.EINVAL, () -> plugin.restore(Map.of(DEST_IP, "2002::1"), null, VXLAN));
        fails(Errno.EINVAL, () -> plugin.restore(Map.of(DEST_IP, "::192.0.2.1"), null, VXLAN));
    }

    @Test
    void restoreRefusesAPortOutOfRange() {
        fails(Errno.EINVAL, () -> plugin.restore(Map.of(DEST_PORT, 0L), null, VXLAN));
        fails(Errno.EINVAL, () -> plugin.restore(Map.of(DEST_PORT, 70000L), null, VXLAN));
    }

    @Test
    void restoreReadsAPortThatAStoreHandsBackAsAnotherNumberType() throws VarpdException {
        // A JSON store gives 4789.0 back for 4789.
        assertEquals(
                Optional.of(4789L),
                plugin.getProperty(plugin.restore(Map.of(DEST_PORT, 4789.0), null, VXLAN), DEST_PORT));
        assertEquals(
                Optional.of(4789L),
                plugin.getProperty(plugin.restore(Map.of(DEST_PORT, 4789), null, VXLAN), DEST_PORT));
        fails(Errno.EINVAL, () -> plugin.restore(Map.of(DEST_PORT, 4789.5), null, VXLAN));
        fails(Errno.EINVAL, () -> plugin.restore(Map.of(DEST_PORT, "vxlan"), null, VXLAN));
    }

    @Test
    void restoreRefusesEthernetDestinationWithEnotsup() {
        fails(
                Errno.ENOTSUP,
                () -> plugin.restore(Map.of(), null, EnumSet.of(DestinationType.ETHERNET, DestinationType.IP)));
    }

    @Test
    void restoreIgnoresASavedPortWhenTheDestinationHasNone() throws VarpdException {
        Map<String, Object> saved = new HashMap<>();
        saved.put(DEST_IP, "192.0.2.1");
        saved.put(DEST_PORT, 4789L);
        DirectState s = plugin.restore(saved, null, IP_ONLY);
        assertEquals(Map.of(DEST_IP, "192.0.2.1"), plugin.save(s));
    }

    @Test
    void restoreIgnoresUnknownKeys() throws VarpdException {
        DirectState s = plugin.restore(Map.of("direct/future", "x", DEST_PORT, 4789L), null, VXLAN);
        assertEquals(Map.of(DEST_PORT, 4789L), plugin.save(s));
    }
}
