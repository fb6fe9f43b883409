// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.metrics.internal;

/** The Prometheus metric types varpd exports; the text is what {@code # TYPE} says. */
public enum MetricType {
    /** A value that only grows (it restarts from 0 when its instance or device is re-created). */
    COUNTER("counter"),
    /** A value that goes up and down; here 0/1 flags. */
    GAUGE("gauge");

    private final String text;

    MetricType(String text) {
        this.text = text;
    }

    /** The word of the {@code # TYPE} line. */
    public String text() {
        return text;
    }
}
