// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.files.internal;

import static io.varpd.plugin.files.internal.FilesProperties.CONFIG;
import static io.varpd.plugin.files.internal.MappingFileReaderTest.IP_ONLY;
import static io.varpd.plugin.files.internal.MappingFileReaderTest.VXLAN;
import static io.varpd.plugin.files.internal.MappingFileReaderTest.ip;
import static io.varpd.plugin.files.internal.MappingFileReaderTest.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.DestinationType;
import io.varpd.api.Errno;
import io.varpd.api.LookupRequest;
import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import io.varpd.api.plugin.PropertyDescription;
import io.varpd.api.plugin.PropertyType;
import io.varpd.api.plugin.RecordingLookupQuery.Answer;
import io.varpd.api.plugin.RecordingResolveQuery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class FilesPluginTest {
    private static final int ARP = LookupRequest.ETHERTYPE_ARP;
    private static final int IPV4 = LookupRequest.ETHERTYPE_IPV4;
    private static final int IPV6 = LookupRequest.ETHERTYPE_IPV6;

    private static final String A = "de:ad:be:ef:00:00";
    private static final String B = "de:ad:be:ef:00:01";
    private static final String C = "de:ad:be:ef:00:02";
    private static final String NO_PORT = "de:ad:be:ef:00:03";
    private static final String UNKNOWN = "de:ad:be:ef:00:99";
    private static final String BROADCAST = "ff:ff:ff:ff:ff:ff";

    @TempDir
    Path dir;

    private static final String SKIP = FilesProperties.SKIP_BAD_ENTRIES;

    private final FakeProvider provider = new FakeProvider();
    private final FilesPlugin plugin = new FilesPlugin(FileWatcher.manual());

    @AfterEach
    void closePlugin() {
        plugin.deactivate();
    }

    private static VarpdException fails(Errno errno, Executable op) {
        VarpdException e = assertThrows(VarpdException.class, op);
        assertEquals(errno, e.errno(), e.getMessage());
        return e;
    }

    private static void assertContains(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "expected '" + part + "' in: " + message);
        }
    }

    private Path write(String name, String json) throws IOException {
        return Files.writeString(dir.resolve(name), json);
    }

    /** An instance started on the man page example plus an entry without a port. */
    private FilesInstance started() throws Exception {
        String json = MappingFileReaderTest.MAN_PAGE_EXAMPLE.replaceFirst(
                "\\}\\s*$", ", \"" + NO_PORT + "\": {\"ip\": \"10.88.88.72\", \"arp\": \"10.55.55.5\"}}");
        FilesInstance state = plugin.create(provider, VXLAN);
        plugin.setProperty(state, CONFIG, write("overlay.json", json).toString());
        plugin.start(state);
        return state;
    }

    private FakeLookupQuery lookup(FilesInstance state, String source, String destination, int sap) {
        FakeLookupQuery q = FakeLookupQuery.of(source, destination, sap);
        plugin.lookup(state, q);
        assertEquals(1, q.answers(), "answered exactly once");
        return q;
    }

    private RecordingResolveQuery arp(FilesInstance state, String address) {
        RecordingResolveQuery q = new RecordingResolveQuery();
        plugin.arp(state, q, ip(address));
        assertEquals(1, q.answers(), "answered exactly once");
        return q;
    }

    private RecordingResolveQuery dhcp(FilesInstance state, String source) {
        RecordingResolveQuery q = new RecordingResolveQuery();
        plugin.dhcp(state, q, FakeLookupQuery.request(source, BROADCAST, IPV4));
        assertEquals(1, q.answers(), "answered exactly once");
        return q;
    }

    private static MacAddress mac(String text) throws VarpdException {
        return MacAddress.parse(text);
    }

    // --- create and restore: destination types -----------------------------------------------

    @Test
    void createAcceptsIpAndPortAndIpOnly() throws VarpdException {
        assertEquals(VXLAN, plugin.create(provider, VXLAN).destination());
        assertEquals(IP_ONLY, plugin.create(provider, IP_ONLY).destination());
    }

    @Test
    void createRefusesAnEthernetDestinationWithEnotsup() {
        VarpdException e = fails(
                Errno.ENOTSUP,
                () -> plugin.create(
                        provider, EnumSet.of(DestinationType.ETHERNET, DestinationType.IP, DestinationType.PORT)));
        assertContains(e.getMessage(), "ETHERNET+IP+PORT", "allowed");
    }

    @Test
    void createRefusesAnEmptyDestinationWithEnotsup() {
        fails(Errno.ENOTSUP, () -> plugin.create(provider, EnumSet.noneOf(DestinationType.class)));
    }

    @Test
    void restoreRefusesAnEthernetDestinationWithEinval() {
        fails(
                Errno.EINVAL,
                () -> plugin.restore(Map.of(CONFIG, "/etc/x.json"), provider, EnumSet.of(DestinationType.ETHERNET)));
    }

    // --- properties --------------------------------------------------------------------------

    @Test
    void thePropertiesAreARequiredConfigPathAndAnOptionalSkipSwitch() throws VarpdException {
        List<PropertyDescription> props = plugin.properties(plugin.create(provider, VXLAN));
        assertEquals(2, props.size());
        PropertyDescription d = props.get(0);
        assertEquals("files/config", d.name());
        assertEquals(PropertyType.STRING, d.type());
        assertTrue(d.required());
        assertEquals("rw", d.permissions());
        assertTrue(d.defaultValue().isEmpty());
        PropertyDescription skip = props.get(1);
        assertEquals("files/skip_bad_entries", skip.name());
        assertEquals(PropertyType.STRING, skip.type());
        assertFalse(skip.required());
        assertEquals(List.of("true", "false"), skip.options());
        assertEquals(Optional.of("false"), skip.defaultValue());
    }

    @Test
    void skipBadEntriesIsFalseUntilSetAndTakesOnlyTrueOrFalse() throws VarpdException {
        FilesInstance state = plugin.create(provider, VXLAN);
        assertEquals(Optional.of("false"), plugin.getProperty(state, SKIP));
        plugin.setProperty(state, SKIP, "true");
        assertEquals(Optional.of("true"), plugin.getProperty(state, SKIP));
        plugin.setProperty(state, SKIP, Boolean.FALSE);
        assertEquals(Optional.of("false"), plugin.getProperty(state, SKIP));
        plugin.setProperty(state, SKIP, "true");
        plugin.setProperty(state, SKIP, null);
        assertEquals(Optional.of("false"), plugin.getProperty(state, SKIP));
        assertContains(
                fails(Errno.EINVAL, () -> plugin.setProperty(state, SKIP, "yes"))
                        .getMessage(),
                "files/skip_bad_entries",
                "\"yes\"",
                "allowed: true or false");
        // Saved when on, so a restored state reports what the saved one did (off is the default).
        plugin.setProperty(state, CONFIG, "/etc/varpd/overlay0.json");
        plugin.setProperty(state, SKIP, "true");
        assertEquals(Map.of(CONFIG, "/etc/varpd/overlay0.json", SKIP, true), plugin.save(state));
    }

    @Test
    void configIsUnsetUntilSetAndReadsBackAsSet() throws VarpdException {
        FilesInstance state = plugin.create(provider, VXLAN);
        assertEquals(Optional.empty(), plugin.getProperty(state, CONFIG));
        plugin.setProperty(state, CONFIG, "/etc/varpd/overlay0.json");
        assertEquals(Optional.of("/etc/varpd/overlay0.json"), plugin.getProperty(state, CONFIG));
    }

    @Test
    void settingNullUnsetsTheConfig() throws VarpdException {
        FilesInstance state = plugin.create(provider, VXLAN);
        plugin.setProperty(state, CONFIG, "/etc/varpd/overlay0.json");
        plugin.setProperty(state, CONFIG, null);
        assertEquals(Optional.empty(), plugin.getProperty(state, CONFIG));
    }

    @Test
    void relativePathIsRefusedWithEinvalNamingIt() throws VarpdException {
        FilesInstance state = plugin.create(provider, VXLAN);
        VarpdException e = fails(Errno.EINVAL, () -> plugin.setProperty(state, CONFIG, "overlay0.json"));
        assertContains(e.getMessage(), "files/config", "'overlay0.json'", "relative", "allowed: an absolute path");
        assertEquals(Optional.empty(), plugin.getProperty(state, CONFIG));
    }

    @Test
    void pathWithANulCharacterIsRefusedWithEinval() throws VarpdException {
        FilesInstance state = plugin.create(provider, VXLAN);
        fails(Errno.EINVAL, () -> plugin.setProperty(state, CONFIG, "/etc/a\0b.json"));
    }

    @Test
    void nonStringConfigIsRefusedWithEinval() throws VarpdException {
        FilesInstance state = plugin.create(provider, VXLAN);
        fails(Errno.EINVAL, () -> plugin.setProperty(state, CONFIG, 42L));
    }

    @Test
    void unknownPropertyIsEinvalNamingTheOnlyOne() throws VarpdException {
        FilesInstance state = plugin.create(provider, VXLAN);
        assertContains(
                fails(Errno.EINVAL, () -> plugin.getProperty(state, "files/other"))
                        .getMessage(),
                "files/other",
                "files/config");
        fails(Errno.EINVAL, () -> plugin.setProperty(state, "direct/dest_ip", "/x"));
    }

    // --- start and stop ----------------------------------------------------------------------

    @Test
    void startWithoutConfigIsEagainNamingIt() throws VarpdException {
        FilesInstance state = plugin.create(provider, VXLAN);
        assertContains(fails(Errno.EAGAIN, () -> plugin.start(state)).getMessage(), "files/config");
    }

    @Test
    void startWithAMissingFileIsEnoent() throws VarpdException {
        FilesInstance state = plugin.create(provider, VXLAN);
        plugin.setProperty(state, CONFIG, dir.resolve("missing.json").toString());
        assertContains(fails(Errno.ENOENT, () -> plugin.start(state)).getMessage(), "missing.json");
        assertNull(state.table());
    }

    @Test
    void startWithAnEmptyFileIsEinval() throws Exception {
        FilesInstance state = plugin.create(provider, VXLAN);
        plugin.setProperty(state, CONFIG, write("empty.json", "").toString());
        assertContains(fails(Errno.EINVAL, () -> plugin.start(state)).getMessage(), "empty.json", "empty");
        assertNull(state.table());
    }

    @Test
    void startWithADirectoryIsEinval() throws Exception {
        FilesInstance state = plugin.create(provider, VXLAN);
        plugin.setProperty(state, CONFIG, dir.toString());
        assertContains(fails(Errno.EINVAL, () -> plugin.start(state)).getMessage(), "directory");
    }

    @Test
    void startWithABadFileIsEinvalNamingFileLineAndColumn() throws Exception {
        FilesInstance state = plugin.create(provider, VXLAN);
        Path file = write("bad.json", "{\n\"de:ad:be:ef:00:01\": {\"port\": 70000}\n}");
        plugin.setProperty(state, CONFIG, file.toString());
        assertContains(
                fails(Errno.EINVAL, () -> plugin.start(state)).getMessage(),
                "files/config " + file + ": line 2, column ",
                "70000");
        assertNull(state.table());
    }

    @Test
    void lookupsAfterStopAreDropped() throws Exception {
        FilesInstance state = started();
        plugin.stop(state);
        assertNull(state.table());
        assertEquals(Answer.DROP, lookup(state, A, B, IPV4).answer());
        assertTrue(arp(state, "10.55.55.2").dropped());
        assertTrue(dhcp(state, B).dropped());
    }

    @Test
    void destroyAfterStopIsHarmless() throws Exception {
        FilesInstance state = started();
        plugin.stop(state);
        plugin.destroy(state);
        assertNull(state.table());
    }

    @Test
    void aStateStartedAndStoppedWithoutTrafficLeavesNoWatchBehind() throws Exception {
        // Core creates, starts and then discards a state when it refuses a change of files/config.
        FileWatcher watcher = FileWatcher.every(java.time.Duration.ofHours(1));
        FilesPlugin real = new FilesPlugin(watcher);
        try {
            Path file = write("overlay.json", MappingFileReaderTest.MAN_PAGE_EXAMPLE);
            FilesInstance stoppedThenDestroyed = real.create(provider, VXLAN);
            real.setProperty(stoppedThenDestroyed, CONFIG, file.toString());
            real.start(stoppedThenDestroyed);
            FilesInstance destroyedOnly = real.create(provider, VXLAN);
            real.setProperty(destroyedOnly, CONFIG, file.toString());
            real.start(destroyedOnly);
            real.start(destroyedOnly); // a second start replaces the watch, it does not add one
            assertEquals(2, watcher.watching());
            assertEquals(2, watcher.scheduled());
            real.stop(stoppedThenDestroyed);
            real.destroy(stoppedThenDestroyed);
            real.destroy(destroyedOnly);
            assertEquals(0, watcher.watching());
            assertEquals(0, watcher.scheduled(), "a cancelled check must leave the watcher's queue");
            assertNull(destroyedOnly.table());
        } finally {
            real.deactivate();
        }
    }

    @Test
    void aStartRefusedForABadFileRegistersNoWatch() throws Exception {
        FileWatcher watcher = FileWatcher.every(java.time.Duration.ofHours(1));
        FilesPlugin real = new FilesPlugin(watcher);
        try {
            FilesInstance state = real.create(provider, VXLAN);
            real.setProperty(
                    state,
                    CONFIG,
                    write("bad.json", "{\"de:ad:be:ef:00:01\": {\"port\": 0}}").toString());
            fails(Errno.EINVAL, () -> real.start(state));
            assertEquals(0, watcher.watching());
            assertEquals(0, watcher.scheduled());
        } finally {
            real.deactivate();
        }
    }

    // --- save and restore --------------------------------------------------------------------

    @Test
    void saveIsOnlyThePath() throws Exception {
        FilesInstance state = started();
        assertEquals(Map.of(CONFIG, dir.resolve("overlay.json").toString()), plugin.save(state));
    }

    @Test
    void saveOfAnInstanceWithoutPathIsEmpty() throws VarpdException {
        assertEquals(Map.of(), plugin.save(plugin.create(provider, VXLAN)));
    }

    @Test
    void skippingBadEntriesIsSavedAndRestored() throws Exception {
        FilesInstance original = started();
        plugin.setProperty(original, SKIP, "true");
        FilesInstance restored = plugin.restore(plugin.save(original), provider, VXLAN);
        assertEquals(Optional.of("true"), plugin.getProperty(restored, SKIP));
    }

    @Test
    void restoredInstanceServesTheSameFile() throws Exception {
        FilesInstance original = started();
        Map<String, Object> saved = new HashMap<>(plugin.save(original));
        FilesInstance restored = plugin.restore(saved, provider, VXLAN);
        assertEquals(plugin.getProperty(original, CONFIG), plugin.getProperty(restored, CONFIG));
        plugin.start(restored);
        assertEquals(target("10.88.88.70", 4789), lookup(restored, A, B, IPV4).target());
    }

    @Test
    void restoreIgnoresTheOriginalsCounters() throws VarpdException {
        FilesInstance restored = plugin.restore(
                Map.of(CONFIG, "/etc/o.json", "files/vaf_nmisses", 0L, "files/vaf_narp", 0L), provider, VXLAN);
        assertEquals(Optional.of("/etc/o.json"), plugin.getProperty(restored, CONFIG));
    }

    @Test
    void restoreOfAnEmptyMapIsAnInstanceWithoutPath() throws VarpdException {
        assertEquals(Optional.empty(), plugin.getProperty(plugin.restore(Map.of(), provider, VXLAN), CONFIG));
    }

    @Test
    void restoreRefusesARelativeOrNonStringPath() {
        fails(Errno.EINVAL, () -> plugin.restore(Map.of(CONFIG, "o.json"), provider, VXLAN));
        fails(Errno.EINVAL, () -> plugin.restore(Map.of(CONFIG, 5L), provider, VXLAN));
    }

    // --- lookup: docs/mapping-file.md, in order ----------------------------------------------------------

    @Test
    void arpFrameGoesToProxyArp() throws Exception {
        FilesInstance state = started();
        assertEquals(Answer.PROXY_ARP, lookup(state, A, BROADCAST, ARP).answer());
    }

    @Test
    void arpFrameToAUnicastMacAlsoGoesToProxyArp() throws Exception {
        FilesInstance state = started();
        assertEquals(Answer.PROXY_ARP, lookup(state, A, B, ARP).answer());
    }

    @Test
    void ipv6FrameToA3333MacGoesToProxyNdp() throws Exception {
        FilesInstance state = started();
        assertEquals(
                Answer.PROXY_NDP, lookup(state, A, "33:33:ff:00:00:04", IPV6).answer());
    }

    @Test
    void nonIpv6FrameToA3333MacIsDropped() throws Exception {
        FilesInstance state = started();
        assertEquals(Answer.DROP, lookup(state, A, "33:33:ff:00:00:04", IPV4).answer());
    }

    @Test
    void ipv4BroadcastFromAMacWithDhcpProxyGoesToDhcpRedirect() throws Exception {
        FilesInstance state = started();
        assertEquals(Answer.PROXY_DHCP, lookup(state, B, BROADCAST, IPV4).answer());
    }

    @Test
    void ipv4BroadcastFromAMacWithoutDhcpProxyIsDropped() throws Exception {
        FilesInstance state = started();
        assertEquals(Answer.DROP, lookup(state, A, BROADCAST, IPV4).answer());
        assertEquals(Answer.DROP, lookup(state, UNKNOWN, BROADCAST, IPV4).answer());
    }

    @Test
    void otherBroadcastIsDropped() throws Exception {
        FilesInstance state = started();
        assertEquals(Answer.DROP, lookup(state, B, BROADCAST, IPV6).answer());
        assertEquals(Answer.DROP, lookup(state, B, BROADCAST, 0x88CC).answer());
    }

    @Test
    void otherMulticastIsDropped() throws Exception {
        FilesInstance state = started();
        assertEquals(Answer.DROP, lookup(state, A, "01:00:5e:00:00:fb", IPV4).answer());
        assertEquals(Answer.DROP, lookup(state, A, "01:80:c2:00:00:0e", 0x88CC).answer());
    }

    @Test
    void unicastToAKnownMacIsAnsweredWithItsIpAndPort() throws Exception {
        FilesInstance state = started();
        FakeLookupQuery q = lookup(state, A, C, IPV4);
        assertEquals(Answer.REPLY, q.answer());
        assertEquals(target("10.88.88.71", 4789), q.target());
    }

    @Test
    void unicastIsAnsweredWhateverTheEthertype() throws Exception {
        FilesInstance state = started();
        assertEquals(target("10.88.88.69", 4789), lookup(state, B, A, IPV6).target());
        assertEquals(target("10.88.88.69", 4789), lookup(state, B, A, 0x88B5).target());
    }

    @Test
    void unicastToAnUnknownMacIsDropped() throws Exception {
        FilesInstance state = started();
        assertEquals(Answer.DROP, lookup(state, A, UNKNOWN, IPV4).answer());
    }

    @Test
    void unicastToAnEntryWithoutPortIsDropped() throws Exception {
        FilesInstance state = started();
        assertEquals(Answer.DROP, lookup(state, A, NO_PORT, IPV4).answer());
    }

    @Test
    void unicastToAnEntryWithoutPortIsAnsweredOnAnIpOnlyDevice() throws Exception {
        FilesInstance state = plugin.create(provider, IP_ONLY);
        plugin.setProperty(
                state,
                CONFIG,
                write("ip-only.json", "{\"" + NO_PORT + "\": {\"ip\": \"10.88.88.72\"}}")
                        .toString());
        plugin.start(state);
        assertEquals(
                TargetPoint.of(ip("10.88.88.72"), 0),
                lookup(state, A, NO_PORT, IPV4).target());
    }

    @Test
    void aBatchIsAnsweredExactlyAsTheSameLookupsOneByOne() throws Exception {
        FilesInstance state = started();
        // Every branch of docs/mapping-file.md, with unicast misses between and around the others.
        String[][] cases = {
            {A, C, "IPV4"}, {A, BROADCAST, "ARP"}, {B, A, "IPV6"}, {A, "33:33:ff:00:00:04", "IPV6"},
            {A, UNKNOWN, "IPV4"}, {B, BROADCAST, "IPV4"}, {A, BROADCAST, "IPV4"}, {A, NO_PORT, "IPV4"},
            {A, "01:00:5e:00:00:fb", "IPV4"}, {A, "33:33:ff:00:00:04", "IPV4"}, {C, B, "IPV4"}, {A, C, "IPV4"},
        };
        List<FakeLookupQuery> batch = new ArrayList<>();
        for (String[] c : cases) {
            batch.add(FakeLookupQuery.of(c[0], c[1], sap(c[2])));
        }

        plugin.lookupAll(state, batch);

        for (int k = 0; k < cases.length; k++) {
            FakeLookupQuery alone = lookup(state, cases[k][0], cases[k][1], sap(cases[k][2]));
            FakeLookupQuery together = batch.get(k);
            String what = "case " + k + ": " + String.join(" ", cases[k]);
            assertEquals(1, together.answers(), what + " answered exactly once");
            assertEquals(alone.answer(), together.answer(), what);
            assertEquals(alone.target(), together.target(), what);
        }
        assertEquals(Answer.REPLY, batch.get(0).answer(), "the comparison covers answered lookups");
    }

    @Test
    void aBatchAfterStopIsDropped() throws Exception {
        FilesInstance state = started();
        plugin.stop(state);
        List<FakeLookupQuery> batch = List.of(FakeLookupQuery.of(A, C, IPV4), FakeLookupQuery.of(A, BROADCAST, ARP));

        plugin.lookupAll(state, batch);

        for (FakeLookupQuery q : batch) {
            assertEquals(1, q.answers());
            assertEquals(Answer.DROP, q.answer());
        }
    }

    private static int sap(String name) {
        switch (name) {
            case "ARP":
                return ARP;
            case "IPV4":
                return IPV4;
            case "IPV6":
                return IPV6;
            default:
                throw new IllegalArgumentException(name);
        }
    }

    @Test
    void lookupNeverInjectsWhenTheTableDidNotChange() throws Exception {
        FilesInstance state = started();
        lookup(state, A, C, IPV4);
        assertEquals(List.of(), provider.injections());
    }

    // --- arp and dhcp ------------------------------------------------------------------------

    @Test
    void arpResolvesAnIpv4AddressByTheArpField() throws Exception {
        FilesInstance state = started();
        assertEquals(mac(B), arp(state, "10.55.55.3").mac());
        assertEquals(mac(NO_PORT), arp(state, "10.55.55.5").mac());
    }

    @Test
    void arpResolvesAnIpv6AddressByTheNdpField() throws Exception {
        FilesInstance state = started();
        assertEquals(mac(C), arp(state, "fe80::5").mac());
    }

    @Test
    void arpForAnUnknownAddressIsDropped() throws Exception {
        FilesInstance state = started();
        assertTrue(arp(state, "10.55.55.99").dropped());
        assertTrue(arp(state, "fe80::99").dropped());
    }

    @Test
    void arpDoesNotAnswerForUnderlayAddresses() throws Exception {
        FilesInstance state = started();
        // 10.88.88.69 is A's underlay "ip", not an overlay address.
        assertTrue(arp(state, "10.88.88.69").dropped());
    }

    @Test
    void dhcpAnswersTheSourcesDhcpProxy() throws Exception {
        FilesInstance state = started();
        assertEquals(mac(A), dhcp(state, B).mac());
    }

    @Test
    void dhcpForASourceWithoutDhcpProxyIsDropped() throws Exception {
        FilesInstance state = started();
        assertTrue(dhcp(state, A).dropped());
        assertTrue(dhcp(state, UNKNOWN).dropped());
    }

    @Test
    void lookupsDoNotDegradeOrRestore() throws Exception {
        FilesInstance state = started();
        lookup(state, A, C, IPV4);
        arp(state, "10.55.55.3");
        assertEquals(List.of(), provider.degrades());
        assertEquals(0, provider.restores());
        assertFalse(state.toString().isEmpty());
    }
}
