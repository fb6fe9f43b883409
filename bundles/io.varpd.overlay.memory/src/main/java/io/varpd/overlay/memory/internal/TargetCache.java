// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.memory.internal;

import io.varpd.api.Errno;
import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import io.varpd.api.device.CacheEntry;
import io.varpd.overlay.memory.DropReason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The target cache of one DYNAMIC association, with the kernel's semantics (docs/architecture.md#devices) and the fix
 * (docs/architecture.md#where-varpd-differs-from-illumos-on-purpose) that a SET clears a previous DROP. Not
 * thread-safe: the device calls it under its lock and carries out the {@link Deferred} effects afterwards.
 *
 * <p><b>Layout, and why.</b> Every frame a guest sends probes this cache, and a cache holds up to millions of MACs
 * visited in no particular order, so a probe costs what its cache-line misses cost. The entries are therefore not
 * objects but slots of one open-addressing table (linear probing, at most half full, Fibonacci hashing of the 48-bit
 * MAC): {@code table[2i]} is the MAC of slot {@code i} and {@code table[2i+1]} its state word, so everything about an
 * entry is on one cache line: the VALID and DROP flags, its destination as a number ({@link TargetIds}) and its
 * outstanding lookup as a number. A miss and its answer touch that one line; a cached MAC costs 32 bytes or less and no
 * object; listing and flushing walk one array. Entries never leave (the kernel neither expires nor evicts them), so the
 * table needs no tombstones; it doubles when half full.
 *
 * <p><b>Outstanding lookups.</b> The PENDING state is a lookup object, alive while it waits for its answer, holding the
 * entry's queued frames. The table refers to it only by number (the state word holds its slot in {@link #open}, plus
 * one): storing a young object into a long-lived entry on every miss would make the collector's card refinement track a
 * million old entries, while the small {@code open} array keeps reusing its first slots. A lookup is outstanding
 * exactly while {@code open[slot]} is that object, so an answer to a settled or released lookup is recognised by
 * identity, as before; an answer finds its entry again by MAC.
 */
final class TargetCache {
    /** {@code overlay_ent_size}: the most bytes one entry queues while waiting for an answer. */
    static final long PENDING_CAP = 128 * 1024;

    /** Creates the lookup object for a miss on the entry of {@code mac}. */
    @FunctionalInterface
    interface LookupFactory {
        MemoryLookup create(TargetCache cache, long mac, int slot, PendingFrames frames);
    }

    /** A free table slot: a MAC has 48 bits, so no MAC is -1. */
    private static final long EMPTY = -1L;
    // The state word: bit 0 VALID, bit 1 DROP, bits 2-31 the destination's number plus one (0 until
    // the entry is first VALID; kept when it is invalidated), bits 32-63 the outstanding lookup's
    // slot in open, plus one (0 when none).
    private static final long VALID = 1L;
    private static final long DROP = 2L;
    private static final long FLAGS = VALID | DROP;
    private static final int TARGET_SHIFT = 2;
    private static final long TARGET = (long) (TargetIds.MAX + 1) << TARGET_SHIFT;
    private static final int LOOKUP_SHIFT = 32;
    /** Everything but the outstanding lookup. */
    private static final long SETTLED = FLAGS | TARGET;

    private static final int MIN_CAPACITY = 16;
    private static final long GOLDEN = 0x9E37_79B9_7F4A_7C15L;
    /** A {@link #probe} result that is no slot: the MAC must be found again (or there is none). */
    static final int NO_HINT = Integer.MIN_VALUE;

    private final DeviceCounters counters;
    private final LookupFactory lookups;

    private final TargetIds targetIds = new TargetIds();
    /** MAC and state word per slot, interleaved. */
    private long[] table;
    /** Slots in the table, a power of two. */
    private int capacity;
    /** 64 minus log2 of the capacity: a hash's top bits are its home slot. */
    private int shift;

    private int size;

    /** Outstanding lookups by slot number; null slots are free. */
    private MemoryLookup[] open = new MemoryLookup[4];
    /** Free slot numbers below {@link #openUsed}, as a stack (the most recently freed is reused first). */
    private int[] openFree = new int[4];

    private int openFreeCount;
    /** Slot numbers ever handed out: {@code open[openUsed..]} has never been used. */
    private int openUsed;

