package io.varpd.overlay.linux.internal.device;

import io.varpd.api.Errno;
import io.varpd.api.LookupRequest;
import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import io.varpd.api.device.DeviceLookup;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A question about where one destination MAC goes, as core sees it, with no frame: an L2 miss
 * (the kernel already dropped the packet that missed) or the check of an FDB entry found on a
 * taken-over vxlan. The first answer counts and goes to {@code answer} (a target, or null for a
 * drop); later ones are ignored.
 */
final class MacQuestion implements DeviceLookup {
    private final LinuxOverlayDevice device;
    private final String what;
    private final String noFrame;
    private final Consumer<TargetPoint> answer;
    private final LookupRequest request;
    private final AtomicBoolean answered = new AtomicBoolean();

    /**
     * @param what    the question for logs, with the link's name ("vt0 L2 miss 02:00:00:00:00:01")
     * @param noFrame why a plugin asking for the frame gets none
     */
    MacQuestion(LinuxOverlayDevice device, MacAddress mac, String what, String noFrame, Consumer<TargetPoint> answer) {
        this.device = device;
        this.what = what;
        this.noFrame = noFrame;
        this.answer = answer;
        // Linux says nothing about the frame: an untagged IPv4 frame from nobody is the honest minimum.
        this.request = new LookupRequest(device.vnetid(), MacAddress.ZERO, mac, LookupRequest.ETHERTYPE_IPV4, 0, 14, 0);
    }

    @Override
    public LookupRequest request() {
        return request;
    }

    @Override
    public byte[] frame() throws VarpdException {
        throw new VarpdException(Errno.ENOTSUP, device.linkName() + ": " + noFrame);
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
        answer(target);
    }

    @Override
    public void drop() {
        answer(null);
    }

    private void answer(TargetPoint target) {
        if (answered.compareAndSet(false, true)) {
            answer.accept(target);
        }
    }

    @Override
    public String toString() {
        return what;
    }
}
