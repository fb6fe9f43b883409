// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.device;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** What one Linux device saw and did, for logs, tests and the benchmark. All counters only grow. */
public final class LinuxDeviceCounters {
    /** Misses for this device, of every kind, as they arrived. */
    public final AtomicLong missesReceived = new AtomicLong();
    /** Misses handed to core. */
    public final AtomicLong missesReported = new AtomicLong();
    /** Misses not reported: no association, or link-local/multicast/own address. */
    public final AtomicLong missesIgnored = new AtomicLong();
    /** Misses not reported because the same key was in flight or recently unresolved. */
    public final AtomicLong missesSuppressed = new AtomicLong();
    /** Misses dropped because the hand-off queue was full. */
    public final AtomicLong queueOverflows = new AtomicLong();
    /** FDB and neighbour entries installed. */
    public final AtomicLong entriesInstalled = new AtomicLong();
    /** Installs the kernel refused. */
    public final AtomicLong installFailures = new AtomicLong();
    /** Announcements sent into the bridge. */
    public final AtomicLong announcements = new AtomicLong();
    /** Entries found on a vxlan taken over from an earlier run that the plugin confirmed. */
    public final AtomicLong reconcileKept = new AtomicLong();
    /** Such entries the plugin answered differently: replaced by its answer. */
    public final AtomicLong reconcileReplaced = new AtomicLong();
    /** Such entries the plugin no longer knows (drop, no answer, failure): removed. */
    public final AtomicLong reconcileRemoved = new AtomicLong();

    /**
     * The counters as {@link io.varpd.api.device.OverlayDevice#counters()} exports them: snake_case names in the order
     * of the fields above (a stable order, so metric listings do not reshuffle).
     */
    public Map<String, Long> asMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("misses_received", missesReceived.get());
        m.put("misses_reported", missesReported.get());
        m.put("misses_ignored", missesIgnored.get());
        m.put("misses_suppressed", missesSuppressed.get());
        m.put("queue_overflows", queueOverflows.get());
        m.put("entries_installed", entriesInstalled.get());
        m.put("install_failures", installFailures.get());
        m.put("announcements", announcements.get());
        m.put("reconcile_kept", reconcileKept.get());
        m.put("reconcile_replaced", reconcileReplaced.get());
        m.put("reconcile_removed", reconcileRemoved.get());
        return Collections.unmodifiableMap(m);
    }

    @Override
    public String toString() {
        return "received=" + missesReceived + " reported=" + missesReported + " ignored=" + missesIgnored
                + " suppressed=" + missesSuppressed + " overflows=" + queueOverflows + " installed=" + entriesInstalled
                + " installFailures=" + installFailures + " announcements=" + announcements + " reconcile kept="
                + reconcileKept + " replaced=" + reconcileReplaced + " removed=" + reconcileRemoved;
    }
}
