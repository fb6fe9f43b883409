// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.metrics.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One series of a {@link MetricFamily} at the time of the scrape: its labels, in the order they are written, and its
 * value. varpd's values are all whole numbers (counters and 0/1 gauges).
 *
 * @param labels label name to value; names must be valid Prometheus label names, values any text
 * @param value the value
 */
public record Sample(Map<String, String> labels, long value) {
    public Sample {
        Map<String, String> copy = new LinkedHashMap<>();
        labels.forEach((name, text) -> {
            if (!MetricNames.isLabelName(name)) {
                throw new IllegalArgumentException("'" + name + "' is not a Prometheus label name;"
                        + " allowed: a letter or '_' then letters, digits or '_', not starting with '__'");
            }
            copy.put(name, text == null ? "" : text);
        });
        labels = Collections.unmodifiableMap(copy);
    }
}
