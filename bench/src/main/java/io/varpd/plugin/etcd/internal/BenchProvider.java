// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.etcd.internal;

import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import io.varpd.api.plugin.ProviderHandle;
import java.net.Inet4Address;
import java.net.Inet6Address;

/**
 * A provider handle for the etcd benchmarks: no device behind it; it counts what it is told and hands each invalidation
 * to a listener, which the fan-out benchmark times.
 */
class BenchProvider implements ProviderHandle {
    /** Told of each MAC the plugin removes from the device's cache. */
    interface Invalidated {
        void mac(long mac);
    }

    private final String link;
    private final long vnetid;
    private final Invalidated listener;
    volatile String status = "ONLINE";

    BenchProvider(String link, long vnetid, Invalidated listener) {
        this.link = link;
        this.vnetid = vnetid;
        this.listener = listener;
    }

    @Override
    public long instanceId() {
        return 1;
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
        if (target == null) {
            listener.mac(mac.toLong());
        }
    }

    @Override
    public void injectGratuitousArp(int vlan, MacAddress source, Inet4Address ip, MacAddress destination) {}

    @Override
    public void injectUnsolicitedAdvertisement(int vlan, MacAddress source, Inet6Address ip) {}

    @Override
    public void degrade(String message) {
        status = "DEGRADED " + message;
    }

    @Override
    public void restore() {
        status = "ONLINE";
    }
}
