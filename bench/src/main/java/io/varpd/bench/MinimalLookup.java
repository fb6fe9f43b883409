// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.bench;

import io.varpd.api.Errno;
import io.varpd.api.LookupRequest;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import io.varpd.api.device.DeviceLookup;

/**
 * The least a device can hand core: a miss that carries a request and records the answer, with no frame, no cache and
 * no lock. Feeding it to {@code Instance.lookup} measures core and the plugin without the device. Reused for every
 * operation on one thread (core answers the files plugin's unicast lookups before {@code lookup} returns), so it is not
 * thread-safe.
 */
public final class MinimalLookup implements DeviceLookup {
    private LookupRequest request;
    private TargetPoint answer;
    private long answered;
    private long dropped;

    /** Starts the next question; the previous answer is forgotten. */
    public MinimalLookup ask(LookupRequest next) {
        request = next;
        answer = null;
        return this;
    }

    /** The destination given to the last question, null if none (yet) or DROP. */
    public TargetPoint answer() {
        return answer;
    }

    /** Questions answered with a destination. */
    public long answered() {
        return answered;
    }

    /** Questions answered DROP. */
    public long dropped() {
        return dropped;
    }

    @Override
    public LookupRequest request() {
        return request;
    }

    @Override
    public byte[] frame() throws VarpdException {
        throw new VarpdException(Errno.ENOTSUP, "a minimal lookup carries no frame");
    }

    @Override
    public void inject(byte[] frame) throws VarpdException {
        throw new VarpdException(Errno.ENOTSUP, "a minimal lookup carries no frame");
    }

    @Override
    public void resend(byte[] frame) throws VarpdException {
        throw new VarpdException(Errno.ENOTSUP, "a minimal lookup carries no frame");
    }

    @Override
    public void respond(TargetPoint target) {
        answer = target;
        answered++;
    }

    @Override
    public void drop() {
        dropped++;
    }
}
