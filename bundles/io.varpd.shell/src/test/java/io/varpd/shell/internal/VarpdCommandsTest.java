// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.Errno;
import io.varpd.api.MacAddress;
import io.varpd.api.PluginMode;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import io.varpd.api.admin.InstanceState;
import io.varpd.api.admin.LookupResult;
import io.varpd.api.admin.OverlaySpec;
import io.varpd.api.admin.PluginInfo;
import io.varpd.api.admin.PropertyView;
import io.varpd.api.admin.ScriptedVarpdAdmin;
import io.varpd.api.admin.StrayDevice;
import io.varpd.api.device.CacheEntry;
import io.varpd.api.plugin.PropertyDescription;
import io.varpd.api.plugin.PropertyType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VarpdCommandsTest {
    private final ScriptedVarpdAdmin admin = new ScriptedVarpdAdmin();
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    private final VarpdCommands real = new VarpdCommands(admin, () -> out, () -> err);
    /** The commands, with each failure they throw recorded instead of ending the test. */
    private final Session commands = new Session();
    /** The messages of the failures thrown, one line after each. */
    private final StringBuilder failures = new StringBuilder();

    private boolean failuresChecked;

    /** A command called as the shell calls it; a failure is kept for {@link #failed()}. */
    private interface Call {
        void run() throws CommandFailedException;
    }

    private final class Session {
        void create(String... args) {
            call(() -> real.create(args));
        }

        void delete(String... args) {
            call(() -> real.delete(args));
        }

        void show(String... args) {
            call(() -> real.show(args));
        }

        void modify(String... args) {
            call(() -> real.modify(args));
        }

        void plugins(String... args) {
            call(() -> real.plugins(args));
        }

        void lookup(String... args) {
            call(() -> real.lookup(args));
        }

        private void call(Call call) {
            try {
                call.run();
            } catch (CommandFailedException e) {
                failures.append(e.getMessage()).append('\n');
            }
        }
    }

    /** What the commands failed with: the messages the shell prints, each followed by a newline. */
    private String failed() {
        failuresChecked = true;
        return failures.toString();
    }

    @AfterEach
    void nothingFailedUnlessChecked() {
        if (!failuresChecked) {
            assertEquals("", failures.toString(), "a command failed where none should have");
        }
    }

    private String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static MacAddress mac(String text) {
        try {
            return MacAddress.parse(text);
        } catch (VarpdException e) {
            throw new AssertionError(e);
        }
    }

    @BeforeEach
    void fixture() {
        admin.plugin(new PluginInfo("direct", PluginMode.POINT, "io.varpd.plugin.direct 1.0.0", true, ""));
        admin.plugin(new PluginInfo("files", PluginMode.DYNAMIC, "io.varpd.plugin.files 1.0.0", true, ""));
        admin.plugin(new PluginInfo(
                "direct",
                PluginMode.POINT,
                "other.direct 2.0.0",
                false,
                "the name direct is taken by io.varpd.plugin.direct"));
        admin.put(ScriptedVarpdAdmin.info("vxlan0", "direct", InstanceState.ACTIVE, false, ""));
        admin.put(ScriptedVarpdAdmin.info(
                "vxlan1", "files", InstanceState.ACTIVE, true, "files/config: cannot read /etc/varpd/hosts.json"));
        admin.put(
                ScriptedVarpdAdmin.info("vxlan2", "svp", InstanceState.WAITING, false, "plugin svp is not registered"));
        admin.properties(
                "vxlan0",
                List.of(
                        new PropertyView(
                                PropertyDescription.builder("vxlan/listen_port", PropertyType.UINT)
                                        .required()
                                        .defaultValue(4789L)
                                        .range(1, 65535)
                                        .build(),
                                4789L),
                        new PropertyView(
                                PropertyDescription.builder("search", PropertyType.STRING)
                                        .readOnly()
                                        .options("direct", "files", "svp")
                                        .build(),
                                "direct"),
                        new PropertyView(
                                PropertyDescription.builder("direct/dest_ip", PropertyType.IP)
                                        .required()
                                        .build(),
                                ip("10.88.88.69")),
                        new PropertyView(
                                PropertyDescription.builder("direct/dest_port", PropertyType.UINT)
                                        .required()
                                        .range(1, 65535)
                                        .build(),
                                4789L)));
        admin.properties(
                "vxlan1",
                List.of(new PropertyView(
                        PropertyDescription.builder("files/config", PropertyType.STRING)
                                .required()
                                .build(),
                        null)));
        admin.table("vxlan0", List.of(CacheEntry.to(MacAddress.ZERO, TargetPoint.of(ip("10.88.88.69"), 4789))));
        admin.table(
                "vxlan1",
                List.of(
                        CacheEntry.to(mac("de:ad:be:ef:0:1"), TargetPoint.of(ip("10.0.0.2"), 4789)),
                        CacheEntry.dropping(mac("de:ad:be:ef:0:2")),
                        CacheEntry.to(mac("de:ad:be:ef:0:3"), TargetPoint.of(ip("2001:db8::7:0:0:1"), 4789)),
                        CacheEntry.to(MacAddress.ZERO, TargetPoint.of(ip("10.0.0.9"), 4789))));
    }

    @Nested
    class Create {
        @Test
        void createPassesLinkPluginVnetidAndEveryProperty() {
            commands.create(
                    "-e",
                    "vxlan",
                    "-s",
                    "direct",
                    "-v",
                    "42",
                    "-p",
                    "direct/dest_ip=10.88.88.69,direct/dest_port=4789",
                    "-p",
                    "vxlan/listen_ip=0.0.0.0",
                    "vxlan5");
            assertEquals("", err());
            assertEquals("", out());
            assertEquals(
                    List.of(new OverlaySpec(
                            "vxlan5",
                            "direct",
                            42,
                            Map.of(
                                    "encap", "vxlan",
                                    "direct/dest_ip", "10.88.88.69",
                                    "direct/dest_port", "4789",
                                    "vxlan/listen_ip", "0.0.0.0"))),
                    admin.created());
        }

        @Test
        void createAcceptsLongOptionsAndTheLinkFirst() {
            commands.create(
                    "vxlan7",
                    "--encap=vxlan",
                    "--search",
                    "files",
                    "--vnetid",
                    "16777215",
                    "--prop",
                    "files/config=/etc/varpd/hosts.json");
            assertEquals("", err());
            assertEquals(
                    new OverlaySpec(
                            "vxlan7",
                            "files",
                            16777215,
                            Map.of("encap", "vxlan", "files/config", "/etc/varpd/hosts.json")),
                    admin.created().get(0));
        }

        @Test
        void createNeedsAVnetid() {
            commands.create("-e", "vxlan", "-s", "direct", "vxlan0");
            assertTrue(
                    failed().startsWith("create-overlay: missing required virtual network id (-v <vnetid>); usage:"),
                    failed());
            assertEquals(List.of(), admin.created());
        }

        @Test
        void createNeedsAnEncapsulation() {
            commands.create("-s", "direct", "-v", "1", "vxlan0");
            assertTrue(
                    failed().startsWith("create-overlay: missing required encapsulation plugin (-e vxlan)"), failed());
        }

        @Test
        void createNeedsASearchPlugin() {
            commands.create("-e", "vxlan", "-v", "1", "vxlan0");
            assertTrue(failed().startsWith("create-overlay: missing required search plugin"), failed());
        }

        @Test
        void createNeedsExactlyOneLink() {
            commands.create("-e", "vxlan", "-s", "direct", "-v", "1");
            assertTrue(failed().startsWith("create-overlay: missing overlay name; usage: create "), failed());
            failures.setLength(0);
            commands.create("-e", "vxlan", "-s", "direct", "-v", "1", "vxlan0", "vxlan1");
            assertEquals("create-overlay: only one overlay may be specified, got also: vxlan1\n", failed());
            assertEquals(List.of(), admin.created());
        }

        @Test
        void createRefusesAnUnknownEncapsulation() {
            commands.create("-e", "geneve", "-s", "direct", "-v", "1", "vxlan0");
            assertEquals("create-overlay: unknown encapsulation plugin 'geneve'; allowed: vxlan\n", failed());
        }

        @Test
        void createRefusesAVnetidThatIsNotADecimalNumber() {
            commands.create("-e", "vxlan", "-s", "direct", "-v", "0x10", "vxlan0");
            assertEquals(
                    "create-overlay: couldn't parse virtual network id: '0x10'; allowed: a decimal number"
                            + " 0-16777215\n",
                    failed());
        }

        @Test
        void createRefusesAVnetidBeyondVxlansRange() {
            commands.create("-e", "vxlan", "-s", "direct", "-v", "16777216", "vxlan0");
            assertEquals("create-overlay: virtual network id 16777216 is too large; allowed: 0-16777215\n", failed());
            failures.setLength(0);
            commands.create("-e", "vxlan", "-s", "direct", "-v", "99999999999999999999999", "vxlan0");
            assertTrue(failed().contains("is too large"), failed());
            assertEquals(List.of(), admin.created());
        }

        @Test
        void createRefusesAnInvalidLinkName() {
            for (String bad : new String[] {"vxlan", "0vxlan0", "vx-lan0", "a2345678901234567890123456789012"}) {
                failures.setLength(0);
                commands.create("-e", "vxlan", "-s", "direct", "-v", "1", bad);
                assertTrue(failed().startsWith("create-overlay: invalid link name '" + bad + "'; allowed:"), failed());
            }
            assertEquals(List.of(), admin.created());
            failures.setLength(0);
            commands.create("-e", "vxlan", "-s", "direct", "-v", "1", "a234567890123456789012345678901");
            assertEquals("", failed());
            assertEquals(1, admin.created().size());
        }

        @Test
        void createRefusesAPropertyWithoutValue() {
            commands.create("-e", "vxlan", "-s", "direct", "-v", "1", "-p", "direct/dest_ip=10.0.0.1,4789", "vxlan0");
            assertEquals(
                    "create-overlay: invalid overlay property '4789'; expected <prop>=<value>, one value per"
                            + " property\n",
                    failed());
            failures.setLength(0);
            commands.create("-e", "vxlan", "-s", "direct", "-v", "1", "-p", "direct/dest_ip=", "vxlan0");
            assertTrue(failed().startsWith("create-overlay: invalid overlay property 'direct/dest_ip='"), failed());
            assertEquals(List.of(), admin.created());
        }

        @Test
        void createRefusesAPropertyGivenTwice() {
            commands.create(
                    "-e",
                    "vxlan",
                    "-s",
                    "direct",
                    "-v",
                    "1",
                    "-p",
                    "direct/dest_port=1",
                    "-p",
                    "direct/dest_port=2",
                    "vxlan0");
            assertEquals("create-overlay: property 'direct/dest_port' is specified more than once\n", failed());
        }

        @Test
        void createTakesTheEncapsulationOnlyFromE() {
            commands.create("-e", "vxlan", "-s", "direct", "-v", "1", "-p", "encap=geneve", "vxlan0");
            assertEquals("create-overlay: the encapsulation is given with -e, not as a property\n", failed());
            assertEquals(List.of(), admin.created());
        }

        @Test
        void createChecksEverythingBeforeSayingAnything() {
            commands.create("-t", "-e", "vxlan", "-s", "direct", "-v", "x", "vxlan0");
            assertEquals(
                    "create-overlay: couldn't parse virtual network id: 'x'; allowed: a decimal number"
                            + " 0-16777215\n",
                    failed());
        }

        @Test
        void createRefusesARepeatedSingleOption() {
            commands.create("-e", "vxlan", "-s", "direct", "-s", "files", "-v", "1", "vxlan0");
            assertEquals("create-overlay: the option -s cannot be specified more than once\n", failed());
        }

        @Test
        void createNamesAnUnrecognizedOption() {
            commands.create("-e", "vxlan", "-x", "vxlan0");
            assertEquals("create-overlay: unrecognized option '-x'\n", failed());
            failures.setLength(0);
            commands.create("-e");
            assertEquals("create-overlay: option '-e' requires a value\n", failed());
        }

        @Test
        void createReportsTheFailureWithEachUnsetRequiredProperty() {
            admin.failNext(
                    "create",
                    new VarpdException(
                            Errno.EAGAIN,
                            "cannot start: unset required properties: direct/dest_ip, direct/dest_port; set them first"));
            commands.create("-e", "vxlan", "-s", "direct", "-v", "1", "vxlan0");
            assertEquals(
                    "create-overlay: overlay creation failed: EAGAIN: cannot start: unset required properties:"
                            + " direct/dest_ip, direct/dest_port; set them first\n"
                            + "\tunset required property: direct/dest_ip\n"
                            + "\tunset required property: direct/dest_port\n",
                    failed());
        }

        @Test
        void createReportsOtherFailuresOnOneLine() {
            commands.create("-e", "vxlan", "-s", "direct", "-v", "1", "vxlan0");
            assertEquals(
                    "create-overlay: overlay creation failed: EEXIST: vxlan0: an overlay with this link already"
                            + " exists\n",
                    failed());
        }

        @Test
        void createSaysWhenTheOverlayIsNotActive() {
            admin.createsAs(InstanceState.WAITING, "plugin svp is not registered");
            commands.create("-e", "vxlan", "-s", "svp", "-v", "1", "vxlan9");
            assertEquals("create-overlay: vxlan9 is WAITING: plugin svp is not registered\n", out());
            assertEquals("", err());
        }

        @Test
        void createAcceptsTemporaryButSaysItHasNoEffect() {
            commands.create("-t", "-e", "vxlan", "-s", "direct", "-v", "1", "vxlan5");
            assertEquals(1, admin.created().size());
            assertTrue(err().startsWith("create-overlay: -t has no effect"), err());
        }
    }

    @Nested
    class Delete {
        @Test
        void deleteDeletesTheNamedOverlay() {
            commands.delete("vxlan0");
            assertEquals(List.of("delete vxlan0"), admin.actions());
            assertEquals("", err());
        }

        @Test
        void deleteReportsTheFailure() {
            commands.delete("vxlan5");
            assertEquals(
                    "delete-overlay: failed to delete vxlan5: ENOENT: vxlan5: no overlay of that name\n", failed());
        }

        @Test
        void deleteNeedsExactlyOneLink() {
            commands.delete();
            assertEquals("delete-overlay: missing overlay name; usage: delete [-t] <overlay>\n", failed());
            failures.setLength(0);
            commands.delete("vxlan0", "vxlan1");
            assertEquals("delete-overlay: only one overlay may be specified, got also: vxlan1\n", failed());
            assertEquals(List.of(), admin.actions());
        }

        @Test
        void deleteAcceptsTemporaryButSaysItHasNoEffect() {
            commands.delete("-t", "vxlan0");
            assertEquals(List.of("delete vxlan0"), admin.actions());
            assertTrue(err().startsWith("delete-overlay: -t has no effect"), err());
        }
    }

    @Nested
    class Show {
        @Test
        void showListsEveryPropertyInDladmsColumns() {
            commands.show("vxlan0");
            assertEquals("", err());
            assertEquals(
                    String.join(
                            "\n",
                            "LINK               PROPERTY           PERM REQ VALUE      DEFAULT   POSSIBLE",
                            "vxlan0             vxlan/listen_port  rw   y   4789       4789      1-65535",
                            "vxlan0             search             r-   -   direct     --        direct,",
                            "                                                                    files,svp",
                            "vxlan0             direct/dest_ip     rw   y   10.88.88.69 --       --",
                            "vxlan0             direct/dest_port   rw   y   4789       --        1-65535",
                            ""),
                    out());
        }

        @Test
        void showWithoutLinksShowsEveryInstanceUnderOneHeader() {
            commands.show();
            String text = out();
            assertTrue(text.contains("vxlan0             direct/dest_port"), text);
            assertTrue(text.contains("vxlan1             files/config       rw   y   --         --        --"), text);
            assertEquals(1, text.lines().filter(l -> l.startsWith("LINK")).count(), text);
            // Core has no properties of a WAITING instance (its plugin is absent): a note, the rest
            // shown, and the command succeeds, since nothing asked for failed.
            assertEquals("", failed());
            assertEquals(
                    "show-overlay: no properties to show for vxlan2: vxlan2: the overlay is not active"
                            + " (WAITING: plugin svp is not registered)\n",
                    err());
        }

        @Test
        void showReportsAPropertyFailureAndGoesOn() {
            admin.failNext("properties", new VarpdException(Errno.EAGAIN, "plugin svp is not registered"));
            commands.show("vxlan2", "vxlan1");
            assertEquals(
                    "show-overlay: failed to get properties of vxlan2: EAGAIN: plugin svp is not registered\n",
                    failed());
            assertTrue(out().contains("vxlan1             files/config"), out());
        }

        @Test
        void showReportsAnUnknownLinkAndGoesOn() {
            commands.show("vxlan9", "vxlan1");
            assertEquals("show-overlay: failed to find vxlan9: ENOENT: vxlan9: no overlay of that name\n", failed());
            assertTrue(out().contains("vxlan1"), out());
        }

        @Test
        void showFmaListsStatusAndDetails() {
            commands.show("-f");
            assertEquals("", err());
            assertEquals(
                    String.join(
                            "\n",
                            "LINK                STATUS  DETAILS",
                            "vxlan0              ONLINE  -",
                            "vxlan1              DEGRADED files/config: cannot read /etc/varpd/hosts.json",
                            "vxlan2              WAITING plugin svp is not registered",
                            ""),
                    out());
        }

        @Test
        void showFmaOfNamedLinksReportsUnknownOnes() {
            commands.show("-f", "vxlan1", "vxlan9");
            assertEquals(
                    String.join(
                            "\n",
                            "LINK                STATUS  DETAILS",
                            "vxlan1              DEGRADED files/config: cannot read /etc/varpd/hosts.json",
                            ""),
                    out());
            assertEquals("show-overlay: failed to find vxlan9: ENOENT: no such overlay\n", failed());
        }

        @Test
        void showFmaListsDevicesWithoutAnInstanceAsDegradedAfterTheInstances() {
            admin.stray(new StrayDevice("linux", "vx7", 7, "blue"));
            commands.show("-f");
            assertEquals("", err());
            assertEquals(
                    String.join(
                            "\n",
                            "LINK                STATUS  DETAILS",
                            "vxlan0              ONLINE  -",
                            "vxlan1              DEGRADED files/config: cannot read /etc/varpd/hosts.json",
                            "vxlan2              WAITING plugin svp is not registered",
                            "vx7                 DEGRADED no varpd instance exists",
                            ""),
                    out());

            outBytes.reset();
            commands.show("-f", "vx7");
            assertEquals("", err());
            assertTrue(out().endsWith("vx7                 DEGRADED no varpd instance exists\n"), out());
        }

        @Test
        void showTargetsListsEveryActiveTable() {
            commands.show("-t");
            assertEquals("", err());
            assertEquals(
                    String.join(
                            "\n",
                            "LINK                TARGET            DESTINATION",
                            "vxlan0              *:*:*:*:*:*       10.88.88.69:4789",
                            "vxlan1              de:ad:be:ef:00:01 10.0.0.2:4789",
                            "vxlan1              de:ad:be:ef:00:02 drop",
                            "vxlan1              de:ad:be:ef:00:03 [2001:db8::7:0:0:1]:4789",
                            "vxlan1              00:00:00:00:00:00 10.0.0.9:4789",
                            ""),
                    out());
        }

        @Test
        void showTargetsOfAnInactiveLinkReportsWhy() {
            commands.show("-t", "vxlan2");
            assertEquals("", out());
            assertEquals(
                    "show-overlay: failed to get the target table of vxlan2: ENXIO: vxlan2: the overlay is"
                            + " not active (WAITING: plugin svp is not registered)\n",
                    failed());
        }

        @Test
        void showTargetsParsableEscapesColons() {
            commands.show("-t", "-p", "-o", "link,target,destination", "vxlan1");
            assertEquals(
                    String.join(
                            "\n",
                            "vxlan1:de\\:ad\\:be\\:ef\\:00\\:01:10.0.0.2\\:4789",
                            "vxlan1:de\\:ad\\:be\\:ef\\:00\\:02:drop",
                            "vxlan1:de\\:ad\\:be\\:ef\\:00\\:03:[2001\\:db8\\:\\:7\\:0\\:0\\:1]\\:4789",
                            "vxlan1:00\\:00\\:00\\:00\\:00\\:00:10.0.0.9\\:4789",
                            ""),
                    out());
        }

        @Test
        void showParsableSingleFieldIsNotEscaped() {
            commands.show("-tpo", "destination", "vxlan0");
            assertEquals("10.88.88.69:4789\n", out());
        }

        @Test
        void showSelectsFieldsWithO() {
            commands.show("-f", "-o", "status,link");
            assertEquals(
                    String.join("\n", "STATUS  LINK", "ONLINE  vxlan0", "DEGRADED vxlan1", "WAITING vxlan2", ""),
                    out());
        }

        @Test
        void showParsablePropertiesUseTheSameValues() {
            commands.show("-p", "-o", "property,value,possible", "vxlan0");
            assertEquals(
                    String.join(
                            "\n",
                            "vxlan/listen_port:4789:1-65535",
                            "search:direct:direct,files,svp",
                            "direct/dest_ip:10.88.88.69:--",
                            "direct/dest_port:4789:1-65535",
                            ""),
                    out());
        }

        @Test
        void showWarnsAboutUnknownFieldsAndShowsTheRest() {
            commands.show("-f", "-o", "link,colour");
            assertEquals("show-overlay: ignoring unknown output field: `colour'\n", err());
            assertTrue(out().startsWith("LINK\nvxlan0\n"), out());
        }

        @Test
        void showParsableNeedsFields() {
            commands.show("-p");
            assertTrue(failed().startsWith("show-overlay: -p requires -o; usage: show "), failed());
            assertEquals("", out());
        }

        @Test
        void showRefusesFmaAndTargetsTogether() {
            commands.show("-f", "-t");
            assertTrue(failed().startsWith("show-overlay: only one of -f, -t or -s may be used"), failed());
            assertEquals("", out());
        }

        @Test
        void showStatisticsListsTheLookupCountersOfEachOverlay() {
            java.util.Map<String, Long> counters = new java.util.LinkedHashMap<>();
            String[] names = {"lookups", "ok", "drop", "arp", "ndp", "dhcp", "errors"};
            for (int i = 0; i < names.length; i++) {
                counters.put(names[i], (long) (i + 1) * 10);
            }
            admin.put(new io.varpd.api.admin.InstanceInfo(
                    1, "vxlan0", "files", 42, "memory", InstanceState.ACTIVE, false, "", "pid", counters));

            commands.show("-s", "vxlan0", "vxlan2");

            assertEquals("", err());
            assertEquals(
                    String.join(
                            "\n",
                            "LINK                LOOKUPS  OK       DROP     ARP      NDP      DHCP     ERRORS",
                            "vxlan0              10       20       30       40       50       60       70",
                            "vxlan2              --       --       --       --       --       --       --",
                            ""),
                    out());
        }

        @Test
        void showOfNoInstancesPrintsNothing() {
            admin.removeAll();
            commands.show();
            commands.show("-f");
            commands.show("-t");
            assertEquals("", out());
            assertEquals("", err());
        }
    }

    @Nested
    class Modify {
        @Test
        void modifyDeleteRemovesOneTarget() {
            commands.modify("-d", "de:ad:be:ef:0:1", "vxlan1");
            assertEquals(List.of("removeTarget vxlan1 de:ad:be:ef:00:01"), admin.actions());
            assertEquals("", err());
        }

        @Test
        void modifyFlushEmptiesTheTable() {
            commands.modify("-f", "vxlan1");
            assertEquals(List.of("flushTargets vxlan1"), admin.actions());
        }

        @Test
        void modifySetPassesTheMacAndTheValueText() {
            commands.modify("-s", "de:ad:be:ef:0:1=[2001:db8::1]:4789", "vxlan1");
            commands.modify("--set-entry=de:ad:be:ef:0:2=drop", "vxlan1");
            assertEquals(
                    List.of(
                            "setTarget vxlan1 de:ad:be:ef:00:01 [2001:db8::1]:4789",
                            "setTarget vxlan1 de:ad:be:ef:00:02 drop"),
                    admin.actions());
            assertEquals("", err());
        }

        @Test
        void modifyNeedsOneOfTheThreeOptions() {
            commands.modify("vxlan1");
            assertTrue(failed().startsWith("modify-overlay: need to specify one of -d, -f, or -s"), failed());
            assertEquals(List.of(), admin.actions());
        }

        @Test
        void modifyAllowsOnlyOneOfTheThreeOptions() {
            commands.modify("-f", "-d", "de:ad:be:ef:0:1", "vxlan1");
            assertEquals("modify-overlay: only one of -d, -f, or -s may be used\n", failed());
            assertEquals(List.of(), admin.actions());
        }

        @Test
        void modifyRefusesARepeatedOption() {
            commands.modify("-f", "-f", "vxlan1");
            assertEquals("modify-overlay: the option -f cannot be specified more than once\n", failed());
        }

        @Test
        void modifyRefusesAnInvalidMac() {
            commands.modify("-d", "de:ad:be:ef", "vxlan1");
            assertEquals("modify-overlay: invalid mac address: de:ad:be:ef\n", failed());
            failures.setLength(0);
            commands.modify("-s", "zz=10.0.0.1:4789", "vxlan1");
            assertEquals("modify-overlay: invalid mac address: zz\n", failed());
            assertEquals(List.of(), admin.actions());
        }

        @Test
        void modifySetNeedsMacEqualsDestination() {
            commands.modify("-s", "de:ad:be:ef:0:1", "vxlan1");
            assertEquals("modify-overlay: malformed value, expected mac=dest, got: de:ad:be:ef:0:1\n", failed());
        }

        @Test
        void modifyNeedsExactlyOneOverlay() {
            commands.modify("-f");
            assertTrue(failed().startsWith("modify-overlay: missing required overlay device"), failed());
            failures.setLength(0);
            commands.modify("-f", "vxlan0", "vxlan1");
            assertEquals("modify-overlay: only one overlay device may be specified\n", failed());
            assertEquals(List.of(), admin.actions());
        }

        @Test
        void modifyReportsEachKindOfFailure() {
            admin.failNext(
                    "setTarget",
                    new VarpdException(Errno.EINVAL, "'10.0.0.1:0': port 0 is out of range;" + " allowed: 1-65535"));
            commands.modify("-s", "de:ad:be:ef:0:1=10.0.0.1:0", "vxlan1");
            commands.modify("-d", "de:ad:be:ef:0:1", "vxlan9");
            commands.modify("-f", "vxlan9");
            assertEquals(
                    String.join(
                            "\n",
                            "modify-overlay: failed to set target de:ad:be:ef:0:1 for overlay target cache vxlan1: EINVAL:"
                                    + " '10.0.0.1:0': port 0 is out of range; allowed: 1-65535",
                            "modify-overlay: failed to delete target de:ad:be:ef:0:1 from overlay target cache vxlan9:"
                                    + " ENOENT: vxlan9: no overlay of that name",
                            "modify-overlay: failed to flush target cache for overlay vxlan9: ENOENT: vxlan9: no overlay"
                                    + " of that name",
                            ""),
                    failed());
        }
    }

    @Nested
    class Plugins {
        @Test
        void pluginsListsEveryRegisteredPlugin() {
            commands.plugins();
            assertEquals(
                    String.join(
                            "\n",
                            "NAME        MODE    STATE   BUNDLE                              DETAILS",
                            "direct      POINT   active  io.varpd.plugin.direct 1.0.0        -",
                            "files       DYNAMIC active  io.varpd.plugin.files 1.0.0         -",
                            "direct      POINT   refused other.direct 2.0.0                  the name direct is taken by"
                                    + " io.varpd.plugin.direct",
                            ""),
                    out());
        }

        @Test
        void pluginsFitsTheBundleColumnToTheLongestBundleSoDetailsLineUp() {
            // Third-party bundles often carry a timestamp qualifier: longer than a fixed column.
            admin.clearPlugins();
            admin.plugin(
                    new PluginInfo("direct", PluginMode.POINT, "io.varpd.plugin.direct 1.1.0.202612070308", true, ""));
            admin.plugin(
                    new PluginInfo("etcd", PluginMode.DYNAMIC, "io.varpd.plugin.etcd 1.1.0.202612070308", true, ""));
            admin.plugin(new PluginInfo(
                    "svp", PluginMode.DYNAMIC, "io.varpd.plugin.svp 1.1.0.202612070308", false, "svp/host missing"));
            commands.plugins();
            assertEquals(
                    String.join(
                            "\n",
                            "NAME        MODE    STATE   BUNDLE                                    DETAILS",
                            "direct      POINT   active  io.varpd.plugin.direct 1.1.0.202612070308 -",
                            "etcd        DYNAMIC active  io.varpd.plugin.etcd 1.1.0.202612070308   -",
                            "svp         DYNAMIC refused io.varpd.plugin.svp 1.1.0.202612070308    svp/host missing",
                            ""),
                    out());
        }

        @Test
        void pluginsParsableSelectsFields() {
            commands.plugins("-p", "-o", "name,state");
            assertEquals("direct:active\nfiles:active\ndirect:refused\n", out());
        }

        @Test
        void pluginsRefusesOperands() {
            commands.plugins("direct");
            assertTrue(failed().startsWith("plugins: unexpected argument 'direct'"), failed());
        }
    }

    @Nested
    class Lookup {
        private final MacAddress mac1 = mac("de:ad:be:ef:0:1");
        private final MacAddress mac3 = mac("de:ad:be:ef:0:3");

        @BeforeEach
        void answers() {
            admin.answerLookup(
                    "vxlan1",
                    mac1,
                    new LookupResult(
                            true, mac1, TargetPoint.of(ip("10.0.0.2"), 4789), "de:ad:be:ef:00:01 -> 10.0.0.2:4789"));
            admin.answerResolve(
                    "vxlan1",
                    ip("10.0.0.5"),
                    new LookupResult(
                            true,
                            mac1,
                            TargetPoint.of(ip("10.0.0.2"), 4789),
                            "10.0.0.5 is at de:ad:be:ef:00:01 -> 10.0.0.2:4789"));
            admin.answerResolve(
                    "vxlan1",
                    ip("2001:db8::5"),
                    new LookupResult(
                            true,
                            mac3,
                            TargetPoint.of(ip("2001:db8::7:0:0:1"), 4789),
                            "2001:db8::5 is at de:ad:be:ef:00:03 ->" + " [2001:db8::7:0:0:1]:4789"));
        }

        @Test
        void lookupOfAMacInAnySpellingShowsWhereItsFramesGo() {
            commands.lookup("vxlan1", "DE-AD-BE-EF-00-01");
            assertEquals("", err());
            assertEquals(
                    String.join(
                            "\n",
                            "LINK        QUERY             MAC               DESTINATION           DETAIL",
                            "vxlan1      de:ad:be:ef:00:01 de:ad:be:ef:00:01 10.0.0.2:4789         de:ad:be:ef:00:01 ->"
                                    + " 10.0.0.2:4789",
                            ""),
                    out());
            commands.lookup("vxlan1", "dead.beef.0001");
            assertEquals(
                    List.of("lookup vxlan1 de:ad:be:ef:00:01", "lookup vxlan1 de:ad:be:ef:00:01"), admin.actions());
        }

        @Test
        void lookupOfAMacThePluginDropsSaysDrop() {
            commands.lookup("vxlan1", "de:ad:be:ef:0:9");
            assertEquals(
                    String.join(
                            "\n",
                            "LINK        QUERY             MAC               DESTINATION           DETAIL",
                            "vxlan1      de:ad:be:ef:00:09 de:ad:be:ef:00:09 drop                  de:ad:be:ef:00:09: DROP",
                            ""),
                    out());
        }

        @Test
        void lookupOfAnIpv4AddressResolvesItThenLooksUpItsMac() {
            commands.lookup("vxlan1", "10.0.0.5");
            assertEquals("", err());
            assertEquals(
                    String.join(
                            "\n",
                            "LINK        QUERY             MAC               DESTINATION           DETAIL",
                            "vxlan1      10.0.0.5          de:ad:be:ef:00:01 10.0.0.2:4789         10.0.0.5 is at"
                                    + " de:ad:be:ef:00:01 -> 10.0.0.2:4789",
                            ""),
                    out());
            assertEquals(List.of("resolve vxlan1 10.0.0.5"), admin.actions());
        }

        @Test
        void lookupOfAnIpv6AddressShowsItInItsShortFormAndShiftsAWideDestination() {
            commands.lookup("vxlan1", "2001:DB8:0:0::5");
            assertEquals("", err());
            // The destination is wider than its field: DETAIL moves right by the excess.
            assertEquals(
                    String.join(
                            "\n",
                            "LINK        QUERY             MAC               DESTINATION           DETAIL",
                            "vxlan1      2001:db8::5       de:ad:be:ef:00:03 [2001:db8::7:0:0:1]:4789 2001:db8::5 is at"
                                    + " de:ad:be:ef:00:03 -> [2001:db8::7:0:0:1]:4789",
                            ""),
                    out());
        }

        @Test
        void lookupOfAnIpv4MappedAddressAsksArp() {
            commands.lookup("-p", "-o", "query,destination", "vxlan1", "::ffff:10.0.0.5");
            assertEquals("10.0.0.5:10.0.0.2\\:4789\n", out());
            assertEquals(List.of("resolve vxlan1 10.0.0.5"), admin.actions());
        }

        @Test
        void lookupOfAnUnknownAddressHasNoMacAndDrops() {
            commands.lookup("vxlan1", "10.0.0.77");
            assertEquals(
                    String.join(
                            "\n",
                            "LINK        QUERY             MAC               DESTINATION           DETAIL",
                            "vxlan1      10.0.0.77         --                drop                  no MAC is known for"
                                    + " 10.0.0.77",
                            ""),
                    out());
        }

        @Test
        void lookupParsableEscapesColonsAndLeavesAnUnknownMacEmpty() {
            commands.lookup("-p", "-o", "link,query,mac,destination", "vxlan1", "10.0.0.5");
            commands.lookup("--parsable", "--output=query,mac,destination,detail", "vxlan1", "10.0.0.77");
            assertEquals(
                    String.join(
                            "\n",
                            "vxlan1:10.0.0.5:de\\:ad\\:be\\:ef\\:00\\:01:10.0.0.2\\:4789",
                            "10.0.0.77::drop:no MAC is known for 10.0.0.77",
                            ""),
                    out());
            assertEquals("", err());
        }

        @Test
        void lookupParsableSingleFieldIsNotEscaped() {
            commands.lookup("-po", "destination", "vxlan1", "de:ad:be:ef:0:1");
            assertEquals("10.0.0.2:4789\n", out());
        }

        @Test
        void lookupSelectsFieldsWithO() {
            commands.lookup("-o", "destination,query", "vxlan1", "10.0.0.5");
            assertEquals(String.join("\n", "DESTINATION           QUERY", "10.0.0.2:4789         10.0.0.5", ""), out());
        }

        @Test
        void lookupOfAnUnknownOverlayFailsWithOneLine() {
            commands.lookup("vxlan9", "de:ad:be:ef:0:1");
            assertEquals("lookup: ENOENT: vxlan9: no overlay of that name\n", failed());
            assertEquals("", out());
        }

        @Test
        void lookupOnAnInactiveOverlayIsRefused() {
            commands.lookup("vxlan2", "10.0.0.5");
            assertEquals(
                    "lookup: ENXIO: vxlan2: the overlay is not active (WAITING: plugin svp is not" + " registered)\n",
                    failed());
            assertEquals("", out());
        }

        @Test
        void lookupReportsAPluginThatDidNotAnswer() {
            admin.failNext(
                    "lookup",
                    new VarpdException(
                            Errno.ETIME, "lookup of de:ad:be:ef:00:01: the plugin did not answer within 5 s"));
            commands.lookup("vxlan1", "de:ad:be:ef:0:1");
            assertEquals(
                    "lookup: ETIME: lookup of de:ad:be:ef:00:01: the plugin did not answer within 5 s\n", failed());
            assertEquals("", out());
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "de:ad:be:ef:0",
                    "10.0.0.0.1",
                    "010.0.0.1",
                    "10.0.0.256",
                    "host.example",
                    "2001:db8::1%eth0",
                    "[2001:db8::1]",
                    "1::2::3",
                    "",
                    "10.0.0"
                })
        void lookupOfSomethingElseNamesBothAcceptedForms(String text) {
            commands.lookup("vxlan1", text);
            assertEquals(
                    "lookup: '" + text + "' is neither a MAC address (de:ad:be:ef:0:1, DE-AD-BE-EF-00-01,"
                            + " dead.beef.0001) nor an IPv4 or IPv6 address (192.0.2.1, 2001:db8::1); usage: lookup [[-p]"
                            + " -o <field>,...] <overlay> <mac|ip>\n",
                    failed());
            assertEquals("", out());
            assertEquals(List.of(), admin.actions());
        }

        @ParameterizedTest
        @CsvSource({
            "1:2:3:4:5:6,          lookup vxlan1 01:02:03:04:05:06",
            "0-0-5e-0-1-1,         lookup vxlan1 00:00:5e:00:01:01",
            "0000.5e00.0101,       lookup vxlan1 00:00:5e:00:01:01",
            "1:2:3:4:5:6:7:8,      resolve vxlan1 1:2:3:4:5:6:7:8",
            "::1:2:3:4,            resolve vxlan1 0:0:0:0:1:2:3:4",
            "1:2:3:4:5::,          resolve vxlan1 1:2:3:4:5:0:0:0",
            "192.0.2.1,            resolve vxlan1 192.0.2.1",
        })
        void macSpellingsAreLookedUpAndIpLiteralsResolved(String text, String call) {
            commands.lookup("vxlan1", text);
            assertEquals(List.of(call), admin.actions());
        }

        @Test
        void lookupNeedsAnOverlayAndOneAddress() {
            commands.lookup();
            commands.lookup("vxlan1");
            commands.lookup("vxlan1", "10.0.0.5", "10.0.0.6", "10.0.0.7");
            assertEquals(
                    String.join(
                            "\n",
                            "lookup: missing overlay name; usage: lookup [[-p] -o <field>,...] <overlay> <mac|ip>",
                            "lookup: missing the MAC or IP address to look up; usage: lookup [[-p] -o <field>,...] <overlay>"
                                    + " <mac|ip>",
                            "lookup: only one overlay and one address may be specified, got also: 10.0.0.6 10.0.0.7",
                            ""),
                    failed());
            assertEquals(List.of(), admin.actions());
        }

        @Test
        void lookupParsableNeedsFieldsAndKnownOnes() {
            commands.lookup("-p", "vxlan1", "10.0.0.5");
            commands.lookup("-p", "-o", "query,colour", "vxlan1", "10.0.0.5");
            assertEquals(
                    String.join(
                            "\n",
                            "lookup: -p requires -o; usage: lookup [[-p] -o <field>,...] <overlay> <mac|ip>",
                            "lookup: unknown output field: `colour'",
                            ""),
                    failed());
            assertEquals("", out());
            assertEquals(List.of(), admin.actions(), "core is not asked for an answer that cannot be printed");
        }

        @Test
        void lookupWarnsAboutUnknownFieldsAndShowsTheRest() {
            commands.lookup("-o", "colour,destination", "vxlan1", "10.0.0.5");
            assertEquals("lookup: ignoring unknown output field: `colour'\n", err());
            assertEquals("DESTINATION\n10.0.0.2:4789\n", out());
        }
    }

    @Test
    void unsetRequiredPropertiesAreReadFromTheMessage() {
        assertEquals(List.of("direct/dest_ip"), VarpdCommands.unsetRequired("unset required property: direct/dest_ip"));
        assertEquals(
                List.of("svp/host", "svp/underlay_ip"),
                VarpdCommands.unsetRequired("vxlan0: Unset required properties: svp/host, svp/underlay_ip"));
        assertEquals(List.of(), VarpdCommands.unsetRequired("direct/dest_ip: 2002::1 is a 6to4 address"));
        assertEquals(List.of(), VarpdCommands.unsetRequired(null));
    }
}
