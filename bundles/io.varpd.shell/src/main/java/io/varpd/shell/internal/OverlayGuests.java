// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.shell.internal;

import io.varpd.api.IpAddresses;
import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import io.varpd.api.admin.VarpdAdmin;
import io.varpd.api.plugin.HostedGuest;
import java.io.PrintStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The guests this host publishes for the overlay's other hosts (an etcd overlay, docs/etcd.md): {@code publish},
 * {@code withdraw} and {@code published}, acting through {@link VarpdAdmin#publish}, {@link VarpdAdmin#withdraw} and
 * {@link VarpdAdmin#published}.
 *
 * <p>dladm has no such commands. A Linux device publishes the guests it sees on its own; these are for a guest it
 * cannot see, or for trying an overlay out by hand. Like {@code modify}, a change prints nothing when it succeeds; a
 * refusal fails the command with one line: {@code publish: failed to publish 02:08:20:aa:bb:01 on overlay vxlan1:
 * ENOTSUP: ...}.
 */
final class OverlayGuests {
    static final String PUBLISH = "publish";
    static final String WITHDRAW = "withdraw";
    static final String PUBLISHED = "published";

    static final String PUBLISH_USAGE = "publish [-a <ip>[,<ip>...]]... [-d <ip>:<port>] <overlay> <mac>";
    static final String WITHDRAW_USAGE = "withdraw <overlay> <mac>";
    static final String PUBLISHED_USAGE = "published [[-p] -o <field>,...] <overlay>";

    private static final List<Getopt.Spec> PUBLISH_SPECS =
            List.of(Getopt.Spec.value('a', "address"), Getopt.Spec.value('d', "destination"));
    private static final List<Getopt.Spec> PUBLISHED_SPECS =
            List.of(Getopt.Spec.flag('p', "parsable"), Getopt.Spec.value('o', "output"));

    /** One row of {@code published}: the link and a guest. */
    private record Row(String link, HostedGuest guest) {}

    private static final List<TableFormatter.Column<Row>> FIELDS = List.of(
            new TableFormatter.Column<>("LINK", 12, Row::link),
            new TableFormatter.Column<>("MAC", 18, r -> r.guest().mac().toString()),
            new TableFormatter.Column<>("DESTINATION", 22, r -> r.guest().at().toString()),
            new TableFormatter.Column<>("ADDRESSES", 40, r -> addresses(r.guest())));

    private final VarpdAdmin admin;
    private final PrintStream out;
    private final PrintStream err;

    OverlayGuests(VarpdAdmin admin, PrintStream out, PrintStream err) {
        this.admin = admin;
        this.out = out;
        this.err = err;
    }

    /**
     * {@code publish}: the guest's addresses with {@code -a} (any number, comma lists allowed), where the other hosts
     * send its frames with {@code -d} (default: the device's local address and port).
     */
    void publish(String... args) throws CommandFailure {
        Getopt.Parsed p = Getopt.parse(PUBLISH_SPECS, args);
        List<String> operands = linkAndMac(p.operands(), PUBLISH_USAGE);
        String link = operands.get(0);
        MacAddress mac = mac(operands.get(1));
        Set<InetAddress> addresses = new LinkedHashSet<>();
        for (String list : p.values('a')) {
            for (String item : list.split(",")) {
                if (item.isEmpty()) {
                    continue;
                }
                addresses.add(
                        IpAddresses.parse(item)
                                .orElseThrow(
                                        () -> new CommandFailure(
                                                "invalid address '" + item
                                                        + "' for -a; allowed: IPv4 or IPv6 addresses (192.0.2.1, 2001:db8::1), comma-separated")));
            }
        }
        Optional<TargetPoint> at =
                p.single('d').isPresent() ? Optional.of(point(p.single('d').get())) : Optional.empty();
        try {
            admin.publish(link, mac, addresses, at);
        } catch (VarpdException e) {
            throw new CommandFailure("failed to publish " + mac + " on overlay " + link + ": " + e);
        }
    }

    /** {@code withdraw}: removes what this host published for the MAC. */
    void withdraw(String... args) throws CommandFailure {
        Getopt.Parsed p = Getopt.parse(List.of(), args);
        List<String> operands = linkAndMac(p.operands(), WITHDRAW_USAGE);
        String link = operands.get(0);
        MacAddress mac = mac(operands.get(1));
        try {
            admin.withdraw(link, mac);
        } catch (VarpdException e) {
            throw new CommandFailure("failed to withdraw " + mac + " from overlay " + link + ": " + e);
        }
    }

    /** {@code published}: one row per guest this host publishes on the overlay. */
    void published(String... args) throws CommandFailure {
        Getopt.Parsed p = Getopt.parse(PUBLISHED_SPECS, args);
        boolean parsable = p.has('p');
        String fields = p.last('o').orElse(null);
        if (parsable && fields == null) {
            throw new CommandFailure("-p requires -o; usage: " + PUBLISHED_USAGE);
        }
        if (p.operands().size() != 1) {
            throw new CommandFailure(
                    (p.operands().isEmpty() ? "missing overlay name" : "only one overlay may be" + " specified")
                            + "; usage: " + PUBLISHED_USAGE);
        }
        String link = p.operands().get(0);
        TableFormatter<Row> table =
                TableFormatter.open(FIELDS, fields, parsable, false, w -> err.println(PUBLISHED + ": " + w));
        List<HostedGuest> guests;
        try {
            guests = admin.published(link);
        } catch (VarpdException e) {
            throw new CommandFailure("failed to list the guests published on overlay " + link + ": " + e);
        }
        for (HostedGuest g : guests) {
            out.print(table.row(new Row(link, g)));
        }
    }

    private static List<String> linkAndMac(List<String> operands, String usage) throws CommandFailure {
        if (operands.size() < 2) {
            throw new CommandFailure((operands.isEmpty() ? "missing overlay name and MAC" : "missing the guest's MAC")
                    + "; usage: " + usage);
        }
        if (operands.size() > 2) {
            throw new CommandFailure("only one overlay and one MAC may be specified, got also: "
                    + String.join(" ", operands.subList(2, operands.size())));
        }
        return operands;
    }

    private static MacAddress mac(String text) throws CommandFailure {
        try {
            return MacAddress.parse(text);
        } catch (VarpdException e) {
            throw new CommandFailure("invalid mac address: " + text + "; allowed: " + OverlayLookup.MAC_FORMS);
        }
    }

    /** {@code ip:port}, with an IPv6 address in brackets ({@code [2001:db8::1]:4789}). */
    static TargetPoint point(String text) throws CommandFailure {
        String allowed = "; allowed: <ip>:<port> such as 192.0.2.7:4789, or [2001:db8::7]:4789 (quoted in Gogo)";
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            throw new CommandFailure("invalid destination '" + text + "'" + allowed);
        }
        String host = text.substring(0, colon);
        boolean bracketed = host.startsWith("[") && host.endsWith("]");
        Optional<InetAddress> ip = IpAddresses.parse(bracketed ? host.substring(1, host.length() - 1) : host);
        String port = text.substring(colon + 1);
        if (ip.isEmpty()
                || ip.get() instanceof Inet6Address != bracketed
                || !port.matches("[0-9]{1,5}")
                || Integer.parseInt(port) < 1
                || Integer.parseInt(port) > 65535) {
            throw new CommandFailure("invalid destination '" + text + "'" + allowed + ", port 1-65535");
        }
        return TargetPoint.of(ip.get(), Integer.parseInt(port));
    }

    private static String addresses(HostedGuest g) {
        List<String> shown = new ArrayList<>(
                g.addresses().stream().map(IpAddresses::format).sorted().toList());
        return shown.isEmpty() ? "-" : String.join(",", shown);
    }
}
