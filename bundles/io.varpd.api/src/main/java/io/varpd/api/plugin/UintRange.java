// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.api.plugin;

/** An inclusive range of allowed values of a {@link PropertyType#UINT} property. */
public record UintRange(long min, long max) {
    public UintRange {
        if (min < 0 || max < min) {
            throw new IllegalArgumentException("bad range " + min + "-" + max);
        }
    }

    public boolean contains(long value) {
        return value >= min && value <= max;
    }

    /** {@code min-max}, as dladm prints possible values. */
    @Override
    public String toString() {
        return min + "-" + max;
    }
}
