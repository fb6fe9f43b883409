// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.metrics.internal;

import io.varpd.api.admin.InstanceInfo;
import io.varpd.api.admin.InstanceState;
import java.util.LinkedHashMap;
import java.util.Map;

/** InstanceInfo values for tests, with core's counter names in core's order. */
final class Instances {
    private Instances() {}

    /** Core's seven lookup counters with values base, base+1, ... in core's order. */
    static Map<String, Long> coreCounters(long base) {
        Map<String, Long> m = new LinkedHashMap<>();
        String[] names = {"lookups", "ok", "drop", "arp", "ndp", "dhcp", "errors"};
        for (int i = 0; i < names.length; i++) {
            m.put(names[i], base + i);
        }
        return m;
    }

    static InstanceInfo active(String link, String plugin, String device, Map<String, Long> counters) {
        return new InstanceInfo(1, link, plugin, 42, device, InstanceState.ACTIVE, false, "", "pid~" + link, counters);
    }

    static InstanceInfo degraded(String link, Map<String, Long> counters) {
        return new InstanceInfo(
                2, link, "svp", 43, "linux", InstanceState.ACTIVE, true, "svp: no route", "pid~" + link, counters);
    }

    static InstanceInfo inState(String link, InstanceState state, String detail) {
        return new InstanceInfo(0, link, "files", 44, "memory", state, false, detail, "pid~" + link, Map.of());
    }
}
