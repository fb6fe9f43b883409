package io.varpd.overlay.linux.internal.device;

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

    @Override
    public String toString() {
        return "received=" + missesReceived + " reported=" + missesReported + " ignored=" + missesIgnored
                + " suppressed=" + missesSuppressed + " overflows=" + queueOverflows + " installed=" + entriesInstalled
                + " installFailures=" + installFailures + " announcements=" + announcements;
    }
}
