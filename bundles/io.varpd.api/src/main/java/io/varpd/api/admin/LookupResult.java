// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.api.admin;

import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer of a diagnostic lookup ({@link VarpdAdmin#lookup}, {@link VarpdAdmin#resolve}): what the instance would
 * tell its device, without any traffic.
 *
 * @param answered true when the plugin gave a destination (and for an address, a MAC)
 * @param mac the MAC the address resolved to, or the MAC looked up; may be null
 * @param target the destination, null when dropped
 * @param detail a sentence for people: what was asked and what came back
 */
public record LookupResult(boolean answered, MacAddress mac, TargetPoint target, String detail) {
    public LookupResult {
        Objects.requireNonNull(detail, "detail");
    }

    public Optional<TargetPoint> destination() {
        return Optional.ofNullable(target);
    }
}
