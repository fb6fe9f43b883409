// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.etcd.internal;

import io.varpd.api.IpAddresses;
import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import io.varpd.api.plugin.ProviderHandle;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A provider handle that records, in order, what the plugin tells the device and the status, from any thread, and lets
 * a test wait for a given event (never a sleep).
 */
final class FakeProvider implements ProviderHandle {
    private final List<String> events = new ArrayList<>();
    private volatile String status = "ONLINE";

    @Override
    public long instanceId() {
        return 3;
    }

    @Override
    public long vnetid() {
        return 4242;
    }

    @Override
    public String linkName() {
        return "etcdnet0";
    }

    @Override
    public synchronized void injectTarget(MacAddress mac, TargetPoint target) {
        add("inject " + mac + " " + target);
    }

    @Override
    public synchronized void injectGratuitousArp(int vlan, MacAddress source, Inet4Address ip, MacAddress destination) {
        add("garp " + IpAddresses.format(ip) + " at " + source);
    }

    @Override
    public synchronized void injectUnsolicitedAdvertisement(int vlan, MacAddress source, Inet6Address ip) {
        add("una " + IpAddresses.format(ip) + " at " + source);
    }

    @Override
    public synchronized void degrade(String message) {
        status = "DEGRADED " + message;
        add("degrade " + message);
    }

    @Override
    public synchronized void restore() {
        status = "ONLINE";
        add("restore");
    }

    private void add(String event) {
        events.add(event);
        notifyAll();
    }

    String status() {
        return status;
    }

    synchronized List<String> events() {
        return List.copyOf(events);
    }

    synchronized void clear() {
        events.clear();
    }

    /** Waits up to {@code seconds} for an event that matches, and returns it. */
    synchronized String await(int seconds, String what, Predicate<String> match) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            for (String e : events) {
                if (match.test(e)) {
                    return e;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no " + what + " within " + seconds + " s; events: " + events);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** Waits for the exact event {@code event}. */
    String await(String event) throws InterruptedException {
        return await(15, "'" + event + "'", event::equals);
    }
}
