// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.files.internal;

/**
 * A hash map from keys of one or two {@code long}s to non-negative {@code int}s, with no boxing: MAC addresses (48
 * bits) and IPv4 addresses take one long, IPv6 addresses two. The values are indexes into the parallel arrays of a
 * {@link MappingTable}.
 *
 * <p>Open addressing with linear probing over one power-of-two {@code long[]}: slot {@code s} occupies {@code width +
 * 1} consecutive longs, the key then the value, so a probe touches one cache line rather than one in a key array and
 * one in a value array (a table of a million MACs is far bigger than any cache, so every lookup is a miss). A negative
 * value marks an empty slot, so every key, 0 included, is allowed. The table doubles before it is 70% full, which keeps
 * probe runs short; there is no removal, because a table is built once and then only read.
 *
 * <p>Not thread-safe while being filled. Once filled and published safely (for example through a final field of an
 * object published through a volatile field), any number of threads may read it.
 */
final class LongKeyIndex {
    /** What {@code get} returns for an absent key. */
    static final int ABSENT = -1;

    private static final int MIN_CAPACITY = 16;
    private static final int LOAD_PERCENT = 70;

    private final int width;
    private final int stride;
    private long[] slots;
    private int capacity;
    private int size;

    /**
     * @param width 1 for one-long keys, 2 for two-long keys
     * @param expected how many keys are expected, to size the table once
     */
    LongKeyIndex(int width, int expected) {
        if (width != 1 && width != 2) {
            throw new IllegalArgumentException("key width must be 1 or 2 longs, not " + width);
        }
        this.width = width;
        this.stride = width + 1;
        allocate(capacityFor(Math.max(expected, 0)));
    }

    /** The number of keys. */
    int size() {
        return size;
    }

    /** The number of slots (a power of two), for tests and memory estimates. */
    int capacity() {
        return capacity;
    }

    /** The value of a one-long key, or {@link #ABSENT}. */
    int get(long key) {
        requireWidth(1);
        int at = find(key, 0L);
        return at >= 0 ? (int) slots[at + 1] : ABSENT;
    }

    /**
     * Stores {@code tag} (non-negative) beside the value of a present one-long key, in the upper half of its value
     * word, so a reader that needs both gets them from one memory read ({@link #taggedValue}). {@link #get} still
     * returns the value alone. Call only once the index is complete: a later {@code put} of the key clears the tag.
     *
     * @throws IllegalArgumentException when the key is absent or the tag negative
     */
    void tag(long key, int tag) {
        requireWidth(1);
        if (tag < 0) {
            throw new IllegalArgumentException("tags must be non-negative, not " + tag);
        }
        int at = find(key, 0L);
        if (at < 0) {
            throw new IllegalArgumentException("no such key to tag: " + key);
        }
        slots[at + 1] = ((long) tag << 32) | (slots[at + 1] & 0xffff_ffffL);
    }

    /**
     * The whole value word of a one-long key, tag in the upper 32 bits and value in the lower, or -1 when the key is
     * absent.
     */
    long taggedValue(long key) {
        requireWidth(1);
        int at = find(key, 0L);
        return at >= 0 ? slots[at + 1] : -1L;
    }

    /**
     * {@link #taggedValue} of each of the first {@code n} one-long {@code keys}, into {@code values}. The home slot of
     * every key is read first, in a loop where nothing branches on what was read, so the CPU fetches all their cache
     * lines at once; the lookups then find their keys (at home, or a few slots on) in lines already fetched. One at a
     * time, each key's line would be fetched only after the previous key's probe was decided.
     */
    void taggedValues(long[] keys, int n, long[] values) {
        requireWidth(1);
        long[] t = slots;
        int mask = capacity - 1;
        for (int k = 0; k < n; k++) {
            values[k] = t[(hash(keys[k], 0L) & mask) * stride];
        }
        for (int k = 0; k < n; k++) {
            long key = keys[k];
            int home = (hash(key, 0L) & mask) * stride;
            // The home key read above: a match there is the answer if the slot is in use (a
            // free slot's key word is stale or zero), anything else takes the whole probe.
            int at = values[k] == key && t[home + 1] >= 0 ? home : find(key, 0L);
            values[k] = at >= 0 ? t[at + 1] : -1L;
        }
    }

    /** The value of a two-long key, or {@link #ABSENT}. */
    int get(long high, long low) {
        requireWidth(2);
        int at = find(high, low);
        return at >= 0 ? (int) slots[at + 2] : ABSENT;
    }

