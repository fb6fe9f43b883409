// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.metrics.internal;

/**
 * The name rules of the Prometheus text format 0.0.4, and how varpd turns counter keys (short snake_case names chosen
 * by core, devices and providers) into metric names that always obey them.
 */
public final class MetricNames {
    /** Every metric varpd exports starts with this. */
    public static final String PREFIX = "varpd_";
    /** Counters end in this, as Prometheus' naming conventions ask. */
    public static final String COUNTER_SUFFIX = "_total";

    private MetricNames() {}

    /** {@code [a-zA-Z_:][a-zA-Z0-9_:]*}. */
    public static boolean isMetricName(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = isAsciiLetter(c) || c == '_' || c == ':' || (i > 0 && isDigit(c));
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** {@code [a-zA-Z_][a-zA-Z0-9_]*}, not starting with {@code __} (reserved for Prometheus). */
    public static boolean isLabelName(String name) {
        if (name == null || name.isEmpty() || name.startsWith("__")) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = isAsciiLetter(c) || c == '_' || (i > 0 && isDigit(c));
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * The counter name for a key: {@code prefix + key + "_total"}, with every character that a metric name cannot hold
     * replaced by {@code _} and a trailing {@code _total} of the key dropped (so {@code misses_total} does not become
     * {@code ..._total_total}). The keys are chosen by other bundles, some of them third-party devices: whatever they
     * are, the output must stay parseable, or Prometheus would reject the whole scrape.
     */
    public static String counter(String prefix, String key) {
        String k = key.endsWith(COUNTER_SUFFIX) ? key.substring(0, key.length() - COUNTER_SUFFIX.length()) : key;
        StringBuilder sb = new StringBuilder(prefix.length() + k.length() + COUNTER_SUFFIX.length());
        sb.append(prefix);
        for (int i = 0; i < k.length(); i++) {
            char c = k.charAt(i);
            sb.append(isAsciiLetter(c) || isDigit(c) || c == '_' ? c : '_');
        }
        return sb.append(COUNTER_SUFFIX).toString();
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
