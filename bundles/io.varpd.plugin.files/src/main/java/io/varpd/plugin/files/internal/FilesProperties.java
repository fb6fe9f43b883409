// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.files.internal;

import io.varpd.api.DestinationType;
import io.varpd.api.Errno;
import io.varpd.api.VarpdException;
import io.varpd.api.plugin.PropertyDescription;
import io.varpd.api.plugin.PropertyType;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code files} plugin's properties, {@code files/config} and {@code files/skip_bad_entries}, and the rules for
 * them and for the destination types the plugin serves.
 */
final class FilesProperties {
    /** The plugin's registered name. */
    static final String PLUGIN_NAME = "files";
    /** The absolute path of the mapping file. */
    static final String CONFIG = "files/config";

    private static final Set<DestinationType> SERVABLE = EnumSet.of(DestinationType.IP, DestinationType.PORT);

    static final PropertyDescription CONFIG_DESCRIPTION = PropertyDescription.builder(CONFIG, PropertyType.STRING)
            .required()
            .description("The absolute path of the JSON file mapping overlay MACs to underlay destinations;"
                    + " watched and reloaded when it changes.")
            .build();

    /** Whether entries that are bad on their own are left out (DEGRADED) instead of refusing the file. */
    static final String SKIP_BAD_ENTRIES = "files/skip_bad_entries";

    static final PropertyDescription SKIP_BAD_ENTRIES_DESCRIPTION = PropertyDescription.builder(
                    SKIP_BAD_ENTRIES, PropertyType.STRING)
            .options("true", "false")
            .defaultValue("false")
            .description("false (default): a mapping file with any bad entry is refused, at start and at"
                    + " every reload, and the version loaded before keeps serving. true: bad entries are"
                    + " left out, the rest is served, and the overlay is DEGRADED naming them."
                    + " See docs/mapping-file.md.")
            .build();

    static final List<PropertyDescription> ALL = List.of(CONFIG_DESCRIPTION, SKIP_BAD_ENTRIES_DESCRIPTION);

    private FilesProperties() {}

    /**
     * Checks that {@code files} can serve a device needing {@code destination}: a non-empty subset of {IP, PORT}, as
     * for {@code direct}; the file has no per-MAC Ethernet destination.
     *
     * @param errno ENOTSUP at create, EINVAL at restore (as in the original)
     * @return an immutable copy
     */
    static Set<DestinationType> checkDestination(Set<DestinationType> destination, Errno errno) throws VarpdException {
        if (destination == null || destination.isEmpty() || !SERVABLE.containsAll(destination)) {
            String described = destination == null || destination.isEmpty()
                    ? "empty"
                    : String.join(
                            "+",
                            new TreeSet<>(destination).stream().map(Enum::name).toList());
            throw new VarpdException(
                    errno,
                    "the files plugin cannot serve a device whose destination type is "
                            + described
                            + "; allowed: IP, or IP and PORT (an underlay address per MAC, optionally with a"
                            + " port, and no ETHERNET)");
        }
        return Set.copyOf(destination);
    }

    /**
     * Reads a {@code files/skip_bad_entries} value: "true" or "false" (core hands over the option text), or a Boolean;
     * null means the default, false.
     *
     * @throws VarpdException EINVAL for anything else, naming it
     */
    static boolean checkSkip(Object value) throws VarpdException {
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        String text = value.toString();
        if (text.equals("true") || text.equals("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new VarpdException(
                Errno.EINVAL,
                SKIP_BAD_ENTRIES + ": " + MappingFileReader.shown(text) + " is not allowed; allowed: true or false");
    }

    /**
     * Checks a {@code files/config} value.
     *
     * @throws VarpdException EINVAL when it is not an absolute path, naming it
     */
    static String checkPath(String value) throws VarpdException {
        Path path;
        try {
            path = Path.of(value);
        } catch (InvalidPathException e) {
            throw new VarpdException(
                    Errno.EINVAL,
                    CONFIG + ": '" + value + "' is not a valid path (" + e.getReason()
                            + "); allowed: an absolute path such as /etc/varpd/overlay0.json",
                    e);
        }
        if (!path.isAbsolute()) {
            throw new VarpdException(
                    Errno.EINVAL,
                    CONFIG + ": '" + value + "' is a relative path; allowed: an"
                            + " absolute path such as /etc/varpd/overlay0.json (varpd has no working directory to"
                            + " resolve it against)");
        }
        return value;
    }
}
