// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.shell.internal;

import io.varpd.api.IpAddresses;
import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import io.varpd.api.admin.LookupResult;
import io.varpd.api.admin.VarpdAdmin;
import java.io.PrintStream;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * {@code lookup [[-p] -o field,...] <overlay> <mac|ip>}: asks an overlay what its device would be told on a miss,
 * without any traffic. A MAC is looked up ({@link VarpdAdmin#lookup}); an IP address is first resolved to a MAC by the
 * plugin's ARP (IPv4) or NDP (IPv6) answer and that MAC then looked up ({@link VarpdAdmin#resolve}).
 *
 * <p>dladm has no such command. It answers the first question of an operator whose guest cannot reach another: does the
 * plugin know where that MAC or address lives?
 *
 * <p>The answer is one row of a dladm-style table: LINK, QUERY (what was asked, in its canonical spelling), MAC (the
 * MAC looked up or the one the address resolved to), DESTINATION (where frames go, {@code drop} when nowhere) and
 * DETAIL (core's sentence). A refusal fails the command with one line: {@code lookup: ENOENT: no overlay named vxlan9}.
 */
final class OverlayLookup {
    static final String COMMAND = "lookup";
    static final String USAGE = "lookup [[-p] -o <field>,...] <overlay> <mac|ip>";

    /** The accepted spellings, for the message that refuses anything else. */
    static final String MAC_FORMS = "a MAC address (de:ad:be:ef:0:1, DE-AD-BE-EF-00-01, dead.beef.0001)";

    static final String IP_FORMS = "an IPv4 or IPv6 address (192.0.2.1, 2001:db8::1)";

    private static final List<Getopt.Spec> SPECS =
            List.of(Getopt.Spec.flag('p', "parsable"), Getopt.Spec.value('o', "output"));

    /** One answer: the link, the query in canonical text, and what core said. */
    private record Row(String link, String query, LookupResult result) {}

    private static final List<TableFormatter.Column<Row>> FIELDS = List.of(
            new TableFormatter.Column<>("LINK", 12, Row::link),
            new TableFormatter.Column<>("QUERY", 18, Row::query),
            new TableFormatter.Column<>(
                    "MAC",
                    18,
                    r -> r.result().mac() == null ? "" : r.result().mac().toString()),
            // The same words as show-overlay -t: the destination text, or "drop".
            new TableFormatter.Column<>(
                    "DESTINATION",
                    22,
                    r -> r.result().destination().map(TargetPoint::toString).orElse("drop")),
            new TableFormatter.Column<>("DETAIL", 40, r -> r.result().detail()));

    private final VarpdAdmin admin;
    private final PrintStream out;
    private final PrintStream err;

    OverlayLookup(VarpdAdmin admin, PrintStream out, PrintStream err) {
        this.admin = admin;
        this.out = out;
        this.err = err;
    }

    /**
     * Runs the command.
     *
     * @throws CommandFailure for bad usage (before core is asked) or core's refusal
     */
    void run(String... args) throws CommandFailure {
        Getopt.Parsed p = Getopt.parse(SPECS, args);
        boolean parsable = p.has('p');
        String fields = p.last('o').orElse(null);
        if (parsable && fields == null) {
            throw new CommandFailure("-p requires -o; usage: " + USAGE);
        }
        List<String> operands = p.operands();
        if (operands.isEmpty()) {
            throw new CommandFailure("missing overlay name; usage: " + USAGE);
        }
        if (operands.size() == 1) {
            throw new CommandFailure("missing the MAC or IP address to look up; usage: " + USAGE);
        }
        if (operands.size() > 2) {
            throw new CommandFailure("only one overlay and one address may be specified, got also: "
                    + String.join(" ", operands.subList(2, operands.size())));
        }
        String link = operands.get(0);
        String text = operands.get(1);
        Optional<MacAddress> mac = mac(text);
        Optional<InetAddress> ip = mac.isPresent() ? Optional.empty() : IpAddresses.parse(text);
        if (mac.isEmpty() && ip.isEmpty()) {
            throw new CommandFailure(
                    "'" + text + "' is neither " + MAC_FORMS + " nor " + IP_FORMS + "; usage: " + USAGE);
        }
        // Fields are checked before core is asked, so a typo costs no lookup.
        TableFormatter<Row> table = TableFormatter.open(FIELDS, fields, parsable, false, this::warn);
        Row row;
        try {
            row = mac.isPresent()
                    ? new Row(link, mac.get().toString(), admin.lookup(link, mac.get()))
                    : new Row(link, IpAddresses.format(ip.get()), admin.resolve(link, ip.get()));
        } catch (VarpdException e) {
            throw new CommandFailure(e.toString());
        }
        out.print(table.row(row));
    }

    /**
     * {@code text} as a MAC, if it is one. No spelling is both a MAC and an IP literal: a MAC has six ':'/'-' groups or
     * three '.' groups, IPv4 four '.' groups, IPv6 eight ':' groups or "::".
     */
    private static Optional<MacAddress> mac(String text) {
        try {
            return Optional.of(MacAddress.parse(text));
        } catch (VarpdException notAMac) {
            return Optional.empty();
        }
    }

    private void warn(String message) {
        err.println(COMMAND + ": " + message);
    }
}
