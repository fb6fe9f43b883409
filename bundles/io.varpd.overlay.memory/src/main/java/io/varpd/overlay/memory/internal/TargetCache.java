package io.varpd.overlay.memory.internal;

import io.varpd.api.Errno;
import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import io.varpd.api.device.CacheEntry;
import io.varpd.frame.EthernetHeader;
import io.varpd.overlay.memory.DropReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Comparator;
import java.util.HashMap;

/**
 * The target cache of one DYNAMIC association, with the kernel's semantics (spec 1.6, 1.7) and
 * the section-14 fix that a SET clears a previous DROP. Not thread-safe: the device calls it
 * under its lock and carries out the {@link Deferred} effects afterwards.
 *
 * <p>One sorted map serves as both the kernel's hash (lookup by MAC) and its AVL tree (listing in
 * MAC byte order: {@link MacAddress#compareTo} compares the 48 bits, most significant octet first).
 */
final class TargetCache {
    /** {@code overlay_ent_size}: the most bytes one entry queues while waiting for an answer. */
    static final long PENDING_CAP = 128 * 1024;

    /** Creates the lookup object for a miss on an entry. */
    @FunctionalInterface
    interface LookupFactory {
        MemoryLookup create(TargetEntry entry, byte[] headFrame);
    }

    /** Hashed for the per-frame path (the kernel hashes too); sorted only when listed. */
    private final HashMap<MacAddress, TargetEntry> entries = new HashMap<>();
    private final DeviceCounters counters;
    private final LookupFactory lookups;

    TargetCache(DeviceCounters counters, LookupFactory lookups) {
        this.counters = counters;
        this.lookups = lookups;
    }

    /** The transmit path for a frame with a parsed MAC header. */
    void transmit(EthernetHeader header, byte[] frame, Deferred out) {
        TargetEntry e = entries.get(header.destination());
        if (e == null) {
            e = new TargetEntry(header.destination());
            entries.put(e.mac, e);
            e.offer(frame, Long.MAX_VALUE); // the first frame of a new entry is queued whatever its size
            ask(e, out);
        } else if (e.drop) {
            counters.dropped(DropReason.DROP_ENTRY);
        } else if (e.valid) {
            out.send(e.target, frame);
        } else if (!e.offer(frame, PENDING_CAP)) {
            counters.dropped(DropReason.QUEUE_FULL);
        } else if (!e.pending()) {
            ask(e, out);
        }
    }

    /**
     * Whether {@code miss} still needs reporting: it is outstanding and its entry is not VALID. A
     * miss whose entry a cache SET made VALID in the meantime is settled here, as the kernel's
     * LOOKUP skips it, but PENDING is cleared too so that a later remove can ask again.
     */
    boolean stillAsking(MemoryLookup miss) {
        if (!miss.outstanding()) {
            return false;
        }
        if (miss.entry.valid) {
            miss.entry.lookup = null;
            return false;
        }
        return true;
    }

    /** RESPOND: VALID with {@code target}, PENDING cleared, DROP untouched, the queue sent. */
    boolean respond(MemoryLookup miss, TargetPoint target, Deferred out) {
        if (!miss.outstanding()) {
            return false;
        }
        TargetEntry e = miss.entry;
        e.lookup = null;
        e.valid = true;
        e.target = target;
        sendQueued(e, out);
        return true;
    }

    /**
     * DROP: a decision about the head frame only. On a VALID entry only PENDING is cleared;
     * otherwise the head frame is freed and, if frames remain, the next one is asked about.
     */
    boolean drop(MemoryLookup miss, Deferred out) {
        if (!miss.outstanding()) {
            return false;
        }
        TargetEntry e = miss.entry;
        e.lookup = null;
        if (e.valid) {
            return true;
        }
        if (e.pollHead() != null) {
            counters.dropped(DropReason.DROP_ANSWER);
        }
        if (e.queuedFrames() > 0) {
            ask(e, out);
        }
        return true;
    }

    /** CACHE_GET: the entry if it is VALID or DROP. */
    Optional<CacheEntry> get(MacAddress mac) {
        TargetEntry e = entries.get(mac);
        return e != null && e.listed() ? Optional.of(e.toCacheEntry()) : Optional.empty();
    }

    /** CACHE_SET: DROP, or VALID with a target (clearing DROP) and the queue sent. */
    void set(CacheEntry entry, Deferred out) {
        TargetEntry e = entries.computeIfAbsent(entry.mac(), TargetEntry::new);
        if (entry.drop()) {
            e.drop = true;
            return;
        }
        e.valid = true;
        e.drop = false;
        e.target = entry.target();
        sendQueued(e, out);
    }

    /** CACHE_REMOVE: the entry stays, neither VALID nor DROP; an outstanding miss stays outstanding. */
    void remove(MacAddress mac) throws VarpdException {
        TargetEntry e = entries.get(mac);
        if (e == null) {
            throw new VarpdException(Errno.ENOENT, "no target-cache entry for " + mac);
        }
        invalidate(e);
    }

    /** CACHE_FLUSH: every entry invalidated. */
    void flush() {
        entries.values().forEach(TargetCache::invalidate);
    }

    /** CACHE_ITER: VALID and DROP entries in MAC order. */
    List<CacheEntry> list() {
        List<CacheEntry> list = new ArrayList<>();
        for (TargetEntry e : entries.values()) {
            if (e.listed()) {
                list.add(e.toCacheEntry());
            }
        }
        list.sort(Comparator.comparing(CacheEntry::mac));
        return list;
    }

    int pendingFrames(MacAddress mac) {
        TargetEntry e = entries.get(mac);
        return e == null ? 0 : e.queuedFrames();
    }

    int pendingFrames() {
        return entries.values().stream().mapToInt(TargetEntry::queuedFrames).sum();
    }

    long pendingBytes() {
        return entries.values().stream().mapToLong(TargetEntry::queuedBytes).sum();
    }

    /**
     * The association ends: every queued frame is dropped and every outstanding miss is settled
     * as if answered DROP without asking again. The cache must not be used afterwards.
     */
    void release() {
        for (TargetEntry e : entries.values()) {
            counters.dropped(DropReason.RELEASED, e.drain().size());
            e.lookup = null;
        }
        entries.clear();
    }

    private void ask(TargetEntry e, Deferred out) {
        e.lookup = lookups.create(e, e.head());
        out.report(e.lookup);
    }

    private static void sendQueued(TargetEntry e, Deferred out) {
        for (byte[] frame : e.drain()) {
            out.send(e.target, frame);
        }
    }

    private static void invalidate(TargetEntry e) {
        e.valid = false;
        e.drop = false;
        e.target = null;
    }
}
