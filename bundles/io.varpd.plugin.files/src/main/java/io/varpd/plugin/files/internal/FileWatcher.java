// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.files.internal;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every started instance's file check periodically, on one daemon thread shared by all instances of the plugin and
 * owned by the plugin component (closed when it is deactivated).
 *
 * <p>Polling, not a {@link java.nio.file.WatchService}: a watch service watches directories, loses track of a file
 * renamed over, and on some systems polls anyway; a one-second stat per instance is cheap and sees renames, in-place
 * writes and symbolic link switches alike. Checks run with a fixed delay, so a slow reload of a huge file delays the
 * next checks instead of piling them up.
 *
 * <p>{@link #manual()} makes a watcher that never runs anything by itself: tests call the instance's check directly, so
 * they need neither sleeps nor timing.
 */
final class FileWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FileWatcher.class);
    private static final String THREAD_NAME = "varpd-files-watcher";

    /** A registered check; {@link #cancel()} stops it (a run in progress finishes). */
    interface Watch {
        void cancel();
    }

    private final Duration interval;
    private final ScheduledThreadPoolExecutor executor;
    /** Watches registered and not cancelled, so tests can tell that stop and destroy leak none. */
    private final AtomicInteger active = new AtomicInteger();

    private FileWatcher(Duration interval, ScheduledThreadPoolExecutor executor) {
        this.interval = interval;
        this.executor = executor;
    }

    /** A watcher running each check every {@code interval}. */
    static FileWatcher every(Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the poll interval must be positive, not " + interval);
        }
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, THREAD_NAME);
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return new FileWatcher(interval, executor);
    }

    /** A watcher that schedules nothing; checks run only when called directly. */
    static FileWatcher manual() {
        return new FileWatcher(null, null);
    }

    /**
     * Runs {@code check} every interval until the returned watch is cancelled. An exception from {@code check} is
     * logged and the check keeps running (an uncaught one would silently stop a periodic task).
     *
     * @param what names the check in logs
     */
    Watch watch(String what, Runnable check) {
        if (executor == null) {
            return counted(() -> {});
        }
        Runnable guarded = () -> {
            try {
                check.run();
            } catch (RuntimeException | LinkageError e) {
                LOG.error("files: checking {} failed; will retry", what, e);
            }
        };
        try {
            long nanos = interval.toNanos();
            ScheduledFuture<?> f = executor.scheduleWithFixedDelay(guarded, nanos, nanos, TimeUnit.NANOSECONDS);
            return counted(() -> f.cancel(false));
        } catch (RejectedExecutionException e) {
            // Only after close(): the plugin is going away; the instance keeps its loaded map.
            LOG.warn("files: not watching {}: the plugin is stopping", what);
            return () -> {};
        }
    }

    /** {@code cancel} as a watch counted in {@link #watching()}; cancelling twice counts once. */
    private Watch counted(Runnable cancel) {
        active.incrementAndGet();
        AtomicBoolean cancelled = new AtomicBoolean();
        return () -> {
            if (cancelled.compareAndSet(false, true)) {
                cancel.run();
                active.decrementAndGet();
            }
        };
    }

    /** How many watches are registered and not cancelled. */
    int watching() {
        return active.get();
    }

    /** How many checks the thread still has scheduled (0 for a manual watcher). */
    int scheduled() {
        return executor == null ? 0 : executor.getQueue().size();
    }

    /** Stops all checks and the thread. */
    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
