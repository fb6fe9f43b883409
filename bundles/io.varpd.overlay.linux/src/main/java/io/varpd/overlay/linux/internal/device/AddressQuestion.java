// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.device;

import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import io.varpd.api.device.AddressLookup;
import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A question about which MAC owns one overlay IP and where that MAC goes, as core sees it: an L3 miss or app probe, or
 * the check of a neighbour found on a taken-over vxlan. The first answer counts and goes to {@code resolved} or
 * {@code unresolved}; later ones are ignored.
 */
final class AddressQuestion implements AddressLookup {
    private final InetAddress address;
    private final Object what;
    private final BiConsumer<MacAddress, TargetPoint> resolved;
    private final Consumer<String> unresolved;
    private final AtomicBoolean answered = new AtomicBoolean();

    /**
     * @param what the question for logs, with the link's name ("vt0 address miss 10.0.0.1"): its {@code toString()},
     *     called only when the question is written out
     */
    AddressQuestion(
            InetAddress address,
            Object what,
            BiConsumer<MacAddress, TargetPoint> resolved,
            Consumer<String> unresolved) {
        this.address = address;
        this.what = what;
        this.resolved = resolved;
        this.unresolved = unresolved;
    }

    @Override
    public InetAddress address() {
        return address;
    }

    @Override
    public void resolved(MacAddress mac, TargetPoint target) {
        if (answered.compareAndSet(false, true)) {
            resolved.accept(mac, target);
        }
    }

    @Override
    public void unresolved(String reason) {
        if (answered.compareAndSet(false, true)) {
            unresolved.accept(reason);
        }
    }

    @Override
    public String toString() {
        return what.toString();
    }
}
