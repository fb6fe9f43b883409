// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.etcd.internal;

import java.util.Arrays;

/**
 * Where each page of a full read should end, so that etcd does little work per page.
 *
 * <p>Why: etcd 3.4 (Debian's) answers a range request with a limit by first collecting every key of the whole requested
 * range from its index (to count them), and only then returning the first {@code limit}. Paging a network of a million
 * keys by "from the last key to the end of the network" therefore walks the rest of the network once per page:
 * quadratic, 40 s for a million keys here. So each page asks for a range that should hold about one page of keys: its
 * end is guessed from where the previous full page's keys lay, as if keys were spread evenly nearby. A wrong guess
 * costs only time: a range holding more keys than a page is continued from its last key, and one holding fewer is
 * followed by a wider one; every key between the network's first and its end is read once either way.
 *
 * <p>Keys are compared as etcd does, as unsigned bytes. A guess takes the first byte where two keys differ, reads the
 * eight bytes from there as one unsigned number, and steps by the difference.
 */
final class RangePages {
    /** Where to guess from: the byte position and the step at that position, or no step yet. */
    private int position = -1;

    private long step;
    private final byte[] end;

    /** @param end the end of the whole range (exclusive); no page range goes past it */
    RangePages(byte[] end) {
        this.end = end.clone();
    }

    /**
     * A page from {@code first} to {@code last} (its first and last key) holding {@code count} keys of the
     * {@code limit} asked, ending where {@code from} (the next page's start) is. Returns the end of the next page's
     * range.
     */
    byte[] next(byte[] from, byte[] first, byte[] last, int count, int limit) {
        if (count >= limit && count > 1) {
            // A full page: its keys span one page's worth of key space.
            int p = mismatch(first, last);
            long a = window(first, p);
            long b = window(last, p);
            if (Long.compareUnsigned(b, a) > 0) {
                position = p;
                step = b - a;
            }
        } else if (position >= 0) {
            // Fewer keys than a page: the keys are sparser here; look twice as far (one byte further
            // up the key when the step would no longer fit in eight bytes).
            if (step >= 0) {
                step *= 2;
            } else if (position > 0) {
                position--;
                step = (step >>> 8) << 1;
            } else {
                position = -1;
            }
        }
        if (position < 0) {
            return end.clone();
        }
        return add(from, position, step);
    }

    /** {@code key} plus {@code amount} at {@code p}, carried into the bytes before; the end when past it. */
    private byte[] add(byte[] key, int p, long amount) {
        long w = window(key, p);
        long sum = w + amount;
        byte[] out = Arrays.copyOf(key, p + 8);
        for (int i = 0; i < 8; i++) {
            out[p + i] = (byte) (sum >>> (56 - 8 * i));
        }
        boolean carry = Long.compareUnsigned(sum, w) < 0;
        for (int i = p - 1; carry; i--) {
            if (i < 0) {
                return end.clone();
            }
            out[i]++;
            carry = out[i] == 0;
        }
        return Arrays.compareUnsigned(out, end) >= 0 ? end.clone() : out;
    }

    private static int mismatch(byte[] a, byte[] b) {
        int m = Arrays.mismatch(a, b);
        return m < 0 ? Math.min(a.length, b.length) : m;
    }

    /** The eight bytes of {@code key} from {@code p} as an unsigned number, zeros past its end. */
    private static long window(byte[] key, int p) {
        long w = 0;
        for (int i = 0; i < 8; i++) {
            int at = p + i;
            w = (w << 8) | (at < key.length ? key[at] & 0xFF : 0);
        }
        return w;
    }
}
