// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.varpd.api.Errno;
import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import io.varpd.api.admin.InstanceState;
import io.varpd.api.admin.ScriptedVarpdAdmin;
import io.varpd.api.plugin.HostedGuest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: {@code varpd:publish}, {@code varpd:withdraw} and {@code varpd:published}, the guests this host publishes
 * by hand, with the usage and refusal lines of the other commands.
 */
class OverlayGuestsTest {
    private final ScriptedVarpdAdmin admin = new ScriptedVarpdAdmin();
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    private final VarpdCommands commands = new VarpdCommands(admin, () -> out, () -> err);

    OverlayGuestsTest() {
        admin.put(ScriptedVarpdAdmin.info("vxlan1", "etcd", InstanceState.ACTIVE, false, ""));
    }

    private String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    private static MacAddress mac(String text) throws VarpdException {
        return MacAddress.parse(text);
    }

    private interface Call {
        void run() throws CommandFailedException;
    }

    private static String failure(Call call) {
        return assertThrows(CommandFailedException.class, call::run).getMessage();
    }

    @Test
    void publishTakesAddressesAndADestinationAndPrintsNothing() throws Exception {
        commands.publish(
                "-a",
                "10.0.0.11,fd00::11",
                "-a",
                "10.0.0.12",
                "-d",
                "[2001:db8::7]:4790",
                "vxlan1",
                "02-08-20-AA-BB-01");

        assertEquals(
                List.of("publish vxlan1 02:08:20:aa:bb:01 [10.0.0.11, 10.0.0.12, fd00:0:0:0:0:0:0:11]"
                        + " [2001:db8::7]:4790"),
                admin.actions());
        HostedGuest g = admin.published("vxlan1").get(0);
        assertEquals(mac("02:08:20:aa:bb:01"), g.mac());
        assertEquals(
                Set.of(
                        InetAddress.getByName("10.0.0.11"),
                        InetAddress.getByName("fd00::11"),
                        InetAddress.getByName("10.0.0.12")),
                g.addresses());
        assertEquals("", out());
    }

    @Test
    void withoutADestinationTheDevicesLocalPointIsUsed() throws Exception {
        commands.publish("vxlan1", "02:08:20:aa:bb:01");

        assertEquals(List.of("publish vxlan1 02:08:20:aa:bb:01 [] local"), admin.actions());
    }

    @Test
    void publishedListsTheGuestsAsATable() throws Exception {
        commands.publish("-a", "10.0.0.12,10.0.0.11", "-d", "192.0.2.7:4789", "vxlan1", "02:08:20:aa:bb:01");
        commands.publish("-d", "192.0.2.7:4789", "vxlan1", "02:08:20:aa:bb:02");

        commands.published("vxlan1");
        commands.published("-p", "-o", "mac,destination", "vxlan1");

        assertEquals(
                String.join(
                        "\n",
                        "LINK        MAC               DESTINATION           ADDRESSES",
                        "vxlan1      02:08:20:aa:bb:01 192.0.2.7:4789        10.0.0.11,10.0.0.12",
                        "vxlan1      02:08:20:aa:bb:02 192.0.2.7:4789        -",
                        "02\\:08\\:20\\:aa\\:bb\\:01:192.0.2.7\\:4789",
                        "02\\:08\\:20\\:aa\\:bb\\:02:192.0.2.7\\:4789",
                        ""),
                out());
    }

    @Test
    void withdrawRemovesAndASecondWithdrawFailsWithCoresErrno() throws Exception {
        commands.publish("vxlan1", "02:08:20:aa:bb:01");
        commands.withdraw("vxlan1", "02:08:20:aa:bb:01");

        assertEquals(
                "withdraw: failed to withdraw 02:08:20:aa:bb:01 from overlay vxlan1: ENOENT:"
                        + " vxlan1: 02:08:20:aa:bb:01 is not published by this host",
                failure(() -> commands.withdraw("vxlan1", "02:08:20:aa:bb:01")));
    }

    @Test
    void aRefusalIsOneLineNamingTheCommandTheGuestAndTheErrno() {
        admin.failNext(
                "publish", new VarpdException(Errno.ENOTSUP, "vxlan1: this plugin does not publish" + " guests"));

        assertEquals(
                "publish: failed to publish 02:08:20:aa:bb:01 on overlay vxlan1: ENOTSUP: vxlan1: this plugin"
                        + " does not publish guests",
                failure(() -> commands.publish("vxlan1", "02:08:20:aa:bb:01")));
        assertEquals(
                "published: failed to list the guests published on overlay vxlan9: ENOENT: vxlan9: no overlay"
                        + " of that name",
                failure(() -> commands.published("vxlan9")));
    }

    @Test
    void badUsageFailsBeforeCoreIsAsked() {
        assertEquals(
                "publish: missing the guest's MAC; usage: " + OverlayGuests.PUBLISH_USAGE,
                failure(() -> commands.publish("vxlan1")));
        assertEquals(
                "publish: invalid mac address: 02:08; allowed: " + OverlayLookup.MAC_FORMS,
                failure(() -> commands.publish("vxlan1", "02:08")));
        assertEquals(
                "publish: invalid address '10.0.0.300' for -a; allowed: IPv4 or IPv6 addresses (192.0.2.1,"
                        + " 2001:db8::1), comma-separated",
                failure(() -> commands.publish("-a", "10.0.0.300", "vxlan1", "02:08:20:aa:bb:01")));
        assertEquals(
                "publish: invalid destination '2001:db8::7:4789'; allowed: <ip>:<port> such as 192.0.2.7:4789,"
                        + " or [2001:db8::7]:4789 (quoted in Gogo), port 1-65535",
                failure(() -> commands.publish("-d", "2001:db8::7:4789", "vxlan1", "02:08:20:aa:bb:01")));
        assertEquals(
                "publish: invalid destination '192.0.2.7:0'; allowed: <ip>:<port> such as 192.0.2.7:4789,"
                        + " or [2001:db8::7]:4789 (quoted in Gogo), port 1-65535",
                failure(() -> commands.publish("-d", "192.0.2.7:0", "vxlan1", "02:08:20:aa:bb:01")));
        assertEquals(
                "publish: the option -d cannot be specified more than once",
                failure(() ->
                        commands.publish("-d", "192.0.2.7:1", "-d", "192.0.2.7:2", "vxlan1", "02:08:20:aa:bb:01")));
        assertEquals(
                "withdraw: only one overlay and one MAC may be specified, got also: x",
                failure(() -> commands.withdraw("vxlan1", "02:08:20:aa:bb:01", "x")));
        assertEquals(
                "published: -p requires -o; usage: " + OverlayGuests.PUBLISHED_USAGE,
                failure(() -> commands.published("-p", "vxlan1")));
        assertEquals(List.of(), admin.actions());
    }

    @Test
    void theDestinationParserTakesIpv4AndBracketedIpv6() throws Exception {
        assertEquals(TargetPoint.of(InetAddress.getByName("192.0.2.7"), 4789), OverlayGuests.point("192.0.2.7:4789"));
        assertEquals(
                TargetPoint.of(InetAddress.getByName("2001:db8::7"), 8472), OverlayGuests.point("[2001:DB8::7]:8472"));
    }
}
