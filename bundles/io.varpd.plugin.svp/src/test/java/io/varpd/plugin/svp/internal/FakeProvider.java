// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal;

import io.varpd.api.IpAddresses;
import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import io.varpd.api.plugin.ProviderHandle;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A provider handle that records, in order and from any thread, what the plugin does to the device: {@code inject <mac>
 * <target|null>}, {@code garp <vlan> <mac> <ip> <dst>}, {@code una <vlan> <mac> <ip>}, {@code degrade <message>},
 * {@code restore}; a {@code RecordingResolveQuery} given {@code device::record} adds its replies, so the order of
 * injection and answer shows.
 */
final class FakeProvider implements ProviderHandle {
    /** Each fake is its own overlay, as core's instance ids are unique. */
    private static final AtomicLong IDS = new AtomicLong();

    private final long id = IDS.incrementAndGet();
    private final long vnetid;
    private final String link;
    private final List<String> events = new ArrayList<>();

    FakeProvider(long vnetid) {
        this(vnetid, "overlay" + vnetid);
    }

    FakeProvider(long vnetid, String link) {
        this.vnetid = vnetid;
        this.link = link;
    }

    @Override
    public long instanceId() {
        return id;
    }

    @Override
    public long vnetid() {
        return vnetid;
    }

    @Override
    public String linkName() {
        return link;
    }

    @Override
    public void injectTarget(MacAddress mac, TargetPoint target) {
        record("inject " + mac + " " + target);
    }

    @Override
    public void injectGratuitousArp(int vlan, MacAddress source, Inet4Address ip, MacAddress destination) {
        record("garp " + vlan + " " + source + " " + IpAddresses.format(ip) + " " + destination);
    }

    @Override
    public void injectUnsolicitedAdvertisement(int vlan, MacAddress source, java.net.Inet6Address ip) {
        record("una " + vlan + " " + source + " " + IpAddresses.format(ip));
    }

    @Override
    public void degrade(String message) {
        record("degrade " + message);
    }

    @Override
    public void restore() {
        record("restore");
    }

    synchronized void record(String event) {
        events.add(event);
        notifyAll();
    }

    synchronized List<String> events() {
        return List.copyOf(events);
    }

    /** The events starting with {@code prefix}, in order. */
    synchronized List<String> events(String prefix) {
        return events.stream().filter(e -> e.startsWith(prefix)).toList();
    }

    synchronized void clear() {
        events.clear();
    }

    /** Waits (10 s at most) until an event matching {@code p} has been recorded; returns it. */
    synchronized String await(Predicate<String> p, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            for (String e : events) {
                if (p.test(e)) {
                    return e;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(link + ": no event " + what + " in " + events);
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** The last degrade/restore event, or null. */
    synchronized String status() {
        for (int i = events.size() - 1; i >= 0; i--) {
            String e = events.get(i);
            if (e.startsWith("degrade") || e.equals("restore")) {
                return e;
            }
        }
        return null;
    }
}
