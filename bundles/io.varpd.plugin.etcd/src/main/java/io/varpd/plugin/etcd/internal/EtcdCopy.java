// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.etcd.internal;

import io.varpd.api.DestinationType;
import io.varpd.api.IpAddresses;
import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import io.varpd.api.plugin.ProviderHandle;
import io.varpd.plugin.etcd.internal.KeySchema.AddressEntry;
import io.varpd.plugin.etcd.internal.KeySchema.BadData;
import io.varpd.plugin.etcd.internal.KeySchema.DhcpEntry;
import io.varpd.plugin.etcd.internal.KeySchema.Entry;
import io.varpd.plugin.etcd.internal.KeySchema.HostEntry;
import io.varpd.plugin.etcd.internal.KeySchema.MacEntry;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.StampedLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One network's copy of etcd: what lookups answer from, and how a change reaches the device.
 *
 * <p>Memory: a fleet's network may hold a million {@code mac/} keys, so those are not kept as objects. A
 * {@code mac/<mac>} key in its canonical spelling is identified by its MAC alone (a long), and its slot in one
 * open-addressing table (linear probing, deletion by shifting back, no tombstones) holds the MAC, the key's mod
 * revision and the index of its destination in a table of distinct destinations, which many MACs share (each host's
 * address and port is one object, counted by its users and freed by the last). About 21 bytes a slot, at most 3/4 full:
 * {@code docs/etcd.md} gives the measured bytes per MAC. Every other key (addresses, DHCP, hosts, keys outside the
 * schema) is one object per key, as before.
 *
 * <p>Threading: lookups read the MAC table from any thread without locking, optimistically under a {@link StampedLock}:
 * they read, then check that no change happened meanwhile, and read again under the read lock only if one did (a read
 * mid-change can see anything, and that check throws it away). The sync thread changes the table one key at a time
 * under the write lock, so lookups are held up by at most one change. The address and DHCP maps are concurrent maps.
 * Everything else, and every change, belongs to the instance's one sync thread, which applies each put or delete as it
 * arrives (from the watch or a full read): it updates the answer first and then tells the device, so a lookup that
 * answered from the old value just before can notice the change and invalidate its own answer ({@link #settle}).
 *
 * <p>What a change tells the device, as a files-plugin reload does: a MAC whose destination changed, went away or
 * appeared is removed from the device's cache ({@code injectTarget(mac, null)}; the next frame asks again, also when
 * the device was keeping a recent DROP quiet); an address that moved to another MAC is announced (gratuitous ARP,
 * unsolicited neighbour advertisement), and its previous owner is removed from the cache too, which makes a device drop
 * what it derived from it ("address at old MAC"). A full read into an empty copy announces nothing: the device has
 * nothing to forget.
 */
final class EtcdCopy {
    private static final Logger LOG = LoggerFactory.getLogger(EtcdCopy.class);
    /** No MAC: MACs are 48 bits, so no key is -1. */
    private static final long EMPTY = -1L;
    /** A slot's destination index when the key's value is bad: the key is held, nothing answered. */
    private static final int BAD = -1;
    /** Distinct values remembered at most; a fleet has one per host. */
    private static final int PARSED_LIMIT = 16_384;

    /** What one non-MAC key holds now: its entry, or null when its value is bad. */
    private record Held(long modRevision, Entry entry) {}

    /** The MAC keys: parallel arrays, one slot per key. Replaced whole when it grows. */
    private static final class MacTable {
        final long[] macs;
        final long[] revisions;
        final int[] points;
        /** Slots seen by the full read in progress; what it did not see is deleted at its end. */
        final boolean[] seen;

        final int shift;
        int size;

        MacTable(int capacity) {
            macs = new long[capacity];
            Arrays.fill(macs, EMPTY);
            revisions = new long[capacity];
            points = new int[capacity];
            seen = new boolean[capacity];
            shift = 64 - Integer.numberOfTrailingZeros(capacity);
        }

        int home(long mac) {
            // Fibonacci hashing: MACs of one vendor differ only in their low bits.
            return (int) ((mac * 0x9E37_79B9_7F4A_7C15L) >>> shift);
        }

        /** The slot holding {@code mac}, or the empty slot where it would go as {@code -slot - 1}. */
        int find(long mac) {
            int mask = macs.length - 1;
            int i = home(mac);
            // Bounded, so that a read racing a change ends (its result is then thrown away).
            for (int n = 0; n <= mask; n++) {
                long m = macs[i];
                if (m == mac) {
                    return i;
                }
                if (m == EMPTY) {
                    return -i - 1;
                }
                i = (i + 1) & mask;
            }
            return Integer.MIN_VALUE;
        }
    }

    private final ProviderHandle provider;
    private final Set<DestinationType> destination;

    // Read by lookups from any thread.
    private final StampedLock guard = new StampedLock();
    private MacTable macs = new MacTable(1024); // written under guard's write lock
    private TargetPoint[] points = new TargetPoint[64]; // written under guard's write lock
    private final ConcurrentHashMap<InetAddress, MacAddress> owners = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, MacAddress> dhcp = new ConcurrentHashMap<>();
    private volatile int macCount;
    private volatile int hostCount;
    private volatile long revision;
    private volatile int badCount;

    // The sync thread's.
    private int answering; // MACs with a valid destination
    private int[] pointUses = new int[64];
    private final Map<TargetPoint, Integer> pointIndex = new HashMap<>();
    private int[] freePoints = new int[16];
    private int freeCount;
    private int pointsUsed; // high-water mark of points
    private final Map<String, Held> byKey = new HashMap<>();
    /** Valid {@code mac/} values seen lately (their bytes as Latin-1 text) and what they say. */
    private final Map<String, TargetPoint> parsed = new HashMap<>();

    private final SortedMap<String, String> bad = new TreeMap<>();
    private final Set<String> hostNames = new HashSet<>();
    /** The non-MAC keys seen by the full read in progress, or null outside one. */
    private Set<String> seenOthers;

    private boolean quietRead;

    EtcdCopy(ProviderHandle provider, Set<DestinationType> destination) {
        this.provider = provider;
        this.destination = Set.copyOf(destination);
    }

    /** Where frames for {@code mac} go, or null when the copy has no (valid) entry for it. Any thread. */
    TargetPoint target(long mac) {
        long stamp = guard.tryOptimisticRead();
        if (stamp != 0) {
            TargetPoint t = read(mac);
            if (guard.validate(stamp)) {
                return t;
            }
        }
        stamp = guard.readLock();
        try {
            return read(mac);
        } finally {
            guard.unlockRead(stamp);
        }
    }

    private TargetPoint read(long mac) {
        MacTable t = macs;
        int slot = t.find(mac);
        if (slot < 0) {
            return null;
        }
        int p = t.points[slot];
        TargetPoint[] all = points;
        return p >= 0 && p < all.length ? all[p] : null;
    }

    /**
     * A mark to pass to {@link #changedSince}: taken before a lookup reads, it tells afterwards whether any MAC changed
     * meanwhile. Any thread.
     */
    long mark() {
        return guard.tryOptimisticRead();
    }

    /** Whether a MAC may have changed since {@code mark} was taken. Any thread. */
    boolean changedSince(long mark) {
        return mark == 0 || !guard.validate(mark);
    }

    /** The MAC owning {@code address}, or null. */
    MacAddress owner(InetAddress address) {
        return owners.get(address);
    }

    /** The DHCP proxy of client {@code mac}, or null. */
    MacAddress dhcpProxy(long mac) {
        return dhcp.get(mac);
    }

    /** MACs with a destination. */
    int size() {
        return macCount;
    }

    int hosts() {
        return hostCount;
    }

    /** The etcd revision the copy reflects. */
    long revision() {
        return revision;
    }

    /** Keys skipped because their key or value breaks the schema. */
    int badCount() {
        return badCount;
    }

    /** Up to {@code limit} bad keys with their reasons, in key order (sync thread). */
    List<String> badKeys(int limit) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : bad.entrySet()) {
            if (out.size() == limit) {
                break;
            }
            out.add(e.getKey() + ": " + e.getValue());
        }
        return out;
    }

    /**
     * A lookup answered {@code answered} for {@code mac}: when the copy changed meanwhile, the sync thread's
     * invalidation may have reached the device before that answer, so the lookup removes its own answer again. Any
     * thread.
     */
    void settle(long mac, TargetPoint answered) {
        if (!Objects.equals(target(mac), answered)) {
            inject(MacAddress.of(mac), null);
        }
    }

    /**
     * Starts a full read at one revision (the first fill or a resync): each key read is passed to {@link #fullReadPut},
     * and {@link #endFullRead} deletes what the read did not see. Answers keep coming from the copy as it changes. Sync
     * thread.
     */
    void beginFullRead() {
        MacTable t = macs;
        Arrays.fill(t.seen, false);
        seenOthers = new HashSet<>();
        // An empty copy has answered nothing the device could hold: nothing to tell it.
        quietRead = t.size == 0 && byKey.isEmpty();
    }

    /** A key of the full read in progress. Sync thread. */
    void fullReadPut(String key, byte[] value, long modRevision) {
        put(key, value, modRevision, quietRead, true);
    }

    /** Ends the full read: what it did not see is deleted; the copy is at {@code atRevision}. Sync thread. */
    void endFullRead(long atRevision) {
        MacTable t = macs;
        long[] gone = new long[16];
        int n = 0;
        for (int i = 0; i < t.macs.length; i++) {
            if (t.macs[i] != EMPTY && !t.seen[i]) {
                if (n == gone.length) {
                    gone = Arrays.copyOf(gone, n * 2);
                }
                gone[n++] = t.macs[i];
            }
        }
        for (int i = 0; i < n; i++) {
            deleteMac(gone[i], quietRead);
        }
        for (String key : new ArrayList<>(byKey.keySet())) {
            if (!seenOthers.contains(key)) {
                deleteOther(key, quietRead);
            }
        }
        seenOthers = null;
        revision = atRevision;
        publishCounts();
    }

    /** A put seen by the watch at {@code atRevision}. Sync thread. */
    void put(String key, byte[] value, long modRevision, long atRevision) {
        put(key, value, modRevision, false, false);
        revision = Math.max(revision, atRevision);
        publishCounts();
    }

    /** A delete seen by the watch. Sync thread. */
    void delete(String key, long atRevision) {
        long mac = KeySchema.macKey(key);
        bad.remove(key);
        if (mac >= 0) {
            deleteMac(mac, false);
        } else {
            deleteOther(key, false);
        }
        revision = Math.max(revision, atRevision);
        publishCounts();
    }

    private void put(String key, byte[] value, long modRevision, boolean quiet, boolean reading) {
        long mac = KeySchema.macKey(key);
        if (mac >= 0) {
            putMac(key, mac, value, modRevision, reading, quiet);
        } else {
            if (reading) {
                seenOthers.add(key);
            }
            putOther(key, value, modRevision, quiet);
        }
    }

    private void putMac(String key, long mac, byte[] value, long modRevision, boolean reading, boolean quiet) {
        MacTable t = macs;
        int slot = t.find(mac);
        if (slot >= 0 && t.revisions[slot] == modRevision) {
            t.seen[slot] |= reading;
            return;
        }
        TargetPoint target;
        // Thousands of MACs share each host's value, byte for byte: parse each distinct value once.
        String text = new String(value, StandardCharsets.ISO_8859_1);
        target = parsed.get(text);
        if (target != null) {
            bad.remove(key);
        } else {
            try {
                target = KeySchema.macTarget(value, destination);
                bad.remove(key);
                if (parsed.size() == PARSED_LIMIT) {
                    parsed.clear();
                }
                parsed.put(text, target);
            } catch (BadData e) {
                target = null;
                badValue(key, e);
            }
        }
        int before = slot >= 0 ? t.points[slot] : BAD;
        int after = target == null ? BAD : intern(target);
        boolean fresh = slot < 0;
        if (fresh) {
            if ((t.size + 1) * 4L > t.macs.length * 3L) {
                grow();
                t = macs;
            }
            slot = -t.find(mac) - 1;
        }
        long stamp = guard.writeLock();
        try {
            t.macs[slot] = mac;
            t.revisions[slot] = modRevision;
            t.points[slot] = after;
            if (fresh) {
                t.size++;
            }
            t.seen[slot] |= reading;
        } finally {
            guard.unlockWrite(stamp);
        }
        answering += (after != BAD ? 1 : 0) - (before != BAD ? 1 : 0);
        if (before != BAD) {
            release(before);
        }
        // A destination that changed or went bad: the device forgets it. A new one too, unless the
        // copy was empty: a device may keep a MAC it was just told to DROP quiet for a moment (the
        // Linux device does, for a second), and a guest that just moved here must not wait for that.
        if (before != after && (before != BAD || !quiet)) {
            inject(MacAddress.of(mac), null);
        }
    }

    private void deleteMac(long mac, boolean quiet) {
        MacTable t = macs;
        int slot = t.find(mac);
        if (slot < 0) {
            return;
        }
        int before = t.points[slot];
        long stamp = guard.writeLock();
        try {
            removeSlot(t, slot);
        } finally {
            guard.unlockWrite(stamp);
        }
        if (before != BAD) {
            answering--;
            release(before);
            if (!quiet) {
                inject(MacAddress.of(mac), null);
            }
        }
    }

    /** Empties {@code slot}, shifting back the keys after it that probed past it (write lock held). */
    private static void removeSlot(MacTable t, int slot) {
        int mask = t.macs.length - 1;
        int hole = slot;
        int j = slot;
        while (true) {
            j = (j + 1) & mask;
            long m = t.macs[j];
            if (m == EMPTY) {
                break;
            }
            int home = t.home(m);
            // The key at j may fill the hole unless its home lies cyclically in (hole, j].
            boolean stays = hole < j ? home > hole && home <= j : home > hole || home <= j;
            if (!stays) {
                t.macs[hole] = m;
                t.revisions[hole] = t.revisions[j];
                t.points[hole] = t.points[j];
                t.seen[hole] = t.seen[j];
                hole = j;
            }
        }
        t.macs[hole] = EMPTY;
        t.revisions[hole] = 0;
        t.points[hole] = BAD;
        t.seen[hole] = false;
        t.size--;
    }

    /** Doubles the MAC table (sync thread; lookups switch to the new one at the write lock's release). */
    private void grow() {
        MacTable old = macs;
        MacTable t = new MacTable(old.macs.length * 2);
        for (int i = 0; i < old.macs.length; i++) {
            long m = old.macs[i];
            if (m != EMPTY) {
                int slot = -t.find(m) - 1;
                t.macs[slot] = m;
                t.revisions[slot] = old.revisions[i];
                t.points[slot] = old.points[i];
                t.seen[slot] = old.seen[i];
            }
        }
        t.size = old.size;
        long stamp = guard.writeLock();
        try {
            macs = t;
        } finally {
            guard.unlockWrite(stamp);
        }
    }

    /** The index of {@code target} in the destinations, one more user of it. */
    private int intern(TargetPoint target) {
        Integer known = pointIndex.get(target);
        int i;
        if (known != null) {
            i = known;
        } else {
            if (freeCount > 0) {
                i = freePoints[--freeCount];
            } else {
                i = pointsUsed++;
                if (i == points.length) {
                    TargetPoint[] more = Arrays.copyOf(points, i * 2);
                    long stamp = guard.writeLock();
                    try {
                        points = more;
                    } finally {
                        guard.unlockWrite(stamp);
                    }
                    pointUses = Arrays.copyOf(pointUses, i * 2);
                }
            }
            long stamp = guard.writeLock();
            try {
                points[i] = target;
            } finally {
                guard.unlockWrite(stamp);
            }
            pointIndex.put(target, i);
        }
        pointUses[i]++;
        return i;
    }

    /** One user less of destination {@code i}; the last frees it for another destination. */
    private void release(int i) {
        if (--pointUses[i] > 0) {
            return;
        }
        TargetPoint gone;
        long stamp = guard.writeLock();
        try {
            gone = points[i];
            points[i] = null;
        } finally {
            guard.unlockWrite(stamp);
        }
        pointIndex.remove(gone);
        if (freeCount == freePoints.length) {
            freePoints = Arrays.copyOf(freePoints, freeCount * 2);
        }
        freePoints[freeCount++] = i;
    }

    private void badValue(String key, BadData e) {
        String was = bad.put(key, e.getMessage());
        if (!e.getMessage().equals(was)) {
            LOG.warn("etcd: {} skipped key {}: {}", provider.linkName(), key, e.getMessage());
        }
    }

    private void putOther(String key, byte[] value, long modRevision, boolean quiet) {
        Held before = byKey.get(key);
        if (before != null && before.modRevision() == modRevision) {
            return;
        }
        Entry entry;
        try {
            entry = KeySchema.parse(key, value, destination);
            bad.remove(key);
        } catch (BadData e) {
            entry = null;
            badValue(key, e);
        }
        byKey.put(key, new Held(modRevision, entry));
        if (before != null && before.entry() != null && entry == null) {
            // A key whose value went bad holds nothing: what a fresh read would also conclude.
            remove(before.entry(), quiet);
        } else if (entry != null) {
            add(entry, quiet);
        }
    }

    private void deleteOther(String key, boolean quiet) {
        Held before = byKey.remove(key);
        bad.remove(key);
        if (before != null && before.entry() != null) {
            remove(before.entry(), quiet);
        }
    }

    private void add(Entry entry, boolean quiet) {
        if (entry instanceof MacEntry) {
            // Only a MAC key in a spelling macKey refuses gets here, and parse refuses it too.
            throw new IllegalStateException("a mac/ key outside the MAC table");
        } else if (entry instanceof AddressEntry a) {
            MacAddress old = owners.put(a.address(), a.mac());
            if (!a.mac().equals(old) && !quiet) {
                if (old != null) {
                    inject(old, null);
                }
                announce(a.address(), a.mac());
            }
        } else if (entry instanceof DhcpEntry d) {
            dhcp.put(d.client().toLong(), d.proxy());
        } else if (entry instanceof HostEntry h) {
            // Hosts are listed, not answered from (docs/etcd.md).
            hostNames.add(h.name());
        }
    }

    private void remove(Entry entry, boolean quiet) {
        if (entry instanceof AddressEntry a) {
            if (owners.remove(a.address(), a.mac()) && !quiet) {
                inject(a.mac(), null);
            }
        } else if (entry instanceof DhcpEntry d) {
            dhcp.remove(d.client().toLong(), d.proxy());
        } else if (entry instanceof HostEntry h) {
            hostNames.remove(h.name());
        }
    }

    private void publishCounts() {
        badCount = bad.size();
        hostCount = hostNames.size();
        macCount = answering;
    }

    /** Empties the copy without telling the device (the instance stopped). Sync thread. */
    void clear() {
        long stamp = guard.writeLock();
        try {
            macs = new MacTable(1024);
            points = new TargetPoint[64];
        } finally {
            guard.unlockWrite(stamp);
        }
        pointUses = new int[64];
        pointIndex.clear();
        parsed.clear();
        freeCount = 0;
        pointsUsed = 0;
        answering = 0;
        owners.clear();
        dhcp.clear();
        byKey.clear();
        bad.clear();
        hostNames.clear();
        seenOthers = null;
        badCount = 0;
        hostCount = 0;
        macCount = 0;
        revision = 0;
    }

    private void announce(InetAddress address, MacAddress owner) {
        try {
            if (address instanceof Inet4Address v4) {
                provider.injectGratuitousArp(0, owner, v4, MacAddress.BROADCAST);
            } else {
                provider.injectUnsolicitedAdvertisement(0, owner, (Inet6Address) address);
            }
        } catch (RuntimeException e) {
            LOG.warn("etcd: {} announcing {} at {} failed", provider.linkName(), IpAddresses.format(address), owner, e);
        }
    }

    private void inject(MacAddress mac, TargetPoint target) {
        try {
            provider.injectTarget(mac, target);
        } catch (RuntimeException e) {
            // The contract says injectTarget does not throw; if it does, the other changes still matter.
            LOG.warn("etcd: {} injecting {} -> {} failed", provider.linkName(), mac, target, e);
        }
    }
}
