package io.varpd.overlay.linux.internal.device;

import io.varpd.api.Errno;
import io.varpd.api.LookupRequest;
import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import io.varpd.api.device.DeviceLookup;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An L2 miss as core sees it: a lookup for one destination MAC with no frame (the kernel already
 * dropped the packet that missed). The first answer counts; later ones are ignored.
 */
final class L2MissLookup implements DeviceLookup {
    private final LinuxOverlayDevice device;
    private final MacAddress mac;
    private final LookupRequest request;
    private final AtomicBoolean answered = new AtomicBoolean();

    L2MissLookup(LinuxOverlayDevice device, MacAddress mac) {
        this.device = device;
        this.mac = mac;
        // Linux says nothing about the frame: an untagged IPv4 frame from nobody is the honest minimum.
        this.request = new LookupRequest(device.vnetid(), MacAddress.ZERO, mac, LookupRequest.ETHERTYPE_IPV4, 0, 14, 0);
    }

    @Override
    public LookupRequest request() {
        return request;
    }

    @Override
    public byte[] frame() throws VarpdException {
        throw new VarpdException(Errno.ENOTSUP, device.linkName() + ": a Linux L2 miss carries no frame (the kernel"
                + " dropped it)");
    }

    @Override
    public void inject(byte[] frame) throws VarpdException {
        device.inject(frame);
    }

    @Override
    public void resend(byte[] frame) throws VarpdException {
        device.resend(frame);
    }

    @Override
    public void respond(TargetPoint target) {
        if (answered.compareAndSet(false, true)) {
            device.l2Answered(mac, target);
        }
    }

    @Override
    public void drop() {
        if (answered.compareAndSet(false, true)) {
            device.l2Dropped(mac);
        }
    }

    @Override
    public String toString() {
        return device.linkName() + " L2 miss " + mac;
    }
}
