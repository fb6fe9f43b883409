// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal.remote;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Request ids, unique across all remotes of one plugin (docs/architecture.md#the-svp-client): 1 to 2^31-1, then again
 * from 1. The original took the lowest free id; a counter that wraps after two billion requests gives the same
 * guarantee in practice, since no query lives longer than its 30 s timeout.
 */
final class IdSpace {
    private final AtomicInteger last = new AtomicInteger();

    int next() {
        return last.updateAndGet(i -> i == Integer.MAX_VALUE ? 1 : i + 1);
    }
}
