// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal.lookup;

import io.varpd.api.Errno;
import io.varpd.api.LookupRequest;
import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import io.varpd.api.device.DeviceLookup;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A miss that no frame caused: core asks the plugin where {@code destination} lives, to finish a neighbour resolution
 * or to answer a diagnostic lookup. It carries no frame, so proxies drop it; the answer goes to {@code answer} (null
 * for DROP), a plugin's failure to {@code failure}.
 */
public final class SyntheticLookup implements DeviceLookup {
    private final LookupRequest request;
    private final Consumer<TargetPoint> answer;
    private final BiConsumer<Errno, String> failure;
    private boolean neighbour;

    /** A lookup whose failure is taken as DROP. */
    public SyntheticLookup(long vnetid, MacAddress destination, int sap, int vlan, Consumer<TargetPoint> answer) {
        this(vnetid, destination, sap, vlan, answer, (errno, reason) -> answer.accept(null));
    }

    public SyntheticLookup(
            long vnetid,
            MacAddress destination,
            int sap,
            int vlan,
            Consumer<TargetPoint> answer,
            BiConsumer<Errno, String> failure) {
        this.request = new LookupRequest(vnetid, MacAddress.ZERO, destination, sap, vlan, vlan == 0 ? 14 : 18, 0);
        this.answer = answer;
        this.failure = failure;
    }

    /**
     * Marks this lookup as the second half of a device's neighbour resolution (a guest's ARP or NS, a host's app
     * probe): answered, it counts as a proxied ARP (IPv4) or NDP (IPv6) answer, as the same question asked with a frame
     * does, rather than as a plain lookup.
     */
    public SyntheticLookup answeringNeighbour() {
        neighbour = true;
        return this;
    }

    /** The counter an answer with a destination goes to. */
    java.util.concurrent.atomic.LongAdder answeredCounter(LookupCounters c) {
        if (!neighbour) {
            return c.ok;
        }
        return request.sap() == LookupRequest.ETHERTYPE_IPV6 ? c.proxiedNdp : c.proxiedArp;
    }

    @Override
    public LookupRequest request() {
        return request;
    }

    @Override
    public byte[] frame() throws VarpdException {
        throw new VarpdException(Errno.ENOTSUP, "a synthetic lookup carries no frame");
    }

    @Override
    public void inject(byte[] frame) throws VarpdException {
        throw new VarpdException(Errno.ENOTSUP, "a synthetic lookup carries no frame");
    }

    @Override
    public void resend(byte[] frame) throws VarpdException {
        throw new VarpdException(Errno.ENOTSUP, "a synthetic lookup carries no frame");
    }

    @Override
    public void respond(TargetPoint target) {
        answer.accept(target);
    }

    @Override
    public void drop() {
        answer.accept(null);
    }

    /** The plugin could not find out ({@link io.varpd.api.plugin.Reply#fail}). */
    public void fail(Errno errno, String reason) {
        failure.accept(errno, reason);
    }
}
