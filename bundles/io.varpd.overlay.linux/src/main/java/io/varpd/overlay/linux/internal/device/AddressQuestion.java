package io.varpd.overlay.linux.internal.device;

import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import io.varpd.api.device.AddressLookup;
import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicBoolean;

/** An L3 miss or app probe as core sees it: resolve one overlay IP. The first answer counts. */
final class AddressMissLookup implements AddressLookup {
    private final LinuxOverlayDevice device;
    private final InetAddress address;
    private final AtomicBoolean answered = new AtomicBoolean();

    AddressMissLookup(LinuxOverlayDevice device, InetAddress address) {
        this.device = device;
        this.address = address;
    }

    @Override
    public InetAddress address() {
        return address;
    }

    @Override
    public void resolved(MacAddress mac, TargetPoint target) {
        if (answered.compareAndSet(false, true)) {
            device.addressResolved(address, mac, target);
        }
    }

    @Override
    public void unresolved(String reason) {
        if (answered.compareAndSet(false, true)) {
            device.addressUnresolved(address, reason);
        }
    }

    @Override
    public String toString() {
        return device.linkName() + " address miss " + io.varpd.api.IpAddresses.format(address);
    }
}
