// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.varpd.api.Errno;
import org.junit.jupiter.api.Test;

class InstanceIdsTest {
    private final InstanceIds ids = new InstanceIds();

    @Test
    void idsStartAtOneAndTheLowestFreeIsReused() throws Exception {
        assertEquals(1, ids.allocate());
        assertEquals(2, ids.allocate());
        assertEquals(3, ids.allocate());
        ids.release(2);
        assertEquals(2, ids.allocate());
        assertEquals(4, ids.allocate());
    }

    @Test
    void reservedIdsAreSkippedAndCannotBeTakenTwice() throws Exception {
        ids.reserve(1);
        ids.reserve(InstanceIds.MAX);
        assertEquals(2, ids.allocate());
        assertEquals(
                Errno.EEXIST,
                assertThrows(io.varpd.api.VarpdException.class, () -> ids.reserve(2))
                        .errno());
        assertEquals(
                Errno.EINVAL,
                assertThrows(io.varpd.api.VarpdException.class, () -> ids.reserve(0))
                        .errno());
        assertEquals(
                Errno.EINVAL,
                assertThrows(io.varpd.api.VarpdException.class, () -> ids.reserve(InstanceIds.MAX + 1))
                        .errno());
    }
}
