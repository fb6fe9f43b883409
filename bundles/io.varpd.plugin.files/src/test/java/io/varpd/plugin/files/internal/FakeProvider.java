// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.files.internal;

import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import io.varpd.api.plugin.ProviderHandle;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A provider handle that records what the plugin asks of it, in order, from any thread. Every call is also offered to
 * {@link #events} so tests can await one without sleeping.
 */
final class FakeProvider implements ProviderHandle {
    /** One out-of-band cache injection; {@code target} null means "remove". */
    record Injection(MacAddress mac, TargetPoint target) {}

    private final List<Injection> injections = new ArrayList<>();
    private final List<String> degrades = new ArrayList<>();
    private final List<Object> deviceWrites = new ArrayList<>();
    private final List<String> announcements = new ArrayList<>();
    private int restores;
    final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    @Override
    public long instanceId() {
        return 7;
    }

    @Override
    public long vnetid() {
        return 4242;
    }

    @Override
    public String linkName() {
        return "overlay0";
    }

    @Override
    public synchronized void injectTarget(MacAddress mac, TargetPoint target) {
        Injection i = new Injection(mac, target);
        injections.add(i);
        deviceWrites.add(i);
        events.add("inject " + mac + " " + target);
    }

    @Override
    public synchronized void injectGratuitousArp(int vlan, MacAddress source, Inet4Address ip, MacAddress destination) {
        String g = "garp vlan " + vlan + " " + ip.getHostAddress() + " at " + source + " to " + destination;
        announcements.add(g);
        events.add(g);
    }

    @Override
    public synchronized void injectUnsolicitedAdvertisement(int vlan, MacAddress source, java.net.Inet6Address ip) {
        String a = "una vlan " + vlan + " " + io.varpd.api.IpAddresses.format(ip) + " at " + source;
        announcements.add(a);
        events.add(a);
    }

    /**
     * The announcements injected, in order: gratuitous ARPs as "garp vlan V IP at MAC to DESTINATION", unsolicited
     * neighbour advertisements as "una vlan V IP at MAC".
     */
    synchronized List<String> announcements() {
        return List.copyOf(announcements);
    }

    @Override
    public synchronized void degrade(String message) {
        degrades.add(message);
        events.add("degrade " + message);
    }

    @Override
    public synchronized void restore() {
        restores++;
        events.add("restore");
    }

    synchronized List<Injection> injections() {
        return List.copyOf(injections);
    }

    synchronized List<String> degrades() {
        return List.copyOf(degrades);
    }

    synchronized int restores() {
        return restores;
    }

    /**
     * Records that a lookup's answer reached the device, so a test can see it interleaved with injections in
     * {@link #deviceWrites()}.
     */
    synchronized void answered(MacAddress mac, TargetPoint target) {
        deviceWrites.add(new Injection(mac, target));
    }

    /** Injections and recorded answers, in the order the device would have applied them. */
    synchronized List<Object> deviceWrites() {
        return List.copyOf(deviceWrites);
    }

    synchronized void clear() {
        injections.clear();
        degrades.clear();
        deviceWrites.clear();
        announcements.clear();
        restores = 0;
        events.clear();
    }
}
