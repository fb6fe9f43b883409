// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal.lookup;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Per-instance lookup counters, cheap to bump from many threads. */
public final class LookupCounters {
    final LongAdder lookups = new LongAdder();
    final LongAdder ok = new LongAdder();
    final LongAdder dropped = new LongAdder();
    final LongAdder proxiedArp = new LongAdder();
    final LongAdder proxiedNdp = new LongAdder();
    final LongAdder proxiedDhcp = new LongAdder();
    final LongAdder errors = new LongAdder();

    /** Counts a plugin or device failure that is not tied to a lookup. */
    public void error() {
        errors.increment();
    }

    /** A snapshot by name, in a stable order. */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("lookups", lookups.sum());
        m.put("ok", ok.sum());
        m.put("drop", dropped.sum());
        m.put("arp", proxiedArp.sum());
        m.put("ndp", proxiedNdp.sum());
        m.put("dhcp", proxiedDhcp.sum());
        m.put("errors", errors.sum());
        return m;
    }
}
