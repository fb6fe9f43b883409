// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.shell.internal;

import io.varpd.api.Errno;
import io.varpd.api.MacAddress;
import io.varpd.api.PluginMode;
import io.varpd.api.VarpdException;
import io.varpd.api.admin.InstanceInfo;
import io.varpd.api.admin.InstanceState;
import io.varpd.api.admin.PluginInfo;
import io.varpd.api.admin.PropertyView;
import io.varpd.api.admin.StrayDevice;
import io.varpd.api.admin.VarpdAdmin;
import io.varpd.api.device.CacheEntry;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code show-overlay [-f | -t] [[-p] -o field,...] [link...]}: the property table (default), the status table
 * ({@code -f}) or the target table ({@code -t}) of the named overlays, or of all.
 *
 * <p>Rows go to {@code out} as they are produced; a link that cannot be shown is skipped and the others are still
 * shown, as dladm does. The lines naming the skipped links are returned, for the caller to fail the command with (dladm
 * then exits 1); notes go to {@code err}.
 */
final class OverlayShow {
    static final String COMMAND = "show-overlay";
    static final String USAGE = "show [-f | -t | -s] [[-p] -o <field>,...] [<overlay>...]";

    /** The cache key dladm prints for the single entry of a POINT overlay. */
    static final String ANY_TARGET = "*:*:*:*:*:*";

    private static final List<Getopt.Spec> SPECS = List.of(
            Getopt.Spec.flag('f', "fma"),
            Getopt.Spec.flag('t', "target"),
            Getopt.Spec.flag('s', "statistics"),
            Getopt.Spec.flag('p', "parsable"),
            Getopt.Spec.value('o', "output"));

    private record PropertyRow(String link, PropertyView view) {}

    /** A row of {@code -f}: an instance, or a device that exists without one. */
    private record StatusRow(String link, String status, String detail) {
        static StatusRow of(InstanceInfo i) {
            return new StatusRow(i.link(), i.status(), i.detail());
        }

        static StatusRow of(StrayDevice d) {
            return new StatusRow(d.linkName(), "DEGRADED", d.detail());
        }
    }

    private record TargetRow(String link, CacheEntry entry, boolean point) {}

    private static final List<TableFormatter.Column<PropertyRow>> PROPERTY_FIELDS = List.of(
            new TableFormatter.Column<>("LINK", 19, PropertyRow::link),
            new TableFormatter.Column<>(
                    "PROPERTY", 19, r -> r.view().description().name()),
            new TableFormatter.Column<>("PERM", 5, r -> r.view().description().permissions()),
            new TableFormatter.Column<>("REQ", 4, r -> r.view().description().required() ? "y" : "-"),
            new TableFormatter.Column<>("VALUE", 11, r -> r.view().valueText()),
            new TableFormatter.Column<>("DEFAULT", 10, r -> r.view().defaultText()),
            new TableFormatter.Column<>(
                    "POSSIBLE", 10, r -> r.view().description().possibleValues()));

    private static final List<TableFormatter.Column<StatusRow>> STATUS_FIELDS = List.of(
            new TableFormatter.Column<>("LINK", 20, StatusRow::link),
            new TableFormatter.Column<>("STATUS", 8, StatusRow::status),
            // dladm prints '-' (the man page says '--') when there is nothing to say.
            new TableFormatter.Column<>("DETAILS", 52, r -> r.detail().isEmpty() ? "-" : r.detail()));

    /** {@code -s}, like dladm show-link -s: core's lookup counters, one row per overlay. */
    private static final List<TableFormatter.Column<InstanceInfo>> STATISTICS_FIELDS = List.of(
            new TableFormatter.Column<>("LINK", 20, InstanceInfo::link),
            counter("LOOKUPS", "lookups"),
            counter("OK", "ok"),
            counter("DROP", "drop"),
            counter("ARP", "arp"),
            counter("NDP", "ndp"),
            counter("DHCP", "dhcp"),
            counter("ERRORS", "errors"));

    private static TableFormatter.Column<InstanceInfo> counter(String header, String name) {
        return new TableFormatter.Column<>(header, 9, i -> {
            Long v = i.counters().get(name);
            return v == null ? "--" : v.toString();
        });
    }

    private static final List<TableFormatter.Column<TargetRow>> TARGET_FIELDS = List.of(
            new TableFormatter.Column<>("LINK", 20, TargetRow::link),
            new TableFormatter.Column<>(
                    "TARGET",
                    18,
                    r -> r.point() && r.entry().mac().equals(MacAddress.ZERO)
                            ? ANY_TARGET
                            : r.entry().mac().toString()),
            // Drop entries read "drop"; the original printed a zero destination for them.
            new TableFormatter.Column<>("DESTINATION", 42, r -> r.entry().destinationText()));

    private final VarpdAdmin admin;
    private final PrintStream out;
    private final PrintStream err;
    private final List<String> failures = new ArrayList<>();

    OverlayShow(VarpdAdmin admin, PrintStream out, PrintStream err) {
        this.admin = admin;
        this.out = out;
        this.err = err;
    }

