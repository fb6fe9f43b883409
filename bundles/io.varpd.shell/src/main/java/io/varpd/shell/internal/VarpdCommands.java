// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.shell.internal;

import io.varpd.api.MacAddress;
import io.varpd.api.VarpdException;
import io.varpd.api.admin.InstanceInfo;
import io.varpd.api.admin.InstanceState;
import io.varpd.api.admin.OverlayConfig;
import io.varpd.api.admin.OverlaySpec;
import io.varpd.api.admin.PluginInfo;
import io.varpd.api.admin.VarpdAdmin;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code varpd:} Gogo commands: dladm's overlay commands ({@code create-overlay}, {@code delete-overlay},
 * {@code show-overlay}, {@code modify-overlay}) plus {@code plugins}, the diagnostic {@code lookup} and the guests this
 * host publishes ({@code publish}, {@code withdraw}, {@code published}), acting only through {@link VarpdAdmin}.
 *
 * <p>Each command takes its arguments as dladm does, options first or anywhere, and prints its results on the session's
 * standard output. A command that fails throws {@link CommandFailedException} with dladm's line (the dladm command name
 * first) as its message, so that the command session fails as dladm exits 1: Karaf's client and ssh exit 1, a Gogo
 * script stops. Notes that change nothing (an option without effect, an unknown output field skipped) go to standard
 * error and the command goes on.
 */
@Component(
        service = VarpdCommands.class,
        property = {
            "osgi.command.scope=varpd",
            "osgi.command.function=create",
            "osgi.command.function=delete",
            "osgi.command.function=show",
            "osgi.command.function=modify",
            "osgi.command.function=plugins",
            "osgi.command.function=lookup",
            "osgi.command.function=publish",
            "osgi.command.function=withdraw",
            "osgi.command.function=published"
        })
public final class VarpdCommands {
    static final String CREATE = "create-overlay";
    static final String DELETE = "delete-overlay";
    static final String MODIFY = "modify-overlay";
    static final String PLUGINS = "plugins";

    static final String CREATE_USAGE =
            "create [-t] -e <encap> -s <search> -v <vnetid> [-p <prop>=<value>[,...]]..." + " <overlay>";
    static final String DELETE_USAGE = "delete [-t] <overlay>";
    static final String MODIFY_USAGE = "modify -d <mac> | -f | -s <mac>=<value> <overlay>";
    static final String PLUGINS_USAGE = "plugins [[-p] -o <field>,...]";

    /** The only encapsulation there is. */
    static final String VXLAN = "vxlan";
    /** dladm's MAXLINKNAMELEN less the NUL. */
    static final int MAX_NAME_LENGTH = 31;

    private static final Pattern LINK_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*[0-9]");
    private static final Pattern UNSET_REQUIRED = Pattern.compile("unset required propert", Pattern.CASE_INSENSITIVE);
    private static final Pattern PROPERTY_NAME = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");

    private static final List<Getopt.Spec> CREATE_SPECS = List.of(
            Getopt.Spec.value('e', "encap"),
            Getopt.Spec.value('s', "search"),
            Getopt.Spec.value('v', "vnetid"),
            Getopt.Spec.value('p', "prop"),
            Getopt.Spec.flag('t', "temporary"));
    private static final List<Getopt.Spec> DELETE_SPECS = List.of(Getopt.Spec.flag('t', "temporary"));
    private static final List<Getopt.Spec> MODIFY_SPECS = List.of(
            Getopt.Spec.value('d', "delete-entry"),
            Getopt.Spec.flag('f', "flush-table"),
            Getopt.Spec.value('s', "set-entry"));
    private static final List<Getopt.Spec> PLUGINS_SPECS =
            List.of(Getopt.Spec.flag('p', "parsable"), Getopt.Spec.value('o', "output"));

