// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.etcd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.MacAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NavigableSet;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Paging a full read as {@code EtcdInstance} does, against keys in memory that answer a range with a limit as etcd 3.4
 * does: by visiting every key of the requested range.
 */
class RangePagesTest {
    private static final int PAGE = 500;
    private static final String NET = "/varpd/v1/vnet/4242/";

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Reads every key page by page; returns the keys read, and counts etcd's visits into {@code visits[0]}. */
    private static List<String> readAll(NavigableSet<String> keys, long[] visits) {
        byte[] networkEnd = bytes(NET.substring(0, NET.length() - 1) + "0");
        RangePages pages = new RangePages(networkEnd);
        List<String> read = new ArrayList<>();
        byte[] from = bytes(NET);
        byte[] rangeEnd = networkEnd;
        while (true) {
            String lo = new String(from, StandardCharsets.ISO_8859_1);
            String hi = new String(rangeEnd, StandardCharsets.ISO_8859_1);
            NavigableSet<String> range = lo.compareTo(hi) < 0 ? keys.subSet(lo, true, hi, false) : new TreeSet<>();
            visits[0] += range.size();
            List<String> page = new ArrayList<>(range).subList(0, Math.min(PAGE, range.size()));
            boolean more = range.size() > PAGE;
            read.addAll(page);
            byte[] first = page.isEmpty() ? new byte[0] : bytes(page.get(0));
            byte[] last = page.isEmpty() ? first : bytes(page.get(page.size() - 1));
            from = more ? Arrays.copyOf(last, last.length + 1) : rangeEnd;
            if (Arrays.compareUnsigned(from, networkEnd) >= 0) {
                return read;
            }
            rangeEnd = pages.next(from, first, last, page.size(), PAGE);
            assertTrue(Arrays.compareUnsigned(rangeEnd, from) > 0, "each range makes progress");
        }
    }

    @Test
    void everyKeyIsReadOnceAndEtcdVisitsFewKeysPerPage() {
        NavigableSet<String> keys = new TreeSet<>();
        Random random = new Random(3);
        // Two dense clusters of MACs far apart, sparse ones between, and the other kinds of keys.
        for (int i = 0; i < 60_000; i++) {
            keys.add(NET + "mac/" + MacAddress.of(0x0208_2000_0000L + i));
            keys.add(NET + "mac/" + MacAddress.of(0x5a00_0000_0000L + 7L * i));
        }
        for (int i = 0; i < 3_000; i++) {
            keys.add(NET + "mac/" + MacAddress.of(random.nextLong() & 0xfeff_ffff_ffffL));
            keys.add(NET + "ipv4/10." + (i / 250) + "." + (i % 250) + ".1");
            keys.add(NET + "host/hv" + i);
        }
        long[] visits = new long[1];
        List<String> read = readAll(keys, visits);
        assertEquals(new ArrayList<>(keys), read);
        // Paging to the network's end would visit about n * n / (2 * PAGE) = 16 million keys. Here: the
        // first page's range (all of them), and each jump from a sparse stretch into a dense one (at
        // most the dense stretch) on top of one pass.
        assertTrue(visits[0] < 8L * keys.size(), visits[0] + " keys visited for " + keys.size());
    }

    @Test
    void aFewKeysAndNoKeysAreReadToo() {
        NavigableSet<String> keys = new TreeSet<>(List.of(NET + "host/a", NET + "mac/02:08:20:00:00:01"));
        assertEquals(new ArrayList<>(keys), readAll(keys, new long[1]));
        assertEquals(List.of(), readAll(new TreeSet<>(), new long[1]));
    }
}
