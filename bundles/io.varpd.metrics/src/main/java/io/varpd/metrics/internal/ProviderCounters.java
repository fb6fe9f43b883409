// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.metrics.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The provider-wide counters of one kind of overlay device, read at scrape time.
 *
 * @param type the kind of device (the provider's {@code varpd.device.type})
 * @param counters counter key to value, in the provider's order
 */
public record ProviderCounters(String type, Map<String, Long> counters) {
    public ProviderCounters {
        Objects.requireNonNull(type, "type");
        counters = Collections.unmodifiableMap(new LinkedHashMap<>(counters));
    }
}