    private static final String BUNDLE = "BUNDLE";
    private static final List<TableFormatter.Column<PluginInfo>> PLUGIN_FIELDS = List.of(
            new TableFormatter.Column<>("NAME", 12, PluginInfo::name),
            new TableFormatter.Column<>(
                    "MODE", 8, p -> p.mode() == null ? "" : p.mode().name()),
            new TableFormatter.Column<>("STATE", 8, p -> p.active() ? "active" : "refused"),
            new TableFormatter.Column<>(BUNDLE, 36, PluginInfo::bundle),
            new TableFormatter.Column<>("DETAILS", 40, p -> p.detail().isEmpty() ? "-" : p.detail()));

    private final VarpdAdmin admin;
    // Read at each call: Gogo routes System.out/err per session while a command runs.
    private final Supplier<PrintStream> out;
    private final Supplier<PrintStream> err;

    /** The DS constructor: prints to the calling session's {@code System.out} and {@code System.err}. */
    @Activate
    public VarpdCommands(@Reference VarpdAdmin admin) {
        this(admin, () -> System.out, () -> System.err);
    }

    /** For tests: prints to the given streams. */
    VarpdCommands(VarpdAdmin admin, Supplier<PrintStream> out, Supplier<PrintStream> err) {
        this.admin = admin;
        this.out = out;
        this.err = err;
    }

    // --- create-overlay ---------------------------------------------------------------------

    @Descriptor("create an overlay (dladm create-overlay): " + CREATE_USAGE)
    public void create(@Descriptor("options and the overlay link name") String... args) throws CommandFailedException {
        try {
            Getopt.Parsed p = Getopt.parse(CREATE_SPECS, args);
            String encap = p.single('e')
                    .orElseThrow(() -> new CommandFailure(
                            "missing required encapsulation" + " plugin (-e " + VXLAN + "); usage: " + CREATE_USAGE));
            String search = p.single('s')
                    .orElseThrow(() -> new CommandFailure(
                            "missing required search plugin" + " (-s <plugin>); usage: " + CREATE_USAGE));
            String vnetid = p.single('v')
                    .orElseThrow(() -> new CommandFailure(
                            "missing required virtual" + " network id (-v <vnetid>); usage: " + CREATE_USAGE));
            String link = onlyLink(p.operands(), CREATE_USAGE);
            checkLinkName(link);
            if (!encap.equals(VXLAN)) {
                throw new CommandFailure("unknown encapsulation plugin '" + encap + "'; allowed: " + VXLAN);
            }
            if (search.isEmpty() || search.length() > MAX_NAME_LENGTH) {
                throw new CommandFailure(
                        "search plugin name '" + search + "' must have 1-" + MAX_NAME_LENGTH + " characters");
            }
            long id = parseVnetid(vnetid);
            Map<String, String> properties = new LinkedHashMap<>();
            // Recorded in the configuration, as dladm stores the encap in the datalink configuration.
            properties.put(OverlayConfig.ENCAP, encap);
            Map<String, String> given = parseProperties(p.values('p'));
            if (given.containsKey(OverlayConfig.ENCAP)) {
                throw new CommandFailure("the encapsulation is given with -e, not as a property");
            }
            properties.putAll(given);
            if (p.has('t')) {
                warn(CREATE, "-t has no effect: overlays are kept in Configuration Admin, which persists them");
            }
            OverlaySpec spec = new OverlaySpec(link, search, id, properties);
            InstanceInfo info;
            try {
                info = admin.create(spec);
            } catch (VarpdException e) {
                throw failCreate(e);
            }
            if (info.state() != InstanceState.ACTIVE) {
                out.get()
                        .println(CREATE + ": " + link + " is " + info.state()
                                + (info.detail().isEmpty() ? "" : ": " + info.detail()));
            }
        } catch (CommandFailure f) {
            throw failed(CREATE, f.getMessage());
        }
    }