    TargetCache(DeviceCounters counters, LookupFactory lookups) {
        this.counters = counters;
        this.lookups = lookups;
        allocate(MIN_CAPACITY);
    }

    // ---- the transmit path and the answers ----

    /** The transmit path for a frame whose MAC header parsed, to destination {@code mac}. */
    void transmit(long mac, byte[] frame, Deferred out) {
        transmitAt(find(mac), mac, frame, out);
    }

    /**
     * The first half of a burst: for each of the first {@code n} MACs, the slot {@link #find} gives now, into
     * {@code slots}, for {@link #transmit(long, int, byte[], Deferred)} to use as a hint. A negative MAC (a frame
     * without a MAC header) gets {@link #NO_HINT}. Reads only.
     *
     * <p>Why two passes: the first loads every MAC's home slot with nothing branching on what it holds, so the CPU has
     * the cache-line misses of all the burst's frames in flight at once rather than one after another; the second walks
     * the probe chain of the MACs not found at home (collisions and new MACs), whose first line is then already in
     * cache.
     */
    void probe(long[] macs, int[] slots, int n) {
        long[] t = table;
        int s = shift;
        for (int k = 0; k < n; k++) {
            long mac = macs[k];
            int home = (int) ((mac * GOLDEN) >>> s);
            slots[k] = t[2 * home] == mac ? home : NO_HINT;
        }
        for (int k = 0; k < n; k++) {
            long mac = macs[k];
            if (mac < 0) {
                slots[k] = NO_HINT; // -1 equals EMPTY, so the first pass may have "found" a free slot
            } else if (slots[k] == NO_HINT) {
                slots[k] = find(mac);
            }
        }
    }

    /**
     * {@link #transmit(long, byte[], Deferred)} with {@code hint}, the slot {@link #probe} gave for {@code mac} earlier
     * in the same burst. Frames acted on since may have grown the table or filled the free slot a new MAC was to go in,
     * so only a hint that still holds {@code mac} is taken as is (a MAC is in at most one slot, and slots only ever
     * gain a MAC, so that slot is what find would give); anything else is found again, from a line the probe made hot.
     */
    void transmit(long mac, int hint, byte[] frame, Deferred out) {
        long[] t = table;
        int i = hint >= 0 && 2 * hint < t.length && t[2 * hint] == mac ? hint : find(mac);
        transmitAt(i, mac, frame, out);
    }

    /** The transmit path for destination {@code mac}, whose {@link #find} result is {@code i}. */
    private void transmitAt(int i, long mac, byte[] frame, Deferred out) {
        if (i < 0) {
            i = insert(mac, -i - 1);
            PendingFrames frames = new PendingFrames();
            frames.offer(frame, Long.MAX_VALUE); // the first frame of a new entry is queued whatever its size
            ask(i, mac, frames, out);
            return;
        }
        long state = table[2 * i + 1];
        if ((state & DROP) != 0) {
            counters.dropped(DropReason.DROP_ENTRY);
        } else if ((state & VALID) != 0) {
            out.send(targetOf(state), frame);
        } else if (state >>> LOOKUP_SHIFT != 0) {
            if (!open[(int) (state >>> LOOKUP_SHIFT) - 1].frames.offer(frame, PENDING_CAP)) {
                counters.dropped(DropReason.QUEUE_FULL);
            }
        } else {
            PendingFrames frames = new PendingFrames();
            if (frames.offer(frame, PENDING_CAP)) {
                ask(i, mac, frames, out);
            } else {
                counters.dropped(DropReason.QUEUE_FULL);
            }
        }
    }

    /** Whether {@code miss} is this cache's and nothing has answered it yet. */
    boolean outstanding(MemoryLookup miss) {
        return miss.cache == this && miss.slot < openUsed && open[miss.slot] == miss;
    }

    /**
     * Whether {@code miss} still needs reporting: it is outstanding and its entry is not VALID. A miss whose entry a
     * cache SET made VALID in the meantime is settled here, as the kernel's LOOKUP skips it, but PENDING is cleared too
     * so that a later remove can ask again.
     */
    boolean stillAsking(MemoryLookup miss) {
        if (!outstanding(miss)) {
            return false;
        }
        int i = find(miss.mac);
        if ((table[2 * i + 1] & VALID) != 0) {
            settle(i, miss);
            return false;
        }
        return true;
    }

