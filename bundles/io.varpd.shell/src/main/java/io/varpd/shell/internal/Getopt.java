// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.shell.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A small {@code getopt_long}: splits command arguments into options and operands.
 *
 * <p>Accepts clustered short options ({@code -pf}), a value attached or in the next argument ({@code -ofoo}, {@code -o
 * foo}; the next argument is taken even if it starts with '-'), long options ({@code --output=foo}, {@code --output
 * foo}) and {@code --} to end the options. Unlike illumos getopt, options may follow operands: a link name never starts
 * with '-', so nothing is lost and a misplaced flag still works.
 */
final class Getopt {
    /** One option a command accepts. */
    record Spec(char name, String longName, boolean takesValue) {
        static Spec flag(char name, String longName) {
            return new Spec(name, longName, false);
        }

        static Spec value(char name, String longName) {
            return new Spec(name, longName, true);
        }
    }

    /** One option as given; {@code value} is null for a flag. */
    record Option(char name, String value) {}

    /** The options in the order given, and the operands. */
    record Parsed(List<Option> options, List<String> operands) {
        /** How often {@code name} was given. */
        int count(char name) {
            return (int) options.stream().filter(o -> o.name() == name).count();
        }

        boolean has(char name) {
            return count(name) > 0;
        }

        /** The values of {@code name}, in order. */
        List<String> values(char name) {
            return options.stream()
                    .filter(o -> o.name() == name)
                    .map(Option::value)
                    .toList();
        }

        /** The last value of {@code name}, as getopt users usually take it. */
        Optional<String> last(char name) {
            List<String> v = values(name);
            return v.isEmpty() ? Optional.empty() : Optional.of(v.get(v.size() - 1));
        }

        /**
         * The only value of {@code name}.
         *
         * @throws CommandFailure when it was given more than once
         */
        Optional<String> single(char name) throws CommandFailure {
            if (count(name) > 1) {
                throw duplicate(name);
            }
            return last(name);
        }
    }

    private Getopt() {}

    /** dladm's message for an option given twice. */
    static CommandFailure duplicate(char name) {
        return new CommandFailure("the option -" + name + " cannot be specified more than once");
    }

    /**
     * Parses {@code args} against {@code specs}.
     *
     * @throws CommandFailure naming an unrecognized option or one that lacks its value
     */
    static Parsed parse(List<Spec> specs, String... args) throws CommandFailure {
        List<Option> options = new ArrayList<>();
        List<String> operands = new ArrayList<>();
        String[] a = args == null ? new String[0] : args;
        for (int i = 0; i < a.length; i++) {
            String arg = a[i] == null ? "" : a[i];
            if (arg.equals("--")) {
                operands.addAll(List.of(a).subList(i + 1, a.length));
                break;
            }
            if (arg.startsWith("--")) {
                int eq = arg.indexOf('=');
                String name = arg.substring(2, eq < 0 ? arg.length() : eq);
                Spec spec = specs.stream()
                        .filter(s -> name.equals(s.longName()))
                        .findFirst()
                        .orElseThrow(() -> new CommandFailure("unrecognized option '--" + name + "'"));
                if (!spec.takesValue()) {
                    if (eq >= 0) {
                        throw new CommandFailure("option '--" + name + "' does not take a value");
                    }
                    options.add(new Option(spec.name(), null));
                } else if (eq >= 0) {
                    options.add(new Option(spec.name(), arg.substring(eq + 1)));
                } else if (i + 1 < a.length) {
                    options.add(new Option(spec.name(), a[++i]));
                } else {
                    throw new CommandFailure("option '--" + name + "' requires a value");
                }
                continue;
            }
            if (arg.length() < 2 || arg.charAt(0) != '-') {
                operands.add(arg);
                continue;
            }
            for (int j = 1; j < arg.length(); j++) {
                char c = arg.charAt(j);
                Spec spec = specs.stream()
                        .filter(s -> s.name() == c)
                        .findFirst()
                        .orElseThrow(() -> new CommandFailure("unrecognized option '-" + c + "'"));
                if (!spec.takesValue()) {
                    options.add(new Option(c, null));
                } else if (j + 1 < arg.length()) {
                    options.add(new Option(c, arg.substring(j + 1)));
                    break;
                } else if (i + 1 < a.length) {
                    options.add(new Option(c, a[++i]));
                } else {
                    throw new CommandFailure("option '-" + c + "' requires a value");
                }
            }
        }
        return new Parsed(List.copyOf(options), List.copyOf(operands));
    }
}
