// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.memory.internal;

import io.varpd.api.TargetPoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Numbers the distinct destinations of one target cache, so that an entry can keep its destination as a number inside
 * its state word instead of in an array of its own (one more cache-line miss per answer). Equal destinations get one
 * number, whatever object carried them.
 *
 * <p>Numbers are never reclaimed: like the entries themselves (which the kernel never evicts), they live as long as the
 * association. A cache holds at most one number per underlay endpoint it was ever told about, a few thousand in
 * practice and never more than the answers it received. Not thread-safe: used under the device lock.
 */
final class TargetIds {
    /** The most numbers: what fits the state word's field (which holds a number plus one). */
    static final int MAX = (1 << 30) - 2;

    private final Map<TargetPoint, Integer> ids = new HashMap<>();
    private final List<TargetPoint> targets = new ArrayList<>();
    /** The last destination numbered: an answer often repeats the previous one. */
    private TargetPoint last;

    private int lastId = -1;

    /** The number of {@code target}, 0 or more, given one if it has none. */
    int idOf(TargetPoint target) {
        if (target == last) {
            return lastId;
        }
        Integer id = ids.get(target);
        if (id == null) {
            if (targets.size() == MAX) {
                throw new IllegalStateException("a target cache cannot tell more than " + MAX + " destinations apart");
            }
            id = targets.size();
            targets.add(target);
            ids.put(target, id);
        }
        last = target;
        lastId = id;
        return id;
    }

    /** The destination numbered {@code id}. */
    TargetPoint target(int id) {
        return targets.get(id);
    }
}
