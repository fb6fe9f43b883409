// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.files.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.DestinationType;
import io.varpd.api.Errno;
import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MappingFileReaderTest {
    static final Set<DestinationType> VXLAN = EnumSet.of(DestinationType.IP, DestinationType.PORT);
    static final Set<DestinationType> IP_ONLY = EnumSet.of(DestinationType.IP);

    /** The example of overlay_files(5), with a dhcp-proxy added to the third entry. */
    static final String MAN_PAGE_EXAMPLE = """
            {
                "de:ad:be:ef:00:00": {
                    "arp": "10.55.55.2",
                    "ip": "10.88.88.69",
                    "ndp": "fe80::3",
                    "port": 4789
                },
                "de:ad:be:ef:00:01": {
                    "arp": "10.55.55.3",
                    "dhcp-proxy": "de:ad:be:ef:00:00",
                    "ip": "10.88.88.70",
                    "ndp": "fe80::4",
                    "port": 4789
                },
                "de:ad:be:ef:00:02": {
                    "arp": "10.55.55.4",
                    "ip": "10.88.88.71",
                    "ndp": "fe80::5",
                    "port": 4789
                }
            }
            """;

    @TempDir
    Path dir;

    static MappingTable parse(String json) throws VarpdException {
        return parse(json, VXLAN);
    }

    static MappingTable parse(String json, Set<DestinationType> destination) throws VarpdException {
        try {
            return MappingFileReader.parse(new StringReader(json), destination);
        } catch (IOException e) {
            throw new AssertionError("a StringReader does not fail", e);
        }
    }

    /** Parses {@code json}, expecting EINVAL, and returns the message. */
    static String refused(String json) {
        VarpdException e = assertThrows(VarpdException.class, () -> parse(json));
        assertEquals(Errno.EINVAL, e.errno(), e.getMessage());
        return e.getMessage();
    }

    static long mac(String text) {
        try {
            return MacAddress.parse(text).toLong();
        } catch (VarpdException e) {
            throw new AssertionError(e);
        }
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal); // literals only: no lookup
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static TargetPoint target(String ip, int port) {
        return TargetPoint.of(ip(ip), port);
    }

    private static void assertContains(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "expected '" + part + "' in: " + message);
        }
    }

    // --- the format -------------------------------------------------------------------------

    @Test
    void manPageExampleLoadsEveryField() throws VarpdException {
        MappingTable t = parse(MAN_PAGE_EXAMPLE);
        assertEquals(3, t.size());
        assertEquals(target("10.88.88.69", 4789), t.target(mac("de:ad:be:ef:00:00")));
        assertEquals(target("10.88.88.71", 4789), t.target(mac("de:ad:be:ef:00:02")));
        assertEquals(mac("de:ad:be:ef:00:01"), t.macOf(ip("10.55.55.3")));
        assertEquals(mac("de:ad:be:ef:00:02"), t.macOf(ip("fe80::5")));
        assertEquals(mac("de:ad:be:ef:00:00"), t.dhcpProxy(mac("de:ad:be:ef:00:01")));
        assertEquals(MappingTable.NONE, t.dhcpProxy(mac("de:ad:be:ef:00:00")));
    }

    @Test
    void emptyObjectIsAValidFileThatServesNothing() throws VarpdException {
        MappingTable t = parse("{}");
        assertEquals(0, t.size());
        assertNull(t.target(mac("de:ad:be:ef:00:00")));
    }

    @Test
    void keysInAnySpellingAreTheSameCanonicalMac() throws VarpdException {
        MappingTable t = parse("""
                {"DE-AD-BE-EF-00-01": {"ip": "10.0.0.1", "port": 1},
                 "dead.beef.0002": {"ip": "10.0.0.2", "port": 2},
                 "de:ad:be:ef:0:3": {"ip": "10.0.0.3", "port": 3}}
                """);
        assertEquals(target("10.0.0.1", 1), t.target(mac("de:ad:be:ef:00:01")));
        assertEquals(target("10.0.0.2", 2), t.target(mac("de:ad:be:ef:00:02")));
        assertEquals(target("10.0.0.3", 3), t.target(mac("de:ad:be:ef:00:03")));
    }

    @Test
    void duplicateKeysLastWinsWithTheWholeEntry() throws VarpdException {
        MappingTable t = parse("""
                {"de:ad:be:ef:00:01": {"ip": "10.0.0.1", "port": 1, "arp": "10.55.0.1", "dhcp-proxy": "2:0:0:0:0:9"},
                 "DE:AD:BE:EF:00:01": {"ip": "10.0.0.2", "port": 2}}
                """);
        assertEquals(1, t.size());
        assertEquals(target("10.0.0.2", 2), t.target(mac("de:ad:be:ef:00:01")));
        // The earlier definition's arp and dhcp-proxy went with it.
        assertEquals(MappingTable.NONE, t.macOf(ip("10.55.0.1")));
        assertEquals(MappingTable.NONE, t.dhcpProxy(mac("de:ad:be:ef:00:01")));
    }

    @Test
    void redefinedMacGivesUpItsEarlierAddressToAnotherMac() throws VarpdException {
        MappingTable t = parse("""
                {"de:ad:be:ef:00:01": {"arp": "10.55.0.1"},
                 "de:ad:be:ef:00:02": {"arp": "10.55.0.1"},
                 "de:ad:be:ef:00:01": {"arp": "10.55.0.9"}}
                """);
        assertEquals(mac("de:ad:be:ef:00:02"), t.macOf(ip("10.55.0.1")));
        assertEquals(mac("de:ad:be:ef:00:01"), t.macOf(ip("10.55.0.9")));
    }

    @Test
    void repeatedFieldWithinAnEntryLastWins() throws VarpdException {
        MappingTable t = parse("{\"de:ad:be:ef:00:01\": {\"port\": 1, \"ip\": \"10.0.0.1\", \"port\": 4789}}");
        assertEquals(target("10.0.0.1", 4789), t.target(mac("de:ad:be:ef:00:01")));
    }

    @Test
    void nullFieldIsAbsent() throws VarpdException {
        MappingTable t = parse("{\"de:ad:be:ef:00:01\": {\"ip\": \"10.0.0.1\", \"port\": 4789, \"port\": null,"
                + " \"arp\": null, \"ndp\": null, \"dhcp-proxy\": null}}");
        assertEquals(1, t.size());
        assertNull(t.target(mac("de:ad:be:ef:00:01")));
    }

    @Test
    void unknownFieldsOfAnyTypeAreIgnored() throws VarpdException {
        MappingTable t = parse("{\"de:ad:be:ef:00:01\": {\"ip\": \"10.0.0.1\", \"vlan\": 7, \"note\": {\"a\": [1, {}]},"
                + " \"tags\": [\"x\"], \"up\": true, \"port\": 4789}}");
        assertEquals(target("10.0.0.1", 4789), t.target(mac("de:ad:be:ef:00:01")));
    }

    @Test
    void entryWithoutIpOrPortHasNoDestinationButStillOwnsItsAddresses() throws VarpdException {
        MappingTable t = parse("""
                {"de:ad:be:ef:00:01": {"arp": "10.55.0.1", "ndp": "fd00::1"},
                 "de:ad:be:ef:00:02": {"ip": "10.0.0.2", "arp": "10.55.0.2"},
                 "de:ad:be:ef:00:03": {"port": 4789}}
                """);
        assertNull(t.target(mac("de:ad:be:ef:00:01")));
        assertNull(t.target(mac("de:ad:be:ef:00:02")));
        assertNull(t.target(mac("de:ad:be:ef:00:03")));
        assertTrue(t.contains(mac("de:ad:be:ef:00:03")));
        assertEquals(mac("de:ad:be:ef:00:01"), t.macOf(ip("fd00::1")));
        assertEquals(mac("de:ad:be:ef:00:02"), t.macOf(ip("10.55.0.2")));
    }

    @Test
    void ipOnlyDeviceGetsDestinationsWithoutPort() throws VarpdException {
        MappingTable t = parse("""
                {"de:ad:be:ef:00:01": {"ip": "10.0.0.1", "port": 4789},
                 "de:ad:be:ef:00:02": {"ip": "10.0.0.2"}}
                """, IP_ONLY);
        assertEquals(TargetPoint.of(ip("10.0.0.1"), 0), t.target(mac("de:ad:be:ef:00:01")));
        assertEquals(TargetPoint.of(ip("10.0.0.2"), 0), t.target(mac("de:ad:be:ef:00:02")));
    }

    @Test
    void ipv6UnderlayAddressesAreServed() throws VarpdException {
        MappingTable t = parse("{\"de:ad:be:ef:00:01\": {\"ip\": \"2001:db8::45\", \"port\": 4789}}");
        assertEquals(target("2001:db8::45", 4789), t.target(mac("de:ad:be:ef:00:01")));
    }

    @Test
    void loopbackUnderlayAddressIsAcceptedForSingleHostSetups() throws VarpdException {
        MappingTable t = parse("{\"de:ad:be:ef:00:01\": {\"ip\": \"127.0.0.1\", \"port\": 4789}}");
        assertEquals(target("127.0.0.1", 4789), t.target(mac("de:ad:be:ef:00:01")));
    }

    @Test
    void ipv4MappedUnderlayAddressIsTheIpv4Address() throws VarpdException {
        MappingTable t = parse("{\"de:ad:be:ef:00:01\": {\"ip\": \"::ffff:10.88.88.69\", \"port\": 4789}}");
        assertEquals(target("10.88.88.69", 4789), t.target(mac("de:ad:be:ef:00:01")));
    }

    @Test
    void macsBehindOneUnderlayHostShareOneDestinationObject() throws VarpdException {
        MappingTable t = parse("""
                {"de:ad:be:ef:00:01": {"ip": "10.0.0.1", "port": 4789},
                 "de:ad:be:ef:00:02": {"ip": "10.0.0.1", "port": 4789},
                 "de:ad:be:ef:00:03": {"ip": "::ffff:10.0.0.1", "port": 4789},
                 "de:ad:be:ef:00:04": {"ip": "10.0.0.1", "port": 4790}}
                """);
        assertEquals(2, t.distinctTargets());
        assertSame(t.target(mac("de:ad:be:ef:00:01")), t.target(mac("de:ad:be:ef:00:02")));
        assertSame(t.target(mac("de:ad:be:ef:00:01")), t.target(mac("de:ad:be:ef:00:03")));
    }

    @Test
    void unicodeEscapesAreHexadecimal() throws VarpdException {
        // \u0064 is 'd' (hex 64); the original read the digits as decimal 64, '@', and refused the key.
        MappingTable t = parse("{\"\\u0064e:ad:be:ef:00:01\": {\"ip\": \"10.0.0.\\u0031\", \"port\": 4789}}");
        assertEquals(target("10.0.0.1", 4789), t.target(mac("de:ad:be:ef:00:01")));
    }

    @Test
    void byteOrderMarkIsSkipped() throws VarpdException {
        MappingTable t = parse("\uFEFF{\"de:ad:be:ef:00:01\": {\"ip\": \"10.0.0.1\", \"port\": 4789}}");
        assertEquals(1, t.size());
    }

    @Test
    void portBoundsAreAccepted() throws VarpdException {
        MappingTable t = parse("""
                {"de:ad:be:ef:00:01": {"ip": "10.0.0.1", "port": 1},
                 "de:ad:be:ef:00:02": {"ip": "10.0.0.1", "port": 65535}}
                """);
        assertEquals(1, t.target(mac("de:ad:be:ef:00:01")).port());
        assertEquals(65535, t.target(mac("de:ad:be:ef:00:02")).port());
    }

    @Test
    void readingAFileGivesTheSameTable() throws Exception {
        Path file = dir.resolve("overlay.json");
        Files.writeString(file, MAN_PAGE_EXAMPLE);
        MappingTable t = MappingFileReader.read(file, VXLAN);
        assertEquals(3, t.size());
        assertEquals(target("10.88.88.70", 4789), t.target(mac("de:ad:be:ef:00:01")));
    }

    // --- what is refused --------------------------------------------------------------------

    @Test
    void emptyFileIsRefusedNamingTheFile() throws IOException {
        Path file = Files.createFile(dir.resolve("empty.json"));
        VarpdException e = assertThrows(VarpdException.class, () -> MappingFileReader.read(file, VXLAN));
        assertEquals(Errno.EINVAL, e.errno());
        assertContains(e.getMessage(), "files/config " + file + ": ", "empty");
    }

    @Test
    void whiteSpaceOnlyFileIsRefusedAsEmpty() {
        assertContains(refused("  \n\t \n"), "empty");
    }

    @Test
    void syntaxErrorNamesTheFileLineAndColumn() throws IOException {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\n  \"de:ad:be:ef:00:01\": {\"ip\": \"10.0.0.1\",}\n}\n");
        VarpdException e = assertThrows(VarpdException.class, () -> MappingFileReader.read(file, VXLAN));
        assertEquals(Errno.EINVAL, e.errno());
        assertContains(e.getMessage(), "files/config " + file + ": line 2, column ", "JSON syntax error");
        assertFalse(e.getMessage().contains("github.com"), "no Gson troubleshooting link: " + e.getMessage());
        assertFalse(e.getMessage().contains("setStrictness"), "no Gson advice: " + e.getMessage());
    }

    @Test
    void truncatedFileIsRefused() {
        assertContains(
                refused("{\"de:ad:be:ef:00:01\": {\"ip\": \"10.0.0.1\""), "line 1, column ", "ends in the middle");
    }

    @Test
    void textAfterTheTopLevelObjectIsRefused() {
        assertContains(refused("{}\n{}"), "line 2, column ", "more text after the top-level object");
    }

    @Test
    void topLevelArrayIsRefused() {
        assertContains(
                refused("[{\"ip\": \"10.0.0.1\"}]"),
                "line 1, column ",
                "top-level value is an array",
                "allowed: one JSON object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"10.0.0.1\"", "4789", "true", "null", "[1, 2]"})
    void entryThatIsNotAnObjectIsRefused(String value) {
        String m = refused("{\n \"de:ad:be:ef:00:01\": " + value + "\n}");
        assertContains(m, "line 2, column ", "entry de:ad:be:ef:00:01", "allowed: an object with");
    }

    @Test
    void keyThatIsNotAMacIsRefusedNamingIt() {
        String m = refused("{\n\n  \"not-a-mac\": {\"ip\": \"10.0.0.1\", \"port\": 4789}}");
        assertContains(
                m,
                "line 3, column ",
                "key \"not-a-mac\" has the character 'n'",
                "not allowed in a MAC address",
                "allowed: a unicast MAC address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"01:00:5e:00:00:01", "33:33:00:00:00:01", "ff:ff:ff:ff:ff:ff"})
    void groupMacKeyIsRefused(String key) {
        assertContains(
                refused("{\"" + key + "\": {}}"), "line 1, column ", key, "cast address", "allowed: a unicast MAC");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-an-ip", "localhost", "10.1", "010.0.0.1", "fe80::1%eth0", "[::1]", ""})
    void ipThatIsNotAnAddressLiteralIsRefused(String value) {
        String m = refused("{\"de:ad:be:ef:00:01\": {\"ip\": \"" + value + "\", \"port\": 4789}}");
        assertContains(
                m,
                "line 1, column ",
                "entry de:ad:be:ef:00:01",
                "field \"ip\"",
                "\"" + value + "\"",
                "not an IP address",
                "allowed: an IPv4");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "::", "224.0.0.1", "ff02::1", "255.255.255.255", "::ffff:224.0.0.1"})
    void ipThatCannotBeAnUnderlayDestinationIsRefused(String value) {
        assertContains(
                refused("{\"de:ad:be:ef:00:01\": {\"ip\": \"" + value + "\"}}"),
                "field \"ip\"",
                value,
                "cannot be an underlay destination");
    }

    @Test
    void ipThatIsNotAStringIsRefused() {
        assertContains(
                refused("{\"de:ad:be:ef:00:01\": {\"ip\": 167772161}}"),
                "field \"ip\"",
                "167772161",
                "is a number",
                "allowed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "65536", "-1", "100000000000000000000"})
    void portOutOfRangeIsRefused(String value) {
        String m = refused("{\n\"de:ad:be:ef:00:01\": {\"ip\": \"10.0.0.1\",\n \"port\": " + value + "}}");
        assertContains(
                m,
                "line 3, column ",
                "entry de:ad:be:ef:00:01",
                "field \"port\"",
                value,
                "out of range",
                "allowed: an integer 1-65535");
    }

    @ParameterizedTest
    @ValueSource(strings = {"4789.0", "4.789e3", "4789E0", "0.5"})
    void portWithAFractionOrExponentIsRefused(String value) {
        assertContains(
                refused("{\"de:ad:be:ef:00:01\": {\"port\": " + value + "}}"),
                "field \"port\"",
                value,
                "fraction or an exponent",
                "allowed: an integer 1-65535");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"4789\"", "true", "[4789]", "{}"})
    void portThatIsNotANumberIsRefused(String value) {
        assertContains(
                refused("{\"de:ad:be:ef:00:01\": {\"port\": " + value + "}}"),
                "field \"port\"",
                "is a",
                "allowed: an integer 1-65535");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fe80::1", "10.1", "0.0.0.0", "224.0.0.5", "255.255.255.255", "host"})
    void arpThatIsNotAnIpv4UnicastAddressIsRefused(String value) {
        assertContains(
                refused("{\"de:ad:be:ef:00:01\": {\"arp\": \"" + value + "\"}}"),
                "entry de:ad:be:ef:00:01",
                "field \"arp\"",
                value,
                "allowed: an IPv4 unicast address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.55.55.2", "::ffff:10.55.55.2", "::", "ff02::1", "::1", "fe80::1::2"})
    void ndpThatIsNotAnIpv6UnicastAddressIsRefused(String value) {
        assertContains(
                refused("{\"de:ad:be:ef:00:01\": {\"ndp\": \"" + value + "\"}}"),
                "entry de:ad:be:ef:00:01",
                "field \"ndp\"",
                value,
                "allowed: an IPv6 unicast address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"de:ad:be:ef:00", "ff:ff:ff:ff:ff:ff", "01:00:5e:00:00:01", "10.0.0.1"})
    void dhcpProxyThatIsNotAUnicastMacIsRefused(String value) {
        assertContains(
                refused("{\"de:ad:be:ef:00:01\": {\"dhcp-proxy\": \"" + value + "\"}}"),
                "entry de:ad:be:ef:00:01",
                "field \"dhcp-proxy\"",
                value,
                "allowed: a unicast MAC");
    }

    @Test
    void twoMacsClaimingOneArpAddressAreRefusedNamingBoth() {
        String m = refused("""
                {"de:ad:be:ef:00:01": {"arp": "10.55.0.1"},
                 "de:ad:be:ef:00:02": {"arp": "10.55.0.1"}}
                """);
        assertContains(m, "de:ad:be:ef:00:01", "de:ad:be:ef:00:02", "field \"arp\"", "10.55.0.1", "allowed");
    }

    @Test
    void twoMacsClaimingOneNdpAddressAreRefusedNamingBoth() {
        String m = refused("""
                {"de:ad:be:ef:00:01": {"ndp": "fd00::1"},
                 "de:ad:be:ef:00:02": {"ndp": "fd00:0::1"}}
                """);
        assertContains(m, "de:ad:be:ef:00:01", "de:ad:be:ef:00:02", "field \"ndp\"", "fd00::1");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"de:ad:be:ef:00:01\": {\"ip\": \"10.0.0.1\\x\"}}", // unknown escape
                "{\"de:ad:be:ef:00:01\": {\"up\": TRUE}}", // literals are lowercase
                "{de:ad:be:ef:00:01: {}}", // unquoted name
                "{'de:ad:be:ef:00:01': {}}", // single quotes
                "{\"de:ad:be:ef:00:01\": {\"port\": 04789}}", // leading zero
                "{\"de:ad:be:ef:00:01\": {} // comment\n}", // comments
                "{\"de:ad:be:ef:00:01\": {\"port\": NaN}}", // not a number
                "{\"de:ad:be:ef:00:01\" = {}}" // lenient separator
            })
    void nonStandardJsonIsRefusedAsASyntaxError(String json) {
        assertContains(refused(json), "line ", "column ", "allowed: standard JSON");
    }

    @Test
    void textThatIsNotUtf8IsRefused() throws IOException {
        Path file = dir.resolve("latin1.json");
        Files.write(file, "{\"de:ad:be:ef:00:01\": {\"note\": \"caf\u00e9\"}}".getBytes(StandardCharsets.ISO_8859_1));
        VarpdException e = assertThrows(VarpdException.class, () -> MappingFileReader.read(file, VXLAN));
        assertEquals(Errno.EINVAL, e.errno());
        assertContains(e.getMessage(), "files/config " + file, "UTF-8");
    }

    @Test
    void missingFileIsEnoentNamingIt() {
        Path file = dir.resolve("nowhere.json");
        VarpdException e = assertThrows(VarpdException.class, () -> MappingFileReader.read(file, VXLAN));
        assertEquals(Errno.ENOENT, e.errno());
        assertContains(e.getMessage(), "files/config " + file, "no such file");
    }

    // --- issue 12: places, values and characters ------------------------------------------

    /** Entries, one per line, each " "de:ad:be:ef:HH:LL": {"ip": "10.0.0.1", "port": 4789},". */
    private static String entryLines(int count) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < count; i++) {
            b.append(String.format(
                    "  \"de:ad:be:ef:%02x:%02x\": {\"ip\": \"10.0.0.1\", \"port\": 4789},%n", i >> 8, i & 0xff));
        }
        return b.toString();
    }

    private Path fileWithBadByteAt(String name, int goodLines, String before, byte[] bad, String after)
            throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(("{\n" + entryLines(goodLines)).getBytes(StandardCharsets.UTF_8));
        out.write(before.getBytes(StandardCharsets.UTF_8));
        out.write(bad);
        out.write(after.getBytes(StandardCharsets.UTF_8));
        return Files.write(dir.resolve(name), out.toByteArray());
    }

    @Test
    void invalidUtf8IsReportedAtTheLineColumnAndByteOfTheBadByte() throws IOException {
        // 299 entry lines after "{": the bad byte is on line 301, far past the decoder's 8 KB read-ahead.
        String before = "  \"de:ad:be:ef:ff:ff\": {\"note\": \"caf";
        Path file =
                fileWithBadByteAt("big.json", 299, before, new byte[] {(byte) 0xe9}, "\", \"ip\": \"10.0.0.9\"}\n}\n");
        long offset = Files.size(file) - ("\", \"ip\": \"10.0.0.9\"}\n}\n").length() - 1;
        assertTrue(offset > 8192, "the bad byte must lie beyond the first 8 KB: " + offset);
        VarpdException e = assertThrows(VarpdException.class, () -> MappingFileReader.read(file, VXLAN));
        assertEquals(Errno.EINVAL, e.errno());
        assertContains(
                e.getMessage(),
                "files/config " + file + ": line 301, column " + (before.length() + 1) + " (byte " + offset + "): ",
                "entry de:ad:be:ef:ff:ff: field \"note\": ",
                "not valid UTF-8",
                "byte e9 begins a character that byte 22 cuts short",
                "allowed: JSON in UTF-8");
    }

    @Test
    void invalidUtf8InASmallFileIsReportedWithItsPlace() throws IOException {
        String before = "  \"de:ad:be:ef:ff:ff\": {\"ip\": \"10.0.0.";
        Path file = fileWithBadByteAt("small.json", 2, before, new byte[] {(byte) 0xc3, (byte) 0x28}, "\"}\n}\n");
        long offset = Files.size(file) - "\"}\n}\n".length() - 2;
        VarpdException e = assertThrows(VarpdException.class, () -> MappingFileReader.read(file, VXLAN));
        assertContains(
                e.getMessage(),
                "line 4, column " + (before.length() + 1) + " (byte " + offset + "): ",
                "not valid UTF-8: byte c3 begins a character that byte 28 cuts short");
    }

    @ParameterizedTest
    @ValueSource(strings = {"c0 af", "ed a0 80", "f4 90 80 80", "ff", "80"})
    void overlongSurrogateAndImpossibleBytesAreNotUtf8(String hex) throws IOException {
        String[] parts = hex.split(" ");
        byte[] bad = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            bad[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        Path file = fileWithBadByteAt("bad.json", 0, "\"x", bad, "\": 1}");
        VarpdException e = assertThrows(VarpdException.class, () -> MappingFileReader.read(file, VXLAN));
        assertContains(e.getMessage(), "line 2, column 3 (byte 4): ", "not valid UTF-8", hex.substring(0, 2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0009", "\u0000", "\n", "\u001f"})
    void rawControlCharacterInAnIgnoredFieldIsRefusedAtItsPlace(String control) {
        String json = "{\"de:ad:be:ef:00:01\": {\"ip\": \"10.0.0.1\",\n  \"note\": \"a" + control + "b\"}}";
        assertContains(
                refused(json),
                "line 2, column 13 (byte " + json.indexOf(control + "b") + "): ",
                "entry de:ad:be:ef:00:01: field \"note\": ",
                String.format("a raw control character (U+%04X) inside a string", (int) control.charAt(0)),
                "allowed: control characters written as escapes");
    }

    @Test
    void rawControlCharacterInAReadFieldOrKeyIsRefusedAtItsPlace() {
        String field = "{\"de:ad:be:ef:00:01\": {\"ip\": \"10.0.0.1\t\"}}";
        int at = field.indexOf('\t');
        assertContains(refused(field), "line 1, column " + (at + 1) + " (byte " + at + "): ", "field \"ip\"", "U+0009");
        String key = "{\"de:ad:be:ef:00:01\r\": {}}";
        at = key.indexOf('\r');
        assertContains(refused(key), "line 1, column " + (at + 1) + " (byte " + at + "): ", "U+000D");
    }

    @Test
    void escapedControlCharactersInAnIgnoredFieldAreFine() throws VarpdException {
        assertEquals(
                1,
                parse("{\"de:ad:be:ef:00:01\": {\"note\": \"a\\tb\\u0000\"}}").size());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "de:ad:be:ef:00:\uff11", // full-width digit one
                "de:ad:be:ef:00:\u0661", // Arabic-Indic digit one
                "\uff44\uff45:ad:be:ef:00:01", // full-width letters d, e
                " de:ad:be:ef:00:01" // a space MacAddress.parse would trim
            })
    void macKeyWithCharactersOutsideAsciiHexIsRefusedNamingTheCharacter(String key) {
        String m = refused("{\n  \"" + key + "\": {\"ip\": \"10.0.0.1\"}}");
        int at = 0;
        while ("0123456789abcdefABCDEF:-.".indexOf(key.charAt(at)) >= 0) {
            at++;
        }
        assertContains(
                m,
                "line 2, column ",
                "has the character",
                String.format("(U+%04X) at position %d", (int) key.charAt(at), at + 1),
                "allowed: a unicast MAC address written with the ASCII hex digits");
    }

    @Test
    void dhcpProxyWithAFullWidthDigitIsRefused() {
        assertContains(
                refused("{\"de:ad:be:ef:00:01\": {\"dhcp-proxy\": \"de:ad:be:ef:00:\uff10\"}}"),
                "field \"dhcp-proxy\" has the character '\uff10' (U+FF10) at position 16",
                "allowed:");
    }

    @Test
    void keyWithAsciiHexButNoMacShapeIsNotAMacAddress() {
        assertContains(
                refused("{\"de:ad:be:ef:00\": {}}"),
                "line 1, column ",
                "key \"de:ad:be:ef:00\" is not a MAC" + " address",
                "allowed: a unicast MAC address");
    }

    @Test
    void aLongBadValueIsShortenedAfterTheExplanation() {
        String value = "x".repeat(300);
        String m = refused("{\"de:ad:be:ef:00:01\": {\"ip\": \"" + value + "\"}}");
        assertContains(
                m,
                "field \"ip\" is not an IP address: \"" + "x".repeat(MappingText.SHOWN) + "...\" (300 characters);"
                        + " allowed: ");
        assertTrue(m.length() < 260, m.length() + ": " + m);
    }

    @Test
    void aLongBadPortIsShortenedToo() {
        String m = refused("{\"de:ad:be:ef:00:01\": {\"port\": " + "9".repeat(1000) + "}}");
        assertContains(m, "field \"port\" is out of range: " + "9".repeat(MappingText.SHOWN) + "... (1000 characters)");
    }

    @Test
    void aValueWithEscapedControlCharactersIsShownWithEscapes() {
        String m = refused("{\"de:ad:be:ef:00:01\": {\"ip\": \"10.0.0.1\\nINFO forged log line\"}}");
        assertContains(m, "\"10.0.0.1\\u000aINFO forged log line\"");
        assertFalse(m.contains("\n"), m);
    }

    @Test
    void aHugeValueIsRefusedWithoutReadingItAndAShortMessage() throws IOException {
        int huge = 16 << 20;
        Path file = dir.resolve("huge.json");
        try (java.io.OutputStream out = Files.newOutputStream(file)) {
            out.write("{\n  \"de:ad:be:ef:00:01\": {\"port\": 4789,\n    \"ip\": \"".getBytes(StandardCharsets.UTF_8));
            byte[] chunk = "a".repeat(1 << 16).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < huge / chunk.length; i++) {
                out.write(chunk);
            }
            out.write("\"}\n}\n".getBytes(StandardCharsets.UTF_8));
        }
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported());
        long before = threads.getCurrentThreadAllocatedBytes();
        VarpdException e = assertThrows(VarpdException.class, () -> MappingFileReader.read(file, VXLAN));
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        String head = "{\n  \"de:ad:be:ef:00:01\": {\"port\": 4789,\n    \"ip\": ";
        assertContains(
                e.getMessage(),
                "line 3, column 11 (byte " + head.length() + "): entry de:ad:be:ef:00:01: field"
                        + " \"ip\": a string"
                        + " longer than " + MappingText.MAX_TOKEN + " characters (\"" + "a".repeat(MappingText.SHOWN)
                        + "...\")",
                "allowed: at most");
        assertTrue(e.getMessage().length() < 400, e.getMessage());
        // Gson alone built the whole value: 16 M characters, twice over while its buffer grew.
        assertTrue(allocated < 4 << 20, "reading a refused 16 MB value allocated " + allocated + " bytes");
    }

    /** Documents with a problem {@link MappingText} finds, each behind an escape, a tab or a new line. */
    static java.util.stream.Stream<String> textProblems() {
        String entry = "{\"de:ad:be:ef:00:01\": {\"ip\": \"10.0.0.1\",\t\"port\": 4789,\r\n ";
        return java.util.stream.Stream.of(
                entry + "\"note\": \"a\\\"b\\\\\u0009\"}}", // control character after escapes
                entry + "\"note\": \"caf\u00e9 \\\" \u0001\"}}", // after a non-ASCII character
                entry + "\"note\": \"" + "x\\\"".repeat(1500) + "\"}}", // long, with escapes
                entry + "\"note\": [" + "7".repeat(5000) + "]}}", // long number
                entry + "\"n\\u00f6te\": \"\u0002\"}}"); // escaped name
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("textProblems")
    void theSameProblemIsReportedAtTheSamePlaceFromBytesAndFromCharacters(String json) throws IOException {
        Path file = Files.writeString(dir.resolve("text.json"), json);
        VarpdException fromBytes = assertThrows(VarpdException.class, () -> MappingFileReader.read(file, VXLAN));
        String fromChars = refused(json);
        assertEquals("files/config " + file + ": " + fromChars, fromBytes.getMessage());
        assertTrue(fromChars.startsWith("line 2, column "), fromChars);
    }
}
