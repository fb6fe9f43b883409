// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.shell.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Formats rows the way illumos {@code libofmt} does for dladm, so output reads (and parses) like the original's.
 *
 * <p>Human mode: a header line of the field names before the first row (none when there are no rows); every field
 * left-aligned and padded to its width, the width including the one space that separates it from the next field; the
 * last field is not padded. A value as long as its width or longer is printed whole followed by one space, and the
 * columns after it shift right by the excess, which later short values absorb by giving up padding. An empty value
 * prints as {@code --}. With wrapping on (dladm's {@code OFMT_WRAP}), a comma-separated value that does not fit is
 * split at its commas and continued on following lines, each line holding as many items as fit.
 *
 * <p>Parsable mode: no header, no padding, values separated by ':' with every ':' and '\' inside a value escaped by
 * '\'; a single field is printed as is. Parsable mode needs explicit fields.
 *
 * <p>Unlike libofmt, the header is printed once, not again every 24 lines.
 *
 * @param <T> what one row is made from
 */
final class TableFormatter<T> {
    /** A field: its header name, its width (including the separating space), and its value. */
    record Column<T>(String name, int width, Function<? super T, String> value) {}

    private final List<Column<T>> columns;
    private final boolean parsable;
    private final boolean wrap;
    private boolean headerDone;

    private TableFormatter(List<Column<T>> columns, boolean parsable, boolean wrap) {
        this.columns = List.copyOf(columns);
        this.parsable = parsable;
        this.wrap = wrap && !parsable;
    }

    /**
     * Selects the fields to print, as {@code -o} does: {@code fields} is a comma-separated list of field names (any
     * case, any order, repeats allowed), or null or {@code all} for every field in template order. Unknown names are
     * reported to {@code warn} and skipped in human mode, and refused in parsable mode.
     *
     * @throws CommandFailure in parsable mode without explicit fields, for an unknown name in parsable mode, or when no
     *     name is valid
     */
    static <T> TableFormatter<T> open(
            List<Column<T>> template, String fields, boolean parsable, boolean wrap, Consumer<String> warn)
            throws CommandFailure {
        boolean all = fields == null || fields.equalsIgnoreCase("all");
        if (parsable && fields == null) {
            throw new CommandFailure("output fields must be specified in parsable mode (-p requires -o)");
        }
        if (parsable && all) {
            throw new CommandFailure("output field `all' invalid in parsable mode");
        }
        if (all) {
            return new TableFormatter<>(template, parsable, wrap);
        }
        List<Column<T>> selected = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String name : fields.split(",")) {
            if (name.isEmpty()) {
                continue;
            }
            template.stream()
                    .filter(c -> c.name().equalsIgnoreCase(name))
                    .findFirst()
                    .ifPresentOrElse(selected::add, () -> unknown.add(name));
        }
        if (!unknown.isEmpty()) {
            StringBuilder names = new StringBuilder();
            unknown.forEach(u -> names.append(" `").append(u).append('\''));
            String plural = unknown.size() > 1 ? "s" : "";
            if (parsable) {
                throw new CommandFailure("unknown output field" + plural + ":" + names);
            }
            warn.accept("ignoring unknown output field" + plural + ":" + names);
        }
        if (selected.isEmpty()) {
            throw new CommandFailure("no valid output fields; allowed: "
                    + String.join(
                            ", ",
                            template.stream()
                                    .map(c -> c.name().toLowerCase(Locale.ROOT))
                                    .toList()));
        }
        return new TableFormatter<>(selected, parsable, wrap);
    }

    /** The names of the selected fields, in print order. */
    List<String> fieldNames() {
        return columns.stream().map(Column::name).toList();
    }

    /**
     * The text for one row: the header first if this is the first row, then one line, or more when wrapping continues a
     * value. Every line ends with '\n'.
     */
    String row(T item) {
        List<String> values = new ArrayList<>(columns.size());
        for (Column<T> c : columns) {
            String v = c.value().apply(item);
            values.add(v == null ? "" : v);
        }
        StringBuilder out = new StringBuilder();
        if (parsable) {
            out.append(parsableLine(values)).append('\n');
            return out.toString();
        }
        if (!headerDone) {
            headerDone = true;
            out.append(humanLine(columns.stream().map(Column::name).toList())).append('\n');
        }
        if (!wrap) {
            out.append(humanLine(
                            values.stream().map(v -> v.isEmpty() ? "--" : v).toList()))
                    .append('\n');
            return out.toString();
        }
        Wrapped[] cells = new Wrapped[columns.size()];
        List<String> first = new ArrayList<>();
        for (int i = 0; i < cells.length; i++) {
            cells[i] = new Wrapped(values.get(i), columns.get(i).width());
            String chunk = cells[i].next();
            first.add(chunk.isEmpty() ? "--" : chunk);
        }
        out.append(humanLine(first)).append('\n');
        while (Arrays.stream(cells).anyMatch(Wrapped::hasMore)) {
            List<String> line = new ArrayList<>();
            for (Wrapped cell : cells) {
                line.add(cell.next());
            }
            out.append(humanLine(line)).append('\n');
        }
        return out.toString();
    }

    private String humanLine(List<String> values) {
        StringBuilder line = new StringBuilder();
        // How far the line has been pushed right by values wider than their field.
        int overflow = 0;
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i);
            if (i == values.size() - 1) {
                line.append(v);
                break;
            }
            int width = columns.get(i).width();
            if (v.length() + overflow >= width) {
                overflow += v.length() - width + 1;
                line.append(v).append(' ');
                continue;
            }
            if (overflow > 0) {
                int absorbed = Math.min(overflow, width - v.length());
                overflow -= absorbed;
                width -= absorbed;
            }
            line.append(v).append(" ".repeat(width - v.length()));
        }
        return line.toString();
    }

    private String parsableLine(List<String> values) {
        if (values.size() == 1) {
            return values.get(0);
        }
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                line.append(':');
            }
            for (char c : values.get(i).toCharArray()) {
                if (c == ':' || c == '\\') {
                    line.append('\\');
                }
                line.append(c);
            }
        }
        return line.toString();
    }

    /** A value handed out in comma-separated pieces that fit a field width. */
    private static final class Wrapped {
        private final String whole;
        private final List<String> items;
        private final int width;
        private int next;
        private boolean started;

        Wrapped(String value, int width) {
            this.whole = value;
            this.width = width;
            this.items =
                    Arrays.stream(value.split(",")).filter(s -> !s.isEmpty()).toList();
        }

        boolean hasMore() {
            return next < items.size();
        }

        /**
         * The next piece: as many items as fit in the width, with a trailing comma when more follow; always at least
         * one item. Empty when nothing is left.
         */
        String next() {
            if (!started && items.isEmpty()) {
                started = true;
                // Nothing to split (empty, or only commas): printed as it is.
                return whole;
            }
            started = true;
            StringBuilder piece = new StringBuilder();
            while (next < items.size()) {
                piece.append(items.get(next));
                next++;
                boolean last = next == items.size();
                if (!last) {
                    piece.append(',');
                }
                int nextLength = last ? 0 : items.get(next).length();
                if (piece.length() + nextLength > width) {
                    break;
                }
            }
            return piece.toString();
        }
    }
}
