// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.metrics.internal;

import java.util.List;
import java.util.Map;

/**
 * Writes metric families in the Prometheus text exposition format, version 0.0.4: per family one {@code # HELP} and one
 * {@code # TYPE} line, then one line per sample, {@code name{label="value",...} value}, each line ended by {@code \n};
 * no timestamps (Prometheus stamps the scrape). HELP text escapes backslash and newline; label values escape backslash,
 * double quote and newline, as the format requires. Stateless and thread-safe.
 */
public final class PrometheusTextFormat {
    /** The Content-Type of a response in this format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusTextFormat() {}

    /** The families as one document, in the order given. */
    public static String write(List<MetricFamily> families) {
        StringBuilder out = new StringBuilder(256 + 96 * families.size());
        for (MetricFamily f : families) {
            write(f, out);
        }
        return out.toString();
    }

    /** Appends one family: HELP, TYPE, then its samples. */
    public static void write(MetricFamily family, StringBuilder out) {
        out.append("# HELP ").append(family.name()).append(' ');
        escapeHelp(family.help(), out);
        out.append('\n');
        out.append("# TYPE ")
                .append(family.name())
                .append(' ')
                .append(family.type().text())
                .append('\n');
        for (Sample s : family.samples()) {
            out.append(family.name());
            if (!s.labels().isEmpty()) {
                out.append('{');
                boolean first = true;
                for (Map.Entry<String, String> label : s.labels().entrySet()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    out.append(label.getKey()).append("=\"");
                    escapeLabelValue(label.getValue(), out);
                    out.append('"');
                }
                out.append('}');
            }
            out.append(' ').append(s.value()).append('\n');
        }
    }

    /** HELP text: {@code \} becomes {@code \\}, a line feed becomes {@code \n}. */
    static void escapeHelp(String text, StringBuilder out) {
        escape(text, false, out);
    }

    /** Label values: as HELP text, and {@code "} becomes {@code \"}. */
    static void escapeLabelValue(String text, StringBuilder out) {
        escape(text, true, out);
    }

    private static void escape(String text, boolean quotes, StringBuilder out) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                out.append("\\\\");
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '"' && quotes) {
                out.append("\\\"");
            } else {
                out.append(c);
            }
        }
    }
}
