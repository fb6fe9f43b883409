// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal.instance;

import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Keeps plugin ops out of an instance that is not running. Lookups enter (shared); stopping closes the gate
 * (exclusive), which waits for the ops already inside to leave, so no op reaches the plugin after {@code stop}.
 * Re-entry from inside an op (a plugin answering synchronously through a proxy) is allowed.
 */
final class OpGate {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile boolean open;

    /** Enters if open; the caller must {@link #exit()} when it returns true. */
    boolean enter() {
        lock.readLock().lock();
        if (open) {
            return true;
        }
        lock.readLock().unlock();
        return false;
    }

    void exit() {
        lock.readLock().unlock();
    }

    void open() {
        open = true;
    }

    /** Closes and waits until no op is inside. */
    void close() {
        lock.writeLock().lock();
        try {
            open = false;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Runs {@code change} while no op is inside (waiting for those inside to leave, holding new ones back for its
     * duration), without closing the gate: how a plugin state is swapped.
     */
    void exclusively(Runnable change) {
        lock.writeLock().lock();
        try {
            change.run();
        } finally {
            lock.writeLock().unlock();
        }
    }

    boolean isOpen() {
        return open;
    }
}
