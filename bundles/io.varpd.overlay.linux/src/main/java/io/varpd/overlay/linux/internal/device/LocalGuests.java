// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.device;

import io.varpd.api.MacAddress;
import io.varpd.overlay.linux.internal.netlink.BridgePortEntry;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The guests behind one bridge, decided from its forwarding table and from the guests' own address resolution; the
 * state {@link GuestWatch} feeds and the decisions it reports.
 *
 * <p>A guest is a MAC the bridge learned on a port other than the vxlan: the bridge keeps one port per MAC and VLAN, so
 * an entry that moves to the vxlan (the guest now answers from another host) takes that VLAN's port away, exactly as
 * its removal does. A MAC is present while it has a local port in some VLAN: it arrives with its first and leaves with
 * its last. Its addresses are those its own port carried in ARP and NDP (a frame from another port with its MAC says
 * nothing about it), the most recent {@link #MAX_ADDRESSES} of them; an address that another local guest then claims
 * moves to that guest. Each change of a present guest is reported at once, unless reporting is off (no instance
 * associated yet): then only the state follows, and turning it on reports every guest present.
 *
 * <p>The frame that makes the bridge learn a guest is often the guest's first ARP, and the packet socket sees it before
 * the bridge's notification arrives on the other socket. So a sighting for a MAC that is not a guest yet is kept for
 * {@link #PENDING_NANOS} (for at most {@link #MAX_PENDING} MACs) and counts when the bridge learns that MAC on the same
 * port.
 */
final class LocalGuests {
    /** Addresses kept per guest: the newest ones; an older one claimed again becomes the newest. */
    static final int MAX_ADDRESSES = 16;
    /** How long a sighting waits for the bridge to learn its MAC. */
    static final long PENDING_NANOS = 2_000_000_000L;
    /** MACs whose sightings wait at once; the oldest is forgotten first. */
    static final int MAX_PENDING = 256;

    /** Where decisions go; called under this object's lock, so it must not block. */
    interface Reports {
        void arrived(MacAddress mac, Set<InetAddress> addresses);

        void left(MacAddress mac);
    }

    private static final class Guest {
        /** VLAN (0: none) to the local port the bridge learned it on. */
        final Map<Integer, Integer> ports = new HashMap<>();

        final LinkedHashSet<InetAddress> addresses = new LinkedHashSet<>();
    }

    /** A sighting of a MAC that was not a guest yet: its port, the address, when. */
    private record Early(int port, InetAddress address, long at) {}

    private final IntSupplier vxlan;
    private final Reports reports;
    private final LongSupplier clock;
    private final Map<MacAddress, List<Early>> pending = new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<MacAddress, List<Early>> eldest) {
            return size() > MAX_PENDING;
        }
    };
    /** In MAC order, so that turning reporting on reports in a stable order. */
    private final Map<MacAddress, Guest> guests = new TreeMap<>();

    private final Map<InetAddress, MacAddress> owners = new HashMap<>();
    private boolean reporting;

    /** {@code vxlan} gives the vxlan's current ifindex: entries on it are other hosts' guests. */
    LocalGuests(IntSupplier vxlan, Reports reports) {
        this(vxlan, reports, System::nanoTime);
    }

    /** As above, with the clock that dates early sightings (tests). */
    LocalGuests(IntSupplier vxlan, Reports reports, LongSupplier clock) {
        this.vxlan = vxlan;
        this.reports = reports;
        this.clock = clock;
    }

    /** One change of the bridge's table (a notification). */
    synchronized void apply(BridgePortEntry e) {
        Guest g = guests.get(e.mac());
        boolean was = g != null;
        if (e.removed() || e.port() == vxlan.getAsInt()) {
            if (g == null) {
                return;
            }
            // A removal names the port the entry had; a late one for a port it has left changes nothing.
            if (!e.removed() || g.ports.getOrDefault(e.vlan(), -1) == e.port()) {
                g.ports.remove(e.vlan());
            }
            if (g.ports.isEmpty()) {
                gone(e.mac(), g);
            }
            return;
        }
        if (g == null) {
            g = new Guest();
            guests.put(e.mac(), g);
        }
        boolean newPort = !Integer.valueOf(e.port()).equals(g.ports.put(e.vlan(), e.port()));
        boolean claimed = newPort && claimEarly(e.mac(), g);
        if (!was || claimed) {
            arrived(e.mac(), g);
        }
    }

    /** Gives {@code g} what was seen from its MAC on its ports shortly before; whether that changed it. */
    private boolean claimEarly(MacAddress mac, Guest g) {
        List<Early> early = pending.get(mac);
        if (early == null) {
            return false;
        }
        long now = clock.getAsLong();
        boolean changed = false;
        for (Iterator<Early> i = early.iterator(); i.hasNext(); ) {
            Early seen = i.next();
            if (now - seen.at() > PENDING_NANOS) {
                i.remove();
            } else if (g.ports.containsValue(seen.port())) {
                i.remove();
                changed |= claim(mac, g, seen.address());
            }
        }
        if (early.isEmpty()) {
            pending.remove(mac);
        }
        return changed;
    }

    /**
     * The whole table, read again (at the start, and after lost notifications): guests missing from it leave, new ones
     * arrive, the others keep their addresses.
     */
    synchronized void replace(Collection<BridgePortEntry> table) {
        Map<MacAddress, Map<Integer, Integer>> now = new HashMap<>();
        int v = vxlan.getAsInt();
        for (BridgePortEntry e : table) {
            if (!e.removed() && e.port() != v) {
                now.computeIfAbsent(e.mac(), m -> new HashMap<>()).put(e.vlan(), e.port());
            }
        }
        for (Iterator<Map.Entry<MacAddress, Guest>> i = guests.entrySet().iterator(); i.hasNext(); ) {
            Map.Entry<MacAddress, Guest> g = i.next();
            if (!now.containsKey(g.getKey())) {
                i.remove();
                g.getValue().addresses.forEach(owners::remove);
                if (reporting) {
                    reports.left(g.getKey());
                }
            }
        }
        for (Map.Entry<MacAddress, Map<Integer, Integer>> e : now.entrySet()) {
            Guest g = guests.get(e.getKey());
            if (g == null) {
                g = new Guest();
                g.ports.putAll(e.getValue());
                guests.put(e.getKey(), g);
                claimEarly(e.getKey(), g);
                arrived(e.getKey(), g);
            } else {
                g.ports.clear();
                g.ports.putAll(e.getValue());
            }
        }
    }

    /**
     * A guest's frame, received on port {@code ifindex}, says it uses {@code s.address()}: kept when the MAC is a guest
     * on that port; reported when that changes its addresses.
     */
    synchronized void seen(int ifindex, GuestFrame.Sighting s) {
        Guest g = guests.get(s.mac());
        if (g == null) {
            // Perhaps the frame the bridge is learning the guest from: kept a moment.
            List<Early> early = pending.computeIfAbsent(s.mac(), m -> new ArrayList<>());
            early.add(new Early(ifindex, s.address(), clock.getAsLong()));
            if (early.size() > MAX_ADDRESSES) {
                early.remove(0);
            }
            return;
        }
        if (g.ports.containsValue(ifindex) && claim(s.mac(), g, s.address())) {
            arrived(s.mac(), g);
        }
    }

    /**
     * Gives address {@code a} to guest {@code g} (taking it from another local guest, which is reported); whether
     * {@code g}'s addresses changed.
     */
    private boolean claim(MacAddress mac, Guest g, InetAddress a) {
        MacAddress before = owners.get(a);
        if (mac.equals(before)) {
            g.addresses.remove(a); // seen again: the newest, last to be dropped; nothing to report
            g.addresses.add(a);
            return false;
        }
        if (before != null) {
            Guest other = guests.get(before);
            if (other != null && other.addresses.remove(a)) {
                arrived(before, other);
            }
        }
        g.addresses.add(a);
        owners.put(a, mac);
        if (g.addresses.size() > MAX_ADDRESSES) {
            InetAddress oldest = g.addresses.iterator().next();
            g.addresses.remove(oldest);
            owners.remove(oldest);
        }
        return true;
    }

    /** Turns reporting on (reporting every guest present now) or off. */
    synchronized void reporting(boolean on) {
        boolean was = reporting;
        reporting = on;
        if (on && !was) {
            guests.forEach(this::arrived);
        }
    }

    /** The guests present and their addresses, in MAC order (tests, and the device's description). */
    synchronized Map<MacAddress, Set<InetAddress>> present() {
        Map<MacAddress, Set<InetAddress>> out = new TreeMap<>();
        guests.forEach((mac, g) -> out.put(mac, Set.copyOf(g.addresses)));
        return out;
    }

    private void gone(MacAddress mac, Guest g) {
        guests.remove(mac);
        g.addresses.forEach(owners::remove);
        if (reporting) {
            reports.left(mac);
        }
    }

    private void arrived(MacAddress mac, Guest g) {
        if (reporting) {
            reports.arrived(mac, Set.copyOf(g.addresses));
        }
    }
}