    /**
     * Runs the command.
     *
     * @return one line for each link that could not be shown, {@code show-overlay: } first; empty if everything asked
     *     for was shown
     * @throws CommandFailure for bad usage, before anything is printed
     */
    List<String> run(String... args) throws CommandFailure {
        Getopt.Parsed p = Getopt.parse(SPECS, args);
        boolean fma = p.has('f');
        boolean targets = p.has('t');
        boolean statistics = p.has('s');
        if ((fma ? 1 : 0) + (targets ? 1 : 0) + (statistics ? 1 : 0) > 1) {
            throw new CommandFailure("only one of -f, -t or -s may be used; usage: " + USAGE);
        }
        boolean parsable = p.has('p');
        String fields = p.last('o').orElse(null);
        if (parsable && fields == null) {
            throw new CommandFailure("-p requires -o; usage: " + USAGE);
        }
        List<String> links = p.operands();
        if (fma) {
            showFaults(TableFormatter.open(STATUS_FIELDS, fields, parsable, true, this::warn), links);
        } else if (statistics) {
            showStatistics(TableFormatter.open(STATISTICS_FIELDS, fields, parsable, true, this::warn), links);
        } else if (targets) {
            showTargets(TableFormatter.open(TARGET_FIELDS, fields, parsable, true, this::warn), links);
        } else {
            showProperties(TableFormatter.open(PROPERTY_FIELDS, fields, parsable, true, this::warn), links);
        }
        return List.copyOf(failures);
    }

    private void showProperties(TableFormatter<PropertyRow> table, List<String> links) {
        boolean every = links.isEmpty();
        for (String link : every ? allLinks() : links) {
            try {
                for (PropertyView view : admin.properties(link)) {
                    out.print(table.row(new PropertyRow(link, view)));
                }
            } catch (VarpdException e) {
                if (every && e.errno() == Errno.EAGAIN) {
                    // Listing everything, an overlay waiting for its plugin has no properties yet: a
                    // note, not a failure of the whole command (named, it is the failure asked about).
                    warn("no properties to show for " + link + ": " + e.getMessage());
                } else {
                    fail(link, "failed to get properties of", e);
                }
            }
        }
    }

    /**
     * The instances' status, then the devices that exist without an instance (degraded, as the original's FMA marks
     * them): all of them, or those named.
     */
    private void showFaults(TableFormatter<StatusRow> table, List<String> links) {
        List<StrayDevice> stray = admin.strayDevices();
        if (links.isEmpty()) {
            admin.instances().forEach(i -> out.print(table.row(StatusRow.of(i))));
            stray.forEach(d -> out.print(table.row(StatusRow.of(d))));
            return;
        }
        for (String link : links) {
            Optional<StrayDevice> device =
                    stray.stream().filter(d -> d.linkName().equals(link)).findFirst();
            if (device.isPresent() && admin.instance(link).isEmpty()) {
                out.print(table.row(StatusRow.of(device.get())));
            } else {
                find(List.of(link)).forEach(i -> out.print(table.row(StatusRow.of(i))));
            }
        }
    }

    private void showStatistics(TableFormatter<InstanceInfo> table, List<String> links) {
        for (InstanceInfo info : links.isEmpty() ? admin.instances() : find(links)) {
            out.print(table.row(info));
        }
    }

    private void showTargets(TableFormatter<TargetRow> table, List<String> links) {
        boolean all = links.isEmpty();
        for (InstanceInfo info : all ? admin.instances() : find(links)) {
            if (all && info.state() != InstanceState.ACTIVE) {
                // Only an active overlay has a target table; -f tells why the others are not active.
                continue;
            }
            boolean point = modeOf(info.plugin()) != PluginMode.DYNAMIC;
            try {
                for (CacheEntry entry : admin.targets(info.link())) {
                    out.print(table.row(new TargetRow(info.link(), entry, point)));
                }
            } catch (VarpdException e) {
                fail(info.link(), "failed to get the target table of", e);
            }
        }
    }

    /** The named instances; each unknown name is reported and skipped. */
    private List<InstanceInfo> find(List<String> links) {
        List<InstanceInfo> found = new ArrayList<>();
        for (String link : links) {
            Optional<InstanceInfo> info = admin.instance(link);
            if (info.isPresent()) {
                found.add(info.get());
            } else {
                failures.add(COMMAND + ": failed to find " + link + ": "
                        + new VarpdException(Errno.ENOENT, "no such overlay"));
            }
        }
        return found;
    }

    private List<String> allLinks() {
        return admin.instances().stream().map(InstanceInfo::link).toList();
    }

    /** The mode of the active plugin named {@code plugin}; null when it is not registered. */
    private PluginMode modeOf(String plugin) {
        return admin.plugins().stream()
                .filter(pi -> pi.active() && pi.name().equals(plugin))
                .map(PluginInfo::mode)
                .findFirst()
                .orElse(null);
    }

    private void fail(String link, String what, VarpdException e) {
        if (e.errno() == Errno.ENOENT) {
            failures.add(COMMAND + ": failed to find " + link + ": " + e);
        } else {
            failures.add(COMMAND + ": " + what + " " + link + ": " + e);
        }
    }

    private void warn(String message) {
        err.println(COMMAND + ": " + message);
    }
}
