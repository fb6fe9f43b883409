// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.device;

import io.varpd.api.IpAddresses;
import io.varpd.api.MacAddress;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** A listener that answers as {@link MapListener} does and keeps the guests the device reports, as core would. */
final class GuestListener extends MapListener {
    final Map<MacAddress, Set<InetAddress>> guests = new ConcurrentHashMap<>();
    final List<String> reports = new CopyOnWriteArrayList<>();

    @Override
    public void guestArrived(MacAddress mac, Set<InetAddress> addresses) {
        Set<String> sorted = new TreeSet<>();
        addresses.forEach(a -> sorted.add(IpAddresses.format(a)));
        reports.add("arrived " + mac + " " + sorted);
        guests.put(mac, Set.copyOf(addresses));
    }

    @Override
    public void guestLeft(MacAddress mac) {
        reports.add("left " + mac);
        guests.remove(mac);
    }

    /**
     * Waits (up to 10 s: the kernel's notifications and the guests' frames arrive in milliseconds, the margin is for a
     * loaded machine) until the guests reported satisfy {@code condition}.
     */
    boolean await(Predicate<Map<MacAddress, Set<InetAddress>>> condition) throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        while (!condition.test(guests)) {
            if (System.nanoTime() - end > 0) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }
}