    /** RESPOND: VALID with {@code target}, PENDING cleared, DROP untouched, the queue sent. */
    boolean respond(MemoryLookup miss, TargetPoint target, Deferred out) {
        if (!outstanding(miss)) {
            return false;
        }
        int i = find(miss.mac);
        settle(i, miss);
        table[2 * i + 1] = validWith(table[2 * i + 1], target);
        sendQueued(miss.frames, target, out);
        return true;
    }

    /**
     * DROP: a decision about the head frame only. On a VALID entry only PENDING is cleared; otherwise the head frame is
     * freed and, if frames remain, the next one is asked about.
     */
    boolean drop(MemoryLookup miss, Deferred out) {
        if (!outstanding(miss)) {
            return false;
        }
        int i = find(miss.mac);
        settle(i, miss);
        if ((table[2 * i + 1] & VALID) != 0) {
            return true;
        }
        PendingFrames frames = miss.frames;
        if (frames.poll() != null) {
            counters.dropped(DropReason.DROP_ANSWER);
        }
        if (frames.count() > 0) {
            ask(i, miss.mac, frames, out);
        }
        return true;
    }

    // ---- the cache operations ----

    /** CACHE_GET: the entry if it is VALID or DROP. */
    Optional<CacheEntry> get(MacAddress mac) {
        int i = find(mac.toLong());
        return i >= 0 && (table[2 * i + 1] & FLAGS) != 0 ? Optional.of(entry(i)) : Optional.empty();
    }

    /** CACHE_SET: DROP, or VALID with a target (clearing DROP) and the queue sent. */
    void set(CacheEntry entry, Deferred out) {
        long mac = entry.mac().toLong();
        int i = find(mac);
        if (i < 0) {
            i = insert(mac, -i - 1);
        }
        if (entry.drop()) {
            table[2 * i + 1] |= DROP;
            return;
        }
        long state = validWith(table[2 * i + 1] & ~DROP, entry.target());
        table[2 * i + 1] = state;
        if (state >>> LOOKUP_SHIFT != 0) {
            // The lookup stays outstanding, with nothing queued, until it is answered.
            sendQueued(open[(int) (state >>> LOOKUP_SHIFT) - 1].frames, entry.target(), out);
        }
    }

    /** CACHE_REMOVE: the entry stays, neither VALID nor DROP; an outstanding miss stays outstanding. */
    void remove(MacAddress mac) throws VarpdException {
        int i = find(mac.toLong());
        if (i < 0) {
            throw new VarpdException(Errno.ENOENT, "no target-cache entry for " + mac);
        }
        table[2 * i + 1] &= ~FLAGS;
    }

    /** CACHE_FLUSH: every entry invalidated. */
    void flush() {
        long[] t = table;
        for (int k = 1; k < t.length; k += 2) {
            t[k] &= ~FLAGS; // a free slot's state is 0 and stays 0
        }
    }

    /** CACHE_ITER: VALID and DROP entries in MAC order. */
    List<CacheEntry> list() {
        List<CacheEntry> list = new ArrayList<>();
        for (int i = 0; 2 * i < table.length; i++) {
            if (table[2 * i] != EMPTY && (table[2 * i + 1] & FLAGS) != 0) {
                list.add(entry(i));
            }
        }
        list.sort(Comparator.comparing(CacheEntry::mac));
        return list;
    }

    /** How many frames wait for an answer for {@code mac}. */
    int pendingFrames(MacAddress mac) {
        int i = find(mac.toLong());
        MemoryLookup l = i < 0 ? null : lookupOf(i);
        return l == null ? 0 : l.frames.count();
    }

    /** How many frames wait for answers, over all entries. */
    int pendingFrames() {
        int n = 0;
        for (int s = 0; s < openUsed; s++) {
            n += open[s] == null ? 0 : open[s].frames.count();
        }
        return n;
    }

    /** The bytes of the frames {@link #pendingFrames()} counts. */
    long pendingBytes() {
        long n = 0;
        for (int s = 0; s < openUsed; s++) {
            n += open[s] == null ? 0 : open[s].frames.bytes();
        }
        return n;
    }

