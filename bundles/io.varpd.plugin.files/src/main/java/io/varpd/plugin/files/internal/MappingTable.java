// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.files.internal;

import io.varpd.api.DestinationType;
import io.varpd.api.Errno;
import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One loaded mapping file, immutable: what each overlay MAC maps to, and which MAC owns each overlay IP. Every question
 * is one hash probe: {@link #target}, {@link #dhcpProxy}, {@link #macOf(InetAddress)}.
 *
 * <p>Storage, chosen so a million entries stay small (see the package theory): entry {@code i} lives in slot {@code i}
 * of parallel primitive arrays ({@code macs}, {@code targetOf}, {@code dhcpProxy}); {@link LongKeyIndex}es map a MAC,
 * an IPv4 address or an IPv6 address to {@code i}; and the underlay destinations are interned, so the thousands of MACs
 * behind one underlay host share one {@link TargetPoint}. A MAC or an absent value is a {@code long}, with {@code -1}
 * meaning "none" (a MAC has only 48 bits, so -1 is never a MAC).
 *
 * <p>Safe to read from any number of threads once published (all fields are final).
 */
final class MappingTable {
    /** What {@link #dhcpProxy} returns when there is none. */
    static final long NONE = -1L;

    private final int size;
    private final LongKeyIndex byMac;
    private final long[] macs;
    private final int[] targetOf;
    private final TargetPoint[] targets;
    /** Null when no entry has a dhcp-proxy. */
    private final long[] dhcpProxy;

    private final LongKeyIndex byIpv4;
    private final LongKeyIndex byIpv6;

    private MappingTable(Builder b, LongKeyIndex byIpv4, LongKeyIndex byIpv6) {
        this.size = b.size;
        this.byMac = b.byMac;
        this.macs = Arrays.copyOf(b.macs, b.size);
        this.targetOf = Arrays.copyOf(b.targetOf, b.size);
        this.targets = b.targets.toArray(new TargetPoint[0]);
        this.dhcpProxy = b.anyDhcpProxy ? Arrays.copyOf(b.dhcpProxy, b.size) : null;
        this.byIpv4 = byIpv4;
        this.byIpv6 = byIpv6;
        // The destination index (+1, so 0 means none) beside each MAC's slot: target() is then
        // one probe and one read of the interned targets, not a second miss into targetOf.
        for (int i = 0; i < size; i++) {
            byMac.tag(macs[i], targetOf[i] + 1);
        }
    }

    /** Starts a table for a device needing {@code destination}, sized for {@code expected} entries. */
    static Builder builder(Set<DestinationType> destination, int expected) {
        return new Builder(destination, expected);
    }

    /** The number of entries (distinct MACs). */
    int size() {
        return size;
    }

    /** The number of distinct underlay destinations. */
    int distinctTargets() {
        return targets.length;
    }

    /** The destination of a MAC, or null when the MAC has no entry or no complete destination. */
    TargetPoint target(long mac) {
        return targetOfTagged(byMac.taggedValue(mac));
    }

    /**
     * {@link #target} of each of the first {@code n} {@code macs}, into {@code targets}, with the index probes of all
     * of them overlapped ({@link LongKeyIndex#taggedValues}). {@code tagged} is scratch space of at least {@code n}
     * longs.
     */
    void targets(long[] macs, int n, long[] tagged, TargetPoint[] targets) {
        byMac.taggedValues(macs, n, tagged);
        for (int k = 0; k < n; k++) {
            targets[k] = targetOfTagged(tagged[k]);
        }
    }

    /** The destination named by a MAC's tagged index value. */
    private TargetPoint targetOfTagged(long tagged) {
        // An absent MAC (-1: its upper half reads -1) and an entry without destination (tag 0)
        // both give a negative index.
        int t = (int) (tagged >>> 32) - 1;
        return t < 0 ? null : targets[t];
    }

    /** Whether the MAC has an entry at all. */
    boolean contains(long mac) {
        return byMac.get(mac) >= 0;
    }

    /** The dhcp-proxy MAC of a MAC's entry, or {@link #NONE}. */
    long dhcpProxy(long mac) {
        if (dhcpProxy == null) {
            return NONE;
        }
        int i = byMac.get(mac);
        return i < 0 ? NONE : dhcpProxy[i];
    }

    /**
     * The MAC whose {@code arp} (for an IPv4 address) or {@code ndp} (for an IPv6 address) is {@code ip}, or
     * {@link #NONE}.
     */
    long macOf(InetAddress ip) {
        int i;
        if (ip instanceof Inet4Address) {
            i = byIpv4.get(ipv4Key(ip.getAddress()));
        } else if (ip instanceof Inet6Address) {
            byte[] b = ip.getAddress();
            i = byIpv6.get(high(b), low(b));
        } else {
            return NONE;
        }
        return i < 0 ? NONE : macs[i];
    }

    /**
     * The changes a device's target cache needs when this table replaces {@code previous}: every MAC that had a
     * destination in {@code previous} and now has another one or none (null). MACs that had none need nothing: the
     * device never caches a DROP, so their next miss asks.
     */
    List<Map.Entry<MacAddress, TargetPoint>> changesSince(MappingTable previous) {
        List<Map.Entry<MacAddress, TargetPoint>> changes = new ArrayList<>();
        for (int i = 0; i < previous.size; i++) {
            int t = previous.targetOf[i];
            if (t < 0) {
                continue;
            }
            TargetPoint before = previous.targets[t];
            TargetPoint now = target(previous.macs[i]);
            if (!before.equals(now)) {
                changes.add(new AbstractMap.SimpleImmutableEntry<>(MacAddress.of(previous.macs[i]), now));
            }
        }
        return changes;
    }

    /**
     * An overlay address ({@code arp} or {@code ndp}) whose owner changed between two tables.
     *
     * @param owner the MAC owning it now, null when no entry claims it any more
     */
    record AddressChange(InetAddress address, MacAddress previousOwner, MacAddress owner) {}

    /**
     * Every {@code arp} and {@code ndp} address of {@code previous} that another MAC, or no MAC, owns in this table.
     * {@link #changesSince} cannot see these when the old owner keeps its destination, yet a device that learnt
     * "address at old MAC" must forget it.
     */
    List<AddressChange> addressChangesSince(MappingTable previous) {
        List<AddressChange> changes = new ArrayList<>();
        previous.byIpv4.forEach(
                (key, unused, i) -> ownerChange(changes, byIpv4.get(key), previous.macs[i], () -> ipv4Address(key)));
        previous.byIpv6.forEach((high, low, i) ->
                ownerChange(changes, byIpv6.get(high, low), previous.macs[i], () -> ipv6Address(high, low)));
        return changes;
    }

    /**
     * Adds the change of an address whose entry is {@code now} here (negative: none) and was {@code previousOwner}'s.
     */
    private void ownerChange(
            List<AddressChange> changes,
            int now,
            long previousOwner,
            java.util.function.Supplier<InetAddress> address) {
        long owner = now < 0 ? NONE : macs[now];
        if (owner != previousOwner) {
            changes.add(new AddressChange(
                    address.get(), MacAddress.of(previousOwner), owner == NONE ? null : MacAddress.of(owner)));
        }
    }

    /**
     * What a reload changed, for its log line.
     *
     * @param added MACs with an entry now and none before
     * @param removed MACs with an entry before and none now
     * @param changed MACs in both whose destination, dhcp-proxy, {@code arp} or {@code ndp} differ
     * @param moved overlay addresses owned by one MAC before and by another now
     * @param released overlay addresses owned before and by no MAC now
     * @param claimed overlay addresses owned now and by no MAC before
     */
    record Diff(int added, int removed, int changed, int moved, int released, int claimed) {
        /** "entries: 1 added, 1 removed, 2 changed; overlay addresses: 1 moved to another MAC, 0 released, 0 new". */
        @Override
        public String toString() {
            return "entries: " + added + " added, " + removed + " removed, " + changed + " changed; overlay addresses: "
                    + moved + " moved to another MAC, " + released + " released, " + claimed + " new";
        }
    }

    /** How this table differs from {@code previous}, entry by entry and address by address. */
    Diff diffSince(MappingTable previous) {
        int added = 0;
        boolean[] changed = new boolean[size];
        for (int i = 0; i < size; i++) {
            int before = previous.byMac.get(macs[i]);
            if (before < 0) {
                added++;
            } else if (!Objects.equals(targetAt(i), previous.targetAt(before))
                    || dhcpProxyAt(i) != previous.dhcpProxyAt(before)) {
                changed[i] = true;
            }
        }
        int removed = 0;
        for (int i = 0; i < previous.size; i++) {
            removed += byMac.get(previous.macs[i]) < 0 ? 1 : 0;
        }
        int[] counts = new int[3]; // moved, released, claimed
        previous.byIpv4.forEach(
                (key, unused, was) -> counts(counts, changed, previous, previous.macs[was], byIpv4.get(key)));
        previous.byIpv6.forEach(
                (high, low, was) -> counts(counts, changed, previous, previous.macs[was], byIpv6.get(high, low)));
        byIpv4.forEach((key, unused, now) -> {
            if (previous.byIpv4.get(key) < 0) {
                claimedBy(counts, changed, now, previous);
            }
        });
        byIpv6.forEach((high, low, now) -> {
            if (previous.byIpv6.get(high, low) < 0) {
                claimedBy(counts, changed, now, previous);
            }
        });
        int changedCount = 0;
        for (boolean c : changed) {
            changedCount += c ? 1 : 0;
        }
        return new Diff(added, removed, changedCount, counts[0], counts[1], counts[2]);
    }

    /** Counts an address of {@code previous}, owned by {@code previousOwner} there and by entry {@code now} here. */
    private void counts(int[] counts, boolean[] changed, MappingTable previous, long previousOwner, int now) {
        if (now >= 0 && macs[now] == previousOwner) {
            return;
        }
        if (now < 0) {
            counts[1]++;
        } else {
            counts[0]++;
            // The new owner gained it: a change if it had an entry before (else it was added).
            if (previous.byMac.get(macs[now]) >= 0) {
                changed[now] = true;
            }
        }
        // The old owner lost it: a change if it still has an entry (else it was removed).
        int stillHere = byMac.get(previousOwner);
        if (stillHere >= 0) {
            changed[stillHere] = true;
        }
    }

    /** Counts an address no MAC owned before, now owned by entry {@code now}. */
    private void claimedBy(int[] counts, boolean[] changed, int now, MappingTable previous) {
        counts[2]++;
        if (previous.byMac.get(macs[now]) >= 0) {
            changed[now] = true;
        }
    }

    private TargetPoint targetAt(int i) {
        int t = targetOf[i];
        return t < 0 ? null : targets[t];
    }

    private long dhcpProxyAt(int i) {
        return dhcpProxy == null ? NONE : dhcpProxy[i];
    }

    /** The address of an {@code arp} key ({@link #ipv4Key}). */
    static InetAddress ipv4Address(long key) {
        byte[] b = {(byte) (key >>> 24), (byte) (key >>> 16), (byte) (key >>> 8), (byte) key};
        return address(b);
    }

    /** The address of an {@code ndp} key ({@link #high}, {@link #low}). */
    static InetAddress ipv6Address(long high, long low) {
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (high >>> (56 - 8 * i));
            b[8 + i] = (byte) (low >>> (56 - 8 * i));
        }
        return address(b);
    }

    private static InetAddress address(byte[] b) {
        try {
            return InetAddress.getByAddress(b);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError("4 or 16 bytes are always an address", e);
        }
    }

    /** The key of an interned destination; the IP is null for a device that needs none. */
    private record TargetKey(InetAddress ip, int port) {}

    static long ipv4Key(byte[] b) {
        return ((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL);
    }

    static long high(byte[] b) {
        return longAt(b, 0);
    }

    static long low(byte[] b) {
        return longAt(b, 8);
    }

    private static long longAt(byte[] b, int offset) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[offset + i] & 0xffL);
        }
        return v;
    }

    /**
     * Collects entries; a later entry for the same MAC replaces the earlier one completely (last wins, as in the
     * original). {@link #build} then indexes the overlay IPs and refuses a file where two MACs claim the same one.
     */
    static final class Builder {
        private final boolean needsIp;
        private final boolean needsPort;
        private final LongKeyIndex byMac;
        /** Interns destinations; a record key hashes faster than a TargetPoint. */
        private final Map<TargetKey, Integer> targetIds = new HashMap<>();

        private final List<TargetPoint> targets = new ArrayList<>();
        private int size;
        private long[] macs;
        private int[] targetOf;
        private long[] dhcpProxy;
        private boolean anyDhcpProxy;
        // Only needed until build(): the overlay IPs of each entry.
        private long[] arp;
        private long[] ndpHigh;
        private long[] ndpLow;
        private boolean[] hasNdp;

        private Builder(Set<DestinationType> destination, int expected) {
            this.needsIp = destination.contains(DestinationType.IP);
            this.needsPort = destination.contains(DestinationType.PORT);
            int capacity = Math.max(expected, 16);
            this.byMac = new LongKeyIndex(1, expected);
            this.macs = new long[capacity];
            this.targetOf = new int[capacity];
            this.dhcpProxy = new long[capacity];
            this.arp = new long[capacity];
            this.ndpHigh = new long[capacity];
            this.ndpLow = new long[capacity];
            this.hasNdp = new boolean[capacity];
        }

        /** The number of distinct MACs so far. */
        int size() {
            return size;
        }

        /** Adds or replaces the entry of {@code entry.mac()}. */
        void put(MappingEntry entry) {
            if (arp == null) {
                // The MAC index now belongs to the built table, which must never change.
                throw new IllegalStateException("this builder has already built its table");
            }
            long mac = entry.mac().toLong();
            int i = byMac.putIfAbsent(mac, size);
            if (i == LongKeyIndex.ABSENT) {
                i = size++;
                ensureCapacity(size);
            }
            macs[i] = mac;
            targetOf[i] = internTarget(entry);
            long proxy = entry.dhcpProxy() == null ? NONE : entry.dhcpProxy().toLong();
            dhcpProxy[i] = proxy;
            anyDhcpProxy |= proxy != NONE;
            arp[i] = entry.arp() == null ? NONE : ipv4Key(entry.arp());
            hasNdp[i] = entry.ndp() != null;
            if (entry.ndp() != null) {
                ndpHigh[i] = high(entry.ndp());
                ndpLow[i] = low(entry.ndp());
            }
        }

        /**
         * The finished table. The builder must not be used afterwards.
         *
         * @throws VarpdException EINVAL when two MACs claim the same {@code arp} or {@code ndp} address, naming both
         *     and the address
         */
        MappingTable build() throws VarpdException {
            int arps = 0;
            int ndps = 0;
            for (int i = 0; i < size; i++) {
                arps += arp[i] != NONE ? 1 : 0;
                ndps += hasNdp[i] ? 1 : 0;
            }
            // Built here rather than while reading, so that a MAC redefined later in the file
            // (last wins) gives up the addresses of its earlier definition.
            LongKeyIndex byIpv4 = new LongKeyIndex(1, arps);
            LongKeyIndex byIpv6 = new LongKeyIndex(2, ndps);
            for (int i = 0; i < size; i++) {
                if (arp[i] != NONE) {
                    int other = byIpv4.put(arp[i], i);
                    if (other >= 0) {
                        throw claimedTwice(MappingFileReader.FIELD_ARP, ipText(arp[i]), other, i);
                    }
                }
                if (hasNdp[i]) {
                    int other = byIpv6.put(ndpHigh[i], ndpLow[i], i);
                    if (other >= 0) {
                        throw claimedTwice(MappingFileReader.FIELD_NDP, ipText(ndpHigh[i], ndpLow[i]), other, i);
                    }
                }
            }
            MappingTable table = new MappingTable(this, byIpv4, byIpv6);
            // Let the scratch arrays go even if someone still holds the builder.
            arp = ndpHigh = ndpLow = null;
            hasNdp = null;
            return table;
        }

        private int internTarget(MappingEntry entry) {
            boolean complete = (!needsIp || entry.ip() != null) && (!needsPort || entry.port() != 0);
            if (!complete) {
                return -1;
            }
            // Only what the device needs: an IP-only device gets no port, whatever the file says.
            InetAddress ip = needsIp ? entry.ip() : null;
            int port = needsPort ? entry.port() : 0;
            TargetKey key = new TargetKey(ip, port);
            Integer known = targetIds.get(key);
            if (known != null) {
                return known;
            }
            int id = targets.size();
            targets.add(TargetPoint.of(ip, port));
            targetIds.put(key, id);
            return id;
        }

        private void ensureCapacity(int needed) {
            if (needed <= macs.length) {
                return;
            }
            int capacity = Math.max(needed, macs.length + (macs.length >> 1));
            macs = Arrays.copyOf(macs, capacity);
            targetOf = Arrays.copyOf(targetOf, capacity);
            dhcpProxy = Arrays.copyOf(dhcpProxy, capacity);
            arp = Arrays.copyOf(arp, capacity);
            ndpHigh = Arrays.copyOf(ndpHigh, capacity);
            ndpLow = Arrays.copyOf(ndpLow, capacity);
            hasNdp = Arrays.copyOf(hasNdp, capacity);
        }

        private VarpdException claimedTwice(String field, String address, int first, int second) {
            return new VarpdException(
                    Errno.EINVAL,
                    "entry " + MacAddress.of(macs[second]) + ": field \"" + field
                            + "\": " + address + " is already the " + field + " address of "
                            + MacAddress.of(macs[first])
                            + "; allowed: each overlay address belongs to one MAC only");
        }

        private static String ipText(long ipv4) {
            return io.varpd.api.IpAddresses.format(ipv4Address(ipv4));
        }

        private static String ipText(long high, long low) {
            return io.varpd.api.IpAddresses.format(ipv6Address(high, low));
        }
    }
}
