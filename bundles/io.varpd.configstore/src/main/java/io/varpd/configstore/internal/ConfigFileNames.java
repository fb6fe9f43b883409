// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.configstore.internal;

import java.io.File;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.StringTokenizer;

/**
 * Where a configuration lives: the file of a PID under the store's root, exactly as Felix Configuration Admin's
 * {@code FilePersistenceManager} (1.9.26) names it, so both managers share one folder. Each {@code .} of the PID
 * becomes a folder separator, every character other than ASCII letters, digits, space, {@code -}, {@code _} and the
 * separator becomes {@code %} and four lower-case hex digits, and {@code .config} is appended; on Windows a path
 * element that is a reserved device name ({@code CON}, {@code COM1}...) has its first character encoded too.
 */
final class ConfigFileNames {
    /** The suffix of every configuration file. */
    static final String SUFFIX = ".config";

    private static final BitSet PLAIN = new BitSet();

    static {
        PLAIN.set('a', 'z' + 1);
        PLAIN.set('A', 'Z' + 1);
        PLAIN.set('0', '9' + 1);
        PLAIN.set(File.separatorChar);
        PLAIN.set(' ');
        PLAIN.set('-');
        PLAIN.set('_');
    }

    private final boolean windows;

    ConfigFileNames() {
        this(System.getProperty("os.name", "").startsWith("Windows"));
    }

    ConfigFileNames(boolean windows) {
        this.windows = windows;
    }

    /** The file holding {@code pid} under {@code root}. */
    Path fileOf(Path root, String pid) {
        // java.io.File, not Path.resolve: an encoded PID can start with a separator (a PID that
        // starts with a dot), which Path.resolve would take as absolute and File appends.
        return new File(root.toFile(), encode(pid) + SUFFIX).toPath();
    }

    /** The PID's path below the root, without the suffix. */
    String encode(String pid) {
        String path = pid.replace('.', File.separatorChar);
        if (File.separatorChar != '/') {
            path = path.replace('/', File.separatorChar);
        }
        StringBuilder out = new StringBuilder(path.length() + 8);
        for (int i = 0; i < path.length(); i++) {
            appendChar(out, path.charAt(i));
        }
        return windows ? escapeReservedNames(out.toString()) : out.toString();
    }

    private static void appendChar(StringBuilder out, char c) {
        if (PLAIN.get(c)) {
            out.append(c);
        } else {
            appendEscaped(out, c);
        }
    }

    private static void appendEscaped(StringBuilder out, char c) {
        String hex = "000" + Integer.toHexString(c);
        out.append('%').append(hex, hex.length() - 4, hex.length());
    }

    private static String escapeReservedNames(String path) {
        StringBuilder out = new StringBuilder(path.length());
        StringTokenizer elements = new StringTokenizer(path, File.separator, true);
        while (elements.hasMoreTokens()) {
            String element = elements.nextToken();
            if (isReservedOnWindows(element)) {
                appendEscaped(out, element.charAt(0));
                out.append(element, 1, element.length());
            } else {
                out.append(element);
            }
        }
        return out.toString();
    }

    private static boolean isReservedOnWindows(String element) {
        String name = element.toUpperCase();
        return name.equals("CON")
                || name.equals("PRN")
                || name.equals("AUX")
                || name.equals("CLOCK$")
                || name.equals("NUL")
                || isNumberedDevice(name, "COM")
                || isNumberedDevice(name, "LPT");
    }

    // Felix 1.9.26 accepts only the digits 1 to 8 here (its test is exclusive at both ends);
    // kept the same so that both managers pick the same file names.
    private static boolean isNumberedDevice(String name, String prefix) {
        if (name.length() != prefix.length() + 1 || !name.startsWith(prefix)) {
            return false;
        }
        char digit = name.charAt(prefix.length());
        return digit > '0' && digit < '9';
    }
}
