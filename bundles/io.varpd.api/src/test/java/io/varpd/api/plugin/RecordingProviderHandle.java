// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.api.plugin;

import io.varpd.api.IpAddresses;
import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link ProviderHandle} for plugin tests (shipped in this module's test jar): records every call that reaches the
 * device or the instance's status, in order, as one line of text each ({@code "inject MAC TARGET"}, {@code "garp ..."},
 * {@code "una ..."}, {@code "degrade MESSAGE"}, {@code "restore"}), from any thread.
 */
public class RecordingProviderHandle implements ProviderHandle {
    private final long instanceId;
    private final long vnetid;
    private final String linkName;
    private final List<String> calls = new ArrayList<>();

    public RecordingProviderHandle(long instanceId, long vnetid, String linkName) {
        this.instanceId = instanceId;
        this.vnetid = vnetid;
        this.linkName = linkName;
    }

    @Override
    public long instanceId() {
        return instanceId;
    }

    @Override
    public long vnetid() {
        return vnetid;
    }

    @Override
    public String linkName() {
        return linkName;
    }

    @Override
    public void injectTarget(MacAddress mac, TargetPoint target) {
        record("inject " + mac + " " + target);
    }

    @Override
    public void injectGratuitousArp(int vlan, MacAddress source, Inet4Address ip, MacAddress destination) {
        record("garp vlan " + vlan + " " + IpAddresses.format(ip) + " at " + source + " to " + destination);
    }

    @Override
    public void injectUnsolicitedAdvertisement(int vlan, MacAddress source, Inet6Address ip) {
        record("una vlan " + vlan + " " + IpAddresses.format(ip) + " at " + source);
    }

    @Override
    public void degrade(String message) {
        record("degrade " + message);
    }

    @Override
    public void restore() {
        record("restore");
    }

    /** Records one call; subclasses may override to observe calls as they happen. */
    protected synchronized void record(String call) {
        calls.add(call);
    }

    /** Every recorded call so far, in order. */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    /** Forgets the calls recorded so far. */
    public synchronized void clear() {
        calls.clear();
    }
}