    /**
     * The association ends: every queued frame is dropped and every outstanding miss is settled as if answered DROP
     * without asking again. The cache must not be used afterwards.
     */
    void release() {
        for (int s = 0; s < openUsed; s++) {
            if (open[s] != null) {
                counters.dropped(DropReason.RELEASED, open[s].frames.count());
            }
        }
        open = new MemoryLookup[0]; // no lookup of this cache is outstanding any more
        openUsed = 0;
        openFreeCount = 0;
    }

    // ---- internals ----

    /** Reports a miss about the head of {@code frames}, the queue of slot {@code i}. */
    private void ask(int i, long mac, PendingFrames frames, Deferred out) {
        int slot = openFreeCount > 0 ? openFree[--openFreeCount] : newOpenSlot();
        MemoryLookup lookup = lookups.create(this, mac, slot, frames);
        open[slot] = lookup;
        table[2 * i + 1] = (table[2 * i + 1] & SETTLED) | ((long) (slot + 1) << LOOKUP_SHIFT);
        counters.misses++;
        out.report(lookup);
    }

    /** Ends the outstanding lookup {@code miss} of slot {@code i}: PENDING cleared. */
    private void settle(int i, MemoryLookup miss) {
        table[2 * i + 1] &= SETTLED;
        open[miss.slot] = null;
        if (openFreeCount == openFree.length) {
            openFree = Arrays.copyOf(openFree, 2 * openFree.length);
        }
        openFree[openFreeCount++] = miss.slot;
    }

    private int newOpenSlot() {
        if (openUsed == open.length) {
            open = Arrays.copyOf(open, Math.max(4, 2 * open.length));
        }
        return openUsed++;
    }

    private MemoryLookup lookupOf(int i) {
        long slot = table[2 * i + 1] >>> LOOKUP_SHIFT;
        return slot == 0 ? null : open[(int) slot - 1];
    }

    /**
     * {@code state} made VALID with {@code target}. An entry re-validated with the destination it had (the usual answer
     * after a flush or remove) keeps its number without a lookup.
     */
    private long validWith(long state, TargetPoint target) {
        long field = state & TARGET;
        if (field != 0 && targetIds.target((int) (field >>> TARGET_SHIFT) - 1) == target) {
            return state | VALID;
        }
        return (state & ~TARGET) | VALID | ((long) (targetIds.idOf(target) + 1) << TARGET_SHIFT);
    }

    private TargetPoint targetOf(long state) {
        return targetIds.target((int) ((state & TARGET) >>> TARGET_SHIFT) - 1);
    }

    private static void sendQueued(PendingFrames frames, TargetPoint target, Deferred out) {
        for (byte[] f = frames.poll(); f != null; f = frames.poll()) {
            out.send(target, f);
        }
    }

    private CacheEntry entry(int i) {
        MacAddress mac = MacAddress.of(table[2 * i]);
        long state = table[2 * i + 1];
        return (state & DROP) != 0 ? CacheEntry.dropping(mac) : CacheEntry.to(mac, targetOf(state));
    }

    /** The slot of {@code mac}, or minus one minus the free slot where it would go. */
    private int find(long mac) {
        long[] t = table;
        int mask = capacity - 1;
        for (int i = (int) ((mac * GOLDEN) >>> shift); ; i = (i + 1) & mask) {
            long k = t[2 * i];
            if (k == mac) {
                return i;
            }
            if (k == EMPTY) {
                return -i - 1;
            }
        }
    }

    /** Puts {@code mac} with no flags into free slot {@code free} and returns its slot (after any growth). */
    private int insert(long mac, int free) {
        if (2 * (size + 1) > capacity) {
            grow();
            free = -find(mac) - 1;
        }
        table[2 * free] = mac;
        table[2 * free + 1] = 0;
        size++;
        return free;
    }

    private void grow() {
        long[] old = table;
        allocate(2 * capacity);
        for (int k = 0; k < old.length; k += 2) {
            long mac = old[k];
            if (mac != EMPTY) {
                int i = -find(mac) - 1;
                table[2 * i] = mac;
                table[2 * i + 1] = old[k + 1];
            }
        }
    }

    /** Empty arrays for {@code capacity} slots (a power of two), keeping {@link #size}. */
    private void allocate(int capacity) {
        table = new long[2 * capacity];
        Arrays.fill(table, EMPTY);
        for (int k = 1; k < table.length; k += 2) {
            table[k] = 0;
        }
        this.capacity = capacity;
        shift = 64 - Integer.numberOfTrailingZeros(capacity);
    }
}
