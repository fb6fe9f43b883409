// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.api.device;

import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import java.util.Objects;

/**
 * One valid target-cache entry: a destination MAC and either where its frames go or "always drop" (the kernel's
 * {@code overlay_targ_cache_entry_t} with {@code OVERLAY_TARGET_CACHE_DROP}).
 *
 * @param mac the destination MAC, or {@link MacAddress#ZERO} for the single entry of a POINT device
 * @param target where frames go; null exactly when {@code drop} is true
 * @param drop whether every frame to {@code mac} is dropped
 */
public record CacheEntry(MacAddress mac, TargetPoint target, boolean drop) {
    public CacheEntry {
        Objects.requireNonNull(mac, "mac");
        if (drop != (target == null)) {
            throw new IllegalArgumentException("a cache entry has a target or is a drop entry, not both or neither");
        }
    }

    public static CacheEntry to(MacAddress mac, TargetPoint target) {
        return new CacheEntry(mac, Objects.requireNonNull(target, "target"), false);
    }

    public static CacheEntry dropping(MacAddress mac) {
        return new CacheEntry(mac, null, true);
    }

    /** The destination as dladm's {@code show-overlay -t} prints it: {@code drop} for drop entries. */
    public String destinationText() {
        return drop ? "drop" : target.toString();
    }
}
