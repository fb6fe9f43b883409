// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.device;

import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import io.varpd.api.device.AddressLookup;
import io.varpd.api.device.DeviceListener;
import io.varpd.api.device.DeviceLookup;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A listener that answers from maps, as the files plugin would: IP to MAC, MAC to underlay. */
class MapListener implements DeviceListener {
    final Map<InetAddress, MacAddress> macs = new ConcurrentHashMap<>();
    final Map<MacAddress, TargetPoint> targets = new ConcurrentHashMap<>();
    final List<String> asked = new CopyOnWriteArrayList<>();
    /**
     * Whether {@link #asked} records the questions (false: a benchmark's stand-in for core, which writes no string per
     * question).
     */
    private final boolean record;

    MapListener() {
        this(true);
    }

    MapListener(boolean record) {
        this.record = record;
    }

    void put(InetAddress ip, MacAddress mac, TargetPoint target) {
        macs.put(ip, mac);
        targets.put(mac, target);
    }

    @Override
    public void lookup(DeviceLookup lookup) {
        MacAddress mac = lookup.request().destination();
        if (record) {
            asked.add("l2 " + mac);
        }
        TargetPoint t = targets.get(mac);
        if (t == null) {
            lookup.drop();
        } else {
            lookup.respond(t);
        }
    }

    @Override
    public void resolve(AddressLookup lookup) {
        if (record) {
            asked.add("l3 " + io.varpd.api.IpAddresses.format(lookup.address()));
        }
        MacAddress mac = macs.get(lookup.address());
        TargetPoint t = mac == null ? null : targets.get(mac);
        if (t == null) {
            lookup.unresolved("not in the map");
        } else {
            lookup.resolved(mac, t);
        }
    }
}