    /**
     * dladm's {@code overlay creation failed}, with each unset required property on a line of its own after it, as
     * dladm prints them.
     */
    private static CommandFailedException failCreate(VarpdException e) {
        StringBuilder message = new StringBuilder(CREATE + ": overlay creation failed: " + e);
        for (String name : unsetRequired(e.getMessage())) {
            message.append("\n\tunset required property: ").append(name);
        }
        return new CommandFailedException(message.toString());
    }

    /** The property names a message gives after "unset required property/properties", if any. */
    static List<String> unsetRequired(String message) {
        if (message == null) {
            return List.of();
        }
        Matcher m = UNSET_REQUIRED.matcher(message);
        if (!m.find()) {
            return List.of();
        }
        Set<String> names = new LinkedHashSet<>();
        Matcher n = PROPERTY_NAME.matcher(message.substring(m.end()));
        while (n.find()) {
            names.add(n.group());
        }
        return List.copyOf(names);
    }

    /** {@code -p} lists: {@code name=value[,name=value...]}, one value per property. */
    static Map<String, String> parseProperties(List<String> lists) throws CommandFailure {
        Map<String, String> properties = new LinkedHashMap<>();
        for (String list : lists) {
            for (String item : list.split(",")) {
                if (item.isEmpty()) {
                    continue;
                }
                int eq = item.indexOf('=');
                if (eq <= 0 || eq == item.length() - 1) {
                    throw new CommandFailure("invalid overlay property '" + item + "'; expected <prop>=<value>,"
                            + " one value per property");
                }
                String name = item.substring(0, eq);
                if (properties.putIfAbsent(name, item.substring(eq + 1)) != null) {
                    throw new CommandFailure("property '" + name + "' is specified more than once");
                }
            }
        }
        return properties;
    }

    static long parseVnetid(String text) throws CommandFailure {
        if (!text.matches("[0-9]+")) {
            throw new CommandFailure("couldn't parse virtual network id: '" + text + "'; allowed: a decimal"
                    + " number 0-" + OverlayConfig.MAX_VNETID);
        }
        long id;
        try {
            id = Long.parseLong(text);
        } catch (NumberFormatException tooLong) {
            id = Long.MAX_VALUE;
        }
        if (id > OverlayConfig.MAX_VNETID) {
            throw new CommandFailure(
                    "virtual network id " + text + " is too large; allowed: 0-" + OverlayConfig.MAX_VNETID);
        }
        return id;
    }

    static void checkLinkName(String link) throws CommandFailure {
        if (link.length() > MAX_NAME_LENGTH || !LINK_NAME.matcher(link).matches()) {
            throw new CommandFailure("invalid link name '" + link + "'; allowed: at most " + MAX_NAME_LENGTH
                    + " letters, digits and '_', not starting with a digit, ending with a digit (vxlan0)");
        }
    }

    // --- delete-overlay ---------------------------------------------------------------------

    @Descriptor("delete an overlay (dladm delete-overlay): " + DELETE_USAGE)
    public void delete(@Descriptor("options and the overlay link name") String... args) throws CommandFailedException {
        try {
            Getopt.Parsed p = Getopt.parse(DELETE_SPECS, args);
            String link = onlyLink(p.operands(), DELETE_USAGE);
            if (p.has('t')) {
                warn(DELETE, "-t has no effect: the configuration is deleted, which is permanent");
            }
            try {
                admin.delete(link);
            } catch (VarpdException e) {
                throw new CommandFailure("failed to delete " + link + ": " + e);
            }
        } catch (CommandFailure f) {
            throw failed(DELETE, f.getMessage());
        }
    }

    // --- show-overlay -----------------------------------------------------------------------

    @Descriptor("show overlays (dladm show-overlay): " + OverlayShow.USAGE
            + "; default: properties, -f: status, -t: target table, -s: lookup statistics")
    public void show(@Descriptor("options and overlay link names (none: all)") String... args)
            throws CommandFailedException {
        List<String> failures;
        try {
            failures = new OverlayShow(admin, out.get(), err.get()).run(args);
        } catch (CommandFailure f) {
            throw failed(OverlayShow.COMMAND, f.getMessage());
        }
        if (!failures.isEmpty()) {
            // The links that could be shown were; the session fails as dladm exits 1, one line per link.
            throw new CommandFailedException(String.join("\n", failures));
        }
    }

