// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.metrics.internal;

import java.util.List;
import java.util.Objects;

/**
 * All series of one metric name: what {@code # HELP} and {@code # TYPE} introduce once, followed by its samples.
 * Immutable.
 *
 * @param name the metric name as samples carry it (counters end in {@code _total})
 * @param help one line for people; any text (the writer escapes it)
 * @param type counter or gauge
 * @param samples the series, each with a distinct label set
 */
public record MetricFamily(String name, String help, MetricType type, List<Sample> samples) {
    public MetricFamily {
        if (!MetricNames.isMetricName(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a Prometheus metric name;"
                    + " allowed: a letter, '_' or ':' then letters, digits, '_' or ':'");
        }
        Objects.requireNonNull(help, "help");
        Objects.requireNonNull(type, "type");
        samples = List.copyOf(samples);
    }
}
