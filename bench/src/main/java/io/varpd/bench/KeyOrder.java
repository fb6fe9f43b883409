// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.bench;

import java.util.SplittableRandom;

/**
 * The order benchmarks visit the entries in: a fixed pseudo-random permutation, the same in every benchmark and every
 * run, so the baseline and the stack look up the same keys in the same order and neither gets the sequential access a
 * loop over 0..n-1 would give.
 */
public final class KeyOrder {
    private static final long SEED = 0x5EED_1D5L;

    private KeyOrder() {}

    /** The entry indexes 0..n-1, shuffled (Fisher-Yates with a fixed seed). */
    public static int[] shuffled(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(SEED);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