    // --- modify-overlay ---------------------------------------------------------------------

    @Descriptor("change an overlay's target table (dladm modify-overlay): " + MODIFY_USAGE
            + "; <value> is drop or [mac][,ip][:port], IPv6 as '[ip]:port' (quoted in Gogo)")
    public void modify(@Descriptor("options and the overlay link name") String... args) throws CommandFailedException {
        try {
            Getopt.Parsed p = Getopt.parse(MODIFY_SPECS, args);
            for (char c : new char[] {'d', 'f', 's'}) {
                if (p.count(c) > 1) {
                    throw Getopt.duplicate(c);
                }
            }
            int given = p.count('d') + p.count('f') + p.count('s');
            if (given == 0) {
                throw new CommandFailure("need to specify one of -d, -f, or -s; usage: " + MODIFY_USAGE);
            }
            if (given > 1) {
                throw new CommandFailure("only one of -d, -f, or -s may be used");
            }
            if (p.operands().isEmpty()) {
                throw new CommandFailure("missing required overlay device; usage: " + MODIFY_USAGE);
            }
            if (p.operands().size() > 1) {
                throw new CommandFailure("only one overlay device may be specified");
            }
            String link = p.operands().get(0);
            if (p.has('f')) {
                try {
                    admin.flushTargets(link);
                } catch (VarpdException e) {
                    throw new CommandFailure("failed to flush target cache for overlay " + link + ": " + e);
                }
            } else if (p.has('d')) {
                String text = p.last('d').orElseThrow();
                MacAddress mac = mac(text);
                try {
                    admin.removeTarget(link, mac);
                } catch (VarpdException e) {
                    throw new CommandFailure(
                            "failed to delete target " + text + " from overlay target cache " + link + ": " + e);
                }
            } else {
                String entry = p.last('s').orElseThrow();
                int eq = entry.indexOf('=');
                if (eq < 0) {
                    throw new CommandFailure("malformed value, expected mac=dest, got: " + entry);
                }
                String text = entry.substring(0, eq);
                MacAddress mac = mac(text);
                try {
                    admin.setTarget(link, mac, entry.substring(eq + 1));
                } catch (VarpdException e) {
                    throw new CommandFailure(
                            "failed to set target " + text + " for overlay target cache " + link + ": " + e);
                }
            }
        } catch (CommandFailure f) {
            throw failed(MODIFY, f.getMessage());
        }
    }

    private static MacAddress mac(String text) throws CommandFailure {
        try {
            return MacAddress.parse(text);
        } catch (VarpdException e) {
            throw new CommandFailure("invalid mac address: " + text);
        }
    }

    // --- plugins ----------------------------------------------------------------------------

    @Descriptor("list the registered lookup plugins: " + PLUGINS_USAGE)
    public void plugins(@Descriptor("options") String... args) throws CommandFailedException {
        try {
            Getopt.Parsed p = Getopt.parse(PLUGINS_SPECS, args);
            if (!p.operands().isEmpty()) {
                throw new CommandFailure("unexpected argument '" + p.operands().get(0) + "'; usage: " + PLUGINS_USAGE);
            }
            boolean parsable = p.has('p');
            Optional<String> fields = p.last('o');
            if (parsable && fields.isEmpty()) {
                throw new CommandFailure("-p requires -o; usage: " + PLUGINS_USAGE);
            }
            List<PluginInfo> plugins = admin.plugins();
            TableFormatter<PluginInfo> table = TableFormatter.open(
                    fitBundleColumn(plugins), fields.orElse(null), parsable, false, w -> warn(PLUGINS, w));
            PrintStream o = out.get();
            for (PluginInfo info : plugins) {
                o.print(table.row(info));
            }
        } catch (CommandFailure f) {
            throw failed(PLUGINS, f.getMessage());
        }
    }

