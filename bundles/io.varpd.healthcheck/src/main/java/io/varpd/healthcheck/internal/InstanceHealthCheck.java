// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.healthcheck.internal;

import io.varpd.api.admin.VarpdAdmin;
import java.util.Objects;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;

/**
 * The health check of one overlay instance, by link name. Each execution asks core for the instance as it is now and
 * maps it with {@link OverlayHealth}; it never throws.
 */
final class InstanceHealthCheck implements HealthCheck {
    private final VarpdAdmin admin;
    private final String link;

    InstanceHealthCheck(VarpdAdmin admin, String link) {
        this.admin = Objects.requireNonNull(admin, "admin");
        this.link = Objects.requireNonNull(link, "link");
    }

    /** The link whose instance this check reports. */
    String link() {
        return link;
    }

    @Override
    public Result execute() {
        try {
            return OverlayHealth.instanceResult(link, admin.instance(link));
        } catch (RuntimeException e) {
            return OverlayHealth.failure("could not read overlay " + link + " from varpd", e);
        }
    }

    @Override
    public String toString() {
        return "varpd overlay " + link;
    }
}
