// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal.instance;

import io.varpd.api.Errno;
import io.varpd.api.VarpdException;
import java.util.BitSet;

/**
 * Instance ids: small integers 1..2^31-1, lowest free first, reused after destroy (illumos varpd's id space).
 * {@link #reserve(long)} takes a given id, for restoring persisted instances. Thread-safe.
 */
public final class InstanceIds {
    public static final long MAX = Integer.MAX_VALUE;

    /** Bit {@code i} stands for id {@code i + 1}. */
    private final BitSet used = new BitSet();

    public synchronized long allocate() throws VarpdException {
        long id = used.nextClearBit(0) + 1L;
        if (id > MAX) {
            throw new VarpdException(Errno.ENOMEM, "no free instance id left in 1-" + MAX);
        }
        used.set((int) (id - 1));
        return id;
    }

    public synchronized void reserve(long id) throws VarpdException {
        if (id < 1 || id > MAX) {
            throw new VarpdException(Errno.EINVAL, "instance id " + id + " is out of range; allowed: 1-" + MAX);
        }
        if (used.get((int) (id - 1))) {
            throw new VarpdException(Errno.EEXIST, "instance id " + id + " is already in use");
        }
        used.set((int) (id - 1));
    }

    public synchronized void release(long id) {
        if (id >= 1 && id <= MAX) {
            used.clear((int) (id - 1));
        }
    }

    public synchronized boolean inUse(long id) {
        return id >= 1 && id <= MAX && used.get((int) (id - 1));
    }
}