    /**
     * The plugin fields with BUNDLE as wide as the longest bundle listed (at least its fixed width): a bundle's version
     * may carry a long qualifier ({@code 1.1.0.202612070308}, a timestamp), and a value longer than its column would
     * push DETAILS out of line on that row only.
     */
    private static List<TableFormatter.Column<PluginInfo>> fitBundleColumn(List<PluginInfo> plugins) {
        List<TableFormatter.Column<PluginInfo>> fitted = new ArrayList<>();
        for (TableFormatter.Column<PluginInfo> c : PLUGIN_FIELDS) {
            if (c.name().equals(BUNDLE)) {
                int width = c.width();
                for (PluginInfo p : plugins) {
                    width = Math.max(width, p.bundle() == null ? 0 : p.bundle().length() + 1);
                }
                c = new TableFormatter.Column<>(BUNDLE, width, c.value());
            }
            fitted.add(c);
        }
        return fitted;
    }

    // --- lookup -----------------------------------------------------------------------------

    @Descriptor("ask an overlay, without traffic, where frames for a MAC go, or which MAC an IP address"
            + " is at and where its frames go: " + OverlayLookup.USAGE)
    public void lookup(@Descriptor("options, the overlay link name and a MAC or IP address") String... args)
            throws CommandFailedException {
        try {
            new OverlayLookup(admin, out.get(), err.get()).run(args);
        } catch (CommandFailure f) {
            throw failed(OverlayLookup.COMMAND, f.getMessage());
        }
    }

    // --- publish, withdraw, published --------------------------------------------------------

    @Descriptor("publish a guest this host carries for the overlay's other hosts (an etcd overlay): "
            + OverlayGuests.PUBLISH_USAGE + "; -d defaults to the device's local address and port")
    public void publish(@Descriptor("options, the overlay link name and the guest's MAC") String... args)
            throws CommandFailedException {
        try {
            new OverlayGuests(admin, out.get(), err.get()).publish(args);
        } catch (CommandFailure f) {
            throw failed(OverlayGuests.PUBLISH, f.getMessage());
        }
    }

    @Descriptor("withdraw a guest this host published: " + OverlayGuests.WITHDRAW_USAGE)
    public void withdraw(@Descriptor("the overlay link name and the guest's MAC") String... args)
            throws CommandFailedException {
        try {
            new OverlayGuests(admin, out.get(), err.get()).withdraw(args);
        } catch (CommandFailure f) {
            throw failed(OverlayGuests.WITHDRAW, f.getMessage());
        }
    }

    @Descriptor("list the guests this host publishes on an overlay: " + OverlayGuests.PUBLISHED_USAGE)
    public void published(@Descriptor("options and the overlay link name") String... args)
            throws CommandFailedException {
        try {
            new OverlayGuests(admin, out.get(), err.get()).published(args);
        } catch (CommandFailure f) {
            throw failed(OverlayGuests.PUBLISHED, f.getMessage());
        }
    }

    // --- shared -----------------------------------------------------------------------------

    private static String onlyLink(List<String> operands, String usage) throws CommandFailure {
        if (operands.isEmpty()) {
            throw new CommandFailure("missing overlay name; usage: " + usage);
        }
        if (operands.size() > 1) {
            List<String> extra = new ArrayList<>(operands.subList(1, operands.size()));
            throw new CommandFailure("only one overlay may be specified, got also: " + String.join(" ", extra));
        }
        return operands.get(0);
    }

    /** The failure that ends a command: dladm's line, the command name first. */
    private static CommandFailedException failed(String command, String message) {
        return new CommandFailedException(command + ": " + message);
    }

    /** A note that does not fail the command: one line on the session's error stream. */
    private void warn(String command, String message) {
        err.get().println(command + ": " + message);
    }
}
