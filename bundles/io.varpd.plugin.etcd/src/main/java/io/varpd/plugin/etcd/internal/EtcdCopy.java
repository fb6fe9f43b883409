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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One network's copy of etcd: what lookups answer from, and how a change reaches the device.
 *
 * <p>Threading: the three answer maps are concurrent and read by lookups from any thread without
 * locking. Everything else, and every change, belongs to the instance's one sync thread, which
 * applies each put or delete as it arrives (from the watch or a resync): it updates the answer map
 * first and then tells the device, so a lookup that answered from the old value just before can
 * notice the change and invalidate its own answer ({@link #settle}).
 *
 * <p>What a change tells the device, as a files-plugin reload does: a MAC whose destination changed
 * or went away is removed from the device's cache ({@code injectTarget(mac, null)}; the next frame
 * asks again); an address that moved to another MAC is announced (gratuitous ARP, unsolicited
 * neighbour advertisement), and its previous owner is removed from the cache too, which makes a
 * device drop what it derived from it ("address at old MAC"). The very first fill announces
 * nothing: the device has nothing to forget.
 */
final class EtcdCopy {
    private static final Logger LOG = LoggerFactory.getLogger(EtcdCopy.class);

    /** What one key holds now: its entry, or null when its value is bad. */
    private record Held(long modRevision, Entry entry) {
    }

    private final ProviderHandle provider;
    private final Set<DestinationType> destination;

    // Read by lookups from any thread.
    private final ConcurrentHashMap<Long, TargetPoint> targets = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<InetAddress, MacAddress> owners = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, MacAddress> dhcp = new ConcurrentHashMap<>();
    private volatile int hostCount;
    private volatile long revision;
    private volatile int badCount;

    // The sync thread's.
    private final Map<String, Held> byKey = new HashMap<>();
    private final SortedMap<String, String> bad = new TreeMap<>();
    /** Many MACs share an underlay host: one TargetPoint each. */
    private final Map<TargetPoint, TargetPoint> interned = new HashMap<>();
    private final Set<String> hostNames = new HashSet<>();
    private boolean filled;

    EtcdCopy(ProviderHandle provider, Set<DestinationType> destination) {
        this.provider = provider;
        this.destination = Set.copyOf(destination);
    }

    /** Where frames for {@code mac} go, or null when the copy has no (valid) entry for it. */
    TargetPoint target(long mac) {
        return targets.get(mac);
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
        return targets.size();
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
     * A lookup answered {@code answered} for {@code mac}: when the copy changed meanwhile, the
     * sync thread's invalidation may have reached the device before that answer, so the lookup
     * removes its own answer again. Any thread.
     */
    void settle(long mac, TargetPoint answered) {
        if (!Objects.equals(targets.get(mac), answered)) {
            inject(MacAddress.of(mac), null);
        }
    }

    /**
     * Replaces the whole copy by a consistent read at {@code atRevision} (the first fill or a
     * resync): keys put or changed since are applied, keys gone are deleted, each with what it tells
     * the device. Sync thread.
     *
     * @param keys relative key to value and mod revision
     */
    void replaceAll(Map<String, Value> keys, long atRevision) {
        boolean quiet = !filled;
        for (Map.Entry<String, Value> e : keys.entrySet()) {
            put(e.getKey(), e.getValue().bytes(), e.getValue().modRevision(), quiet);
        }
        for (String key : new ArrayList<>(byKey.keySet())) {
            if (!keys.containsKey(key)) {
                delete(key, quiet);
            }
        }
        filled = true;
        revision = atRevision;
        publishCounts();
    }

    /** A value read from etcd. */
    record Value(byte[] bytes, long modRevision) {
    }

    /** A put seen by the watch at {@code atRevision}. Sync thread. */
    void put(String key, byte[] value, long modRevision, long atRevision) {
        put(key, value, modRevision, false);
        revision = Math.max(revision, atRevision);
        publishCounts();
    }

    /** A delete seen by the watch. Sync thread. */
    void delete(String key, long atRevision) {
        delete(key, false);
        revision = Math.max(revision, atRevision);
        publishCounts();
    }

    private void put(String key, byte[] value, long modRevision, boolean quiet) {
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
            String was = bad.put(key, e.getMessage());
            if (!e.getMessage().equals(was)) {
                LOG.warn("etcd: {} skipped key {}: {}", provider.linkName(), key, e.getMessage());
            }
        }
        byKey.put(key, new Held(modRevision, entry));
        if (before != null && before.entry() != null && entry == null) {
            // A key whose value went bad holds nothing: what a fresh read would also conclude.
            remove(before.entry(), quiet);
        } else if (entry != null) {
            add(entry, quiet);
        }
    }

    private void delete(String key, boolean quiet) {
        Held before = byKey.remove(key);
        bad.remove(key);
        if (before != null && before.entry() != null) {
            remove(before.entry(), quiet);
        }
    }

    private void add(Entry entry, boolean quiet) {
        if (entry instanceof MacEntry m) {
            TargetPoint target = interned.computeIfAbsent(m.target(), t -> t);
            TargetPoint old = targets.put(m.mac().toLong(), target);
            if (old != null && !old.equals(target) && !quiet) {
                inject(m.mac(), null);
            }
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
        if (entry instanceof MacEntry m) {
            if (targets.remove(m.mac().toLong()) != null && !quiet) {
                inject(m.mac(), null);
            }
        } else if (entry instanceof AddressEntry a) {
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
        if (interned.size() > 4 * targets.size() + 1024) {
            // Destinations nobody uses any more: keep only the ones in use.
            Set<TargetPoint> used = new HashSet<>(targets.values());
            interned.keySet().retainAll(used);
        }
    }

    /** Empties the copy without telling the device (the instance stopped). Sync thread. */
    void clear() {
        targets.clear();
        owners.clear();
        dhcp.clear();
        byKey.clear();
        bad.clear();
        interned.clear();
        hostNames.clear();
        filled = false;
        badCount = 0;
        hostCount = 0;
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