    /**
     * Maps a one-long key to {@code value}, replacing any previous value.
     *
     * @return the previous value, or {@link #ABSENT}
     */
    int put(long key, int value) {
        requireWidth(1);
        return insert(key, 0L, value, true);
    }

    /**
     * Maps a two-long key to {@code value}, replacing any previous value.
     *
     * @return the previous value, or {@link #ABSENT}
     */
    int put(long high, long low, int value) {
        requireWidth(2);
        return insert(high, low, value, true);
    }

    /**
     * Maps a one-long key to {@code value} unless it already has a value: one probe where {@code get} then {@code put}
     * would take two.
     *
     * @return the value already there (and left there), or {@link #ABSENT} when {@code value} was added
     */
    int putIfAbsent(long key, int value) {
        requireWidth(1);
        return insert(key, 0L, value, false);
    }

    private int insert(long a, long b, int value, boolean replace) {
        if (value < 0) {
            throw new IllegalArgumentException("values must be non-negative, not " + value);
        }
        int at = find(a, b);
        if (at >= 0) {
            int previous = (int) slots[at + width];
            if (replace) {
                slots[at + width] = value;
            }
            return previous;
        }
        if ((long) (size + 1) * 100 > (long) capacity * LOAD_PERCENT) {
            grow();
            at = find(a, b);
        }
        place(~at, a, b, value);
        size++;
        return ABSENT;
    }

    /** The array offset of the slot holding the key, or {@code ~offset} of the empty slot where it would go. */
    private int find(long a, long b) {
        int mask = capacity - 1;
        int slot = hash(a, b) & mask;
        while (true) {
            int at = slot * stride;
            if (slots[at + width] < 0) {
                return ~at;
            }
            if (slots[at] == a && (width == 1 || slots[at + 1] == b)) {
                return at;
            }
            slot = (slot + 1) & mask;
        }
    }

    private void place(int at, long a, long b, int value) {
        slots[at] = a;
        if (width == 2) {
            slots[at + 1] = b;
        }
        slots[at + width] = value;
    }

    private void grow() {
        if (capacity >= 1 << 28) {
            throw new IllegalStateException("too many keys: " + size);
        }
        long[] old = slots;
        allocate(capacity * 2);
        for (int at = 0; at < old.length; at += stride) {
            long value = old[at + width];
            if (value >= 0) {
                long a = old[at];
                long b = width == 2 ? old[at + 1] : 0L;
                place(~find(a, b), a, b, (int) value);
            }
        }
    }

    private void allocate(int newCapacity) {
        capacity = newCapacity;
        slots = new long[newCapacity * stride];
        for (int at = width; at < slots.length; at += stride) {
            slots[at] = ABSENT;
        }
    }

    private static int capacityFor(int expected) {
        long needed = Math.max(MIN_CAPACITY, (long) expected * 100 / LOAD_PERCENT + 1);
        if (needed > 1 << 28) {
            throw new IllegalArgumentException("too many keys: " + expected);
        }
        return Integer.highestOneBit((int) needed - 1) << 1;
    }

    /**
     * Spreads the key bits over the whole int: sequential MACs and addresses, the common case in generated files, would
     * otherwise fill neighbouring slots and make long probe runs.
     */
    private static int hash(long a, long b) {
        long h = a * 0x9E3779B97F4A7C15L ^ b * 0xC2B2AE3D27D4EB4FL;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        return (int) h;
    }

    private void requireWidth(int w) {
        if (width != w) {
            throw new IllegalStateException("this index has keys of " + width + " long(s), not " + w);
        }
    }

    /** Receives each key and its value; {@code low} is 0 for one-long keys. */
    @FunctionalInterface
    interface Visitor {
        void visit(long high, long low, int value);
    }

    /** Visits every key, in slot order (no particular order). */
    void forEach(Visitor visitor) {
        for (int at = 0; at < slots.length; at += stride) {
            int value = (int) slots[at + width];
            if (value >= 0) {
                visitor.visit(slots[at], width == 2 ? slots[at + 1] : 0L, value);
            }
        }
    }

    @Override
    public String toString() {
        return "LongKeyIndex[" + size + " keys of " + width + " long(s) in " + capacity + " slots]";
    }

    /** For tests: whether every slot is either empty or holds a key that {@code find} reaches. */
    boolean isConsistent() {
        int found = 0;
        for (int at = 0; at < slots.length; at += stride) {
            if (slots[at + width] >= 0) {
                found++;
                if (find(slots[at], width == 2 ? slots[at + 1] : 0L) != at) {
                    return false;
                }
            }
        }
        return found == size && Integer.bitCount(capacity) == 1;
    }
}
