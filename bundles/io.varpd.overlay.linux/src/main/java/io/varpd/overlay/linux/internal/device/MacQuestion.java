// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.device;

import io.varpd.api.Errno;
import io.varpd.api.LookupRequest;
import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import io.varpd.api.device.DeviceLookup;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.BiConsumer;

/**
 * A question about where one destination MAC goes, as core sees it, with no frame: an L2 miss (the kernel already
 * dropped the packet that missed) or the check of an FDB entry found on a taken-over vxlan. The first answer counts and
 * goes to {@code answer} (the MAC and a target, or null for a drop); later ones are ignored. A burst makes one per
 * miss, so it holds no more than it must: its description is written only when asked for.
 */
final class MacQuestion implements DeviceLookup {
    private static final VarHandle ANSWERED;

    static {
        try {
            ANSWERED = MethodHandles.lookup().findVarHandle(MacQuestion.class, "answered", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final LinuxOverlayDevice device;
    private final MacAddress mac;
    private final String what;
    private final String noFrame;
    private final BiConsumer<MacAddress, TargetPoint> answer;
    private final LookupRequest request;

    @SuppressWarnings("unused") // through ANSWERED
    private volatile boolean answered;

    /**
     * @param what the kind of question for logs ("L2 miss"): the link's name goes before it, the MAC after it
     * @param noFrame why a plugin asking for the frame gets none
     */
    MacQuestion(
            LinuxOverlayDevice device,
            MacAddress mac,
            String what,
            String noFrame,
            BiConsumer<MacAddress, TargetPoint> answer) {
        this.device = device;
        this.mac = mac;
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
        if (ANSWERED.compareAndSet(this, false, true)) {
            answer.accept(mac, target);
        }
    }

    /** Whether an answer came. */
    boolean isAnswered() {
        return answered;
    }

    @Override
    public String toString() {
        return device.linkName() + " " + what + " " + mac;
    }
}
