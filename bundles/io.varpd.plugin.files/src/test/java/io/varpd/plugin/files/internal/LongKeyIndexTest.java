// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.files.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LongKeyIndexTest {
    @Test
    void aTagTravelsBesideTheValueWithoutChangingIt() {
        LongKeyIndex index = new LongKeyIndex(1, 4);
        index.put(0L, 3);
        index.put(0x0000_0102_0304_0506L, 7);
        index.tag(0x0000_0102_0304_0506L, 0x7fff_fffe);
        index.tag(0L, 0);

        assertEquals(7, index.get(0x0000_0102_0304_0506L));
        assertEquals(((long) 0x7fff_fffe << 32) | 7, index.taggedValue(0x0000_0102_0304_0506L));
        assertEquals(3L, index.taggedValue(0L));
        assertEquals(-1L, index.taggedValue(42L));
        assertThrows(IllegalArgumentException.class, () -> index.tag(42L, 1));
        assertThrows(IllegalArgumentException.class, () -> index.tag(0L, -1));
    }

    @Test
    void aBatchOfKeysGetsWhatEachKeyAloneGets() {
        // A small table, so home slots collide and probe runs wrap; 0 is a key; absent keys too,
        // including 0-valued words of free slots and -1 (what the plugin passes for "no MAC").
        LongKeyIndex index = new LongKeyIndex(1, 0);
        SplittableRandom random = new SplittableRandom(17);
        for (int v = 0; v < 11; v++) {
            long key = v == 0 ? 0L : random.nextLong(1L << 48);
            index.put(key, v);
            index.tag(key, v * 3);
        }
        long[] keys = new long[64];
        for (int k = 0; k < keys.length; k++) {
            keys[k] = k % 5 == 0 ? random.nextLong(1L << 48) : k % 7 == 0 ? -1L : 0L;
        }
        SplittableRandom again = new SplittableRandom(17);
        for (int v = 0; v < 11; v++) {
            long key = v == 0 ? 0L : again.nextLong(1L << 48);
            keys[3 * v + 1] = key;
        }
        long[] values = new long[keys.length + 1];
        values[keys.length] = 42; // beyond n: untouched

        index.taggedValues(keys, keys.length, values);

        int present = 0;
        for (int k = 0; k < keys.length; k++) {
            assertEquals(index.taggedValue(keys[k]), values[k], "key " + keys[k] + " at " + k);
            present += values[k] >= 0 ? 1 : 0;
        }
        assertTrue(present >= 11, "the batch covered present keys: " + present);
        assertEquals(42, values[keys.length]);
    }

    @Test
    void absentKeyGivesAbsent() {
        LongKeyIndex index = new LongKeyIndex(1, 0);
        assertEquals(LongKeyIndex.ABSENT, index.get(42));
        assertEquals(0, index.size());
    }

    @Test
    void putThenGetReturnsTheValue() {
        LongKeyIndex index = new LongKeyIndex(1, 0);
        assertEquals(LongKeyIndex.ABSENT, index.put(0x0200_0000_0001L, 5));
        assertEquals(5, index.get(0x0200_0000_0001L));
        assertEquals(1, index.size());
    }

    @Test
    void putReplacesAndReturnsThePreviousValue() {
        LongKeyIndex index = new LongKeyIndex(1, 0);
        index.put(9, 1);
        assertEquals(1, index.put(9, 2));
        assertEquals(2, index.get(9));
        assertEquals(1, index.size());
    }

    @Test
    void putIfAbsentKeepsTheExistingValue() {
        LongKeyIndex index = new LongKeyIndex(1, 0);
        assertEquals(LongKeyIndex.ABSENT, index.putIfAbsent(9, 1));
        assertEquals(1, index.putIfAbsent(9, 2));
        assertEquals(1, index.get(9));
        assertEquals(1, index.size());
    }

    @Test
    void zeroAndNegativeKeysAreOrdinaryKeys() {
        LongKeyIndex index = new LongKeyIndex(1, 0);
        index.put(0L, 1);
        index.put(-1L, 2);
        index.put(Long.MIN_VALUE, 3);
        assertEquals(1, index.get(0L));
        assertEquals(2, index.get(-1L));
        assertEquals(3, index.get(Long.MIN_VALUE));
    }

    @Test
    void twoLongKeysDifferingOnlyInTheLowHalfAreDistinct() {
        LongKeyIndex index = new LongKeyIndex(2, 0);
        index.put(0xfd00_0000_0000_0000L, 1L, 10);
        index.put(0xfd00_0000_0000_0000L, 2L, 20);
        assertEquals(10, index.get(0xfd00_0000_0000_0000L, 1L));
        assertEquals(20, index.get(0xfd00_0000_0000_0000L, 2L));
        assertEquals(LongKeyIndex.ABSENT, index.get(0xfd00_0000_0000_0000L, 3L));
        assertEquals(LongKeyIndex.ABSENT, index.get(0L, 1L));
    }

    @Test
    void growsAndStillFindsEveryKey() {
        LongKeyIndex index = new LongKeyIndex(1, 0);
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            index.put(0x0200_0000_0000L + i, i);
        }
        assertEquals(n, index.size());
        for (int i = 0; i < n; i++) {
            assertEquals(i, index.get(0x0200_0000_0000L + i));
        }
        assertEquals(LongKeyIndex.ABSENT, index.get(0x0200_0000_0000L + n));
        assertTrue(index.isConsistent());
    }

    @Test
    void staysUnderSeventyPercentFullInPowerOfTwoSlots() {
        LongKeyIndex index = new LongKeyIndex(2, 0);
        for (int i = 0; i < 10_000; i++) {
            index.put(i, -i, i);
            assertTrue(index.size() * 100L <= index.capacity() * 70L, index.toString());
            assertEquals(1, Integer.bitCount(index.capacity()), index.toString());
        }
    }

    @Test
    void presizedIndexDoesNotGrowForTheExpectedCount() {
        LongKeyIndex index = new LongKeyIndex(1, 1000);
        int capacity = index.capacity();
        for (int i = 0; i < 1000; i++) {
            index.put(i * 7919L, i);
        }
        assertEquals(capacity, index.capacity());
    }

    @Test
    void behavesLikeAHashMapOnRandomKeys() {
        SplittableRandom random = new SplittableRandom(7);
        LongKeyIndex index = new LongKeyIndex(2, 0);
        Map<String, Integer> reference = new HashMap<>();
        for (int i = 0; i < 50_000; i++) {
            // A small key space, so replacements happen too.
            long high = random.nextInt(300);
            long low = random.nextLong() & 0xff;
            int value = random.nextInt(1_000_000);
            Integer previous = reference.put(high + "/" + low, value);
            assertEquals(previous == null ? LongKeyIndex.ABSENT : previous, index.put(high, low, value));
        }
        assertEquals(reference.size(), index.size());
        reference.forEach((k, v) -> {
            String[] parts = k.split("/");
            assertEquals(v, index.get(Long.parseLong(parts[0]), Long.parseLong(parts[1])));
        });
        assertTrue(index.isConsistent());
    }

    @Test
    void usingTheWrongKeyWidthIsRefused() {
        LongKeyIndex macs = new LongKeyIndex(1, 0);
        LongKeyIndex ipv6 = new LongKeyIndex(2, 0);
        assertThrows(IllegalStateException.class, () -> macs.get(1L, 2L));
        assertThrows(IllegalStateException.class, () -> ipv6.put(1L, 2));
    }

    @Test
    void negativeValuesAreRefusedBecauseTheyMarkEmptySlots() {
        LongKeyIndex index = new LongKeyIndex(1, 0);
        assertThrows(IllegalArgumentException.class, () -> index.put(1L, -1));
        assertEquals(0, index.size());
    }

    @Test
    void widthOtherThanOneOrTwoIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new LongKeyIndex(3, 0));
    }
}
