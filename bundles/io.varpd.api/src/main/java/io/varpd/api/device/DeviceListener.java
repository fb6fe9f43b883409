// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.api.device;

import io.varpd.api.MacAddress;
import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Implemented by core and given to a device when it is opened: the device reports each target-cache miss here. Calls
 * never block on a plugin; they may come from any device thread.
 *
 * <p>Implemented by core only ({@code @ProviderType}): plugins and devices call it and never implement it, so a later
 * minor version may add methods to it.
 */
@ProviderType
public interface DeviceListener {
    /**
     * A miss: core finds the instance, asks its plugin and answers through {@code lookup} exactly once. Misses before
     * the instance is associated are answered DROP.
     */
    void lookup(DeviceLookup lookup);

    /**
     * Several misses raised together, such as those of one burst of transmitted frames or of one netlink datagram: each
     * is answered exactly once, as if it had been reported alone with {@link #lookup}, in no particular order, now or
     * later.
     *
     * <p>Why a batch: a miss is mostly the wait for one line of the plugin's table, which is far larger than any cache.
     * Reported together, the misses reach the plugin together ({@link io.varpd.api.plugin.PluginOps#lookupAll}), so it
     * can probe for every destination before answering any and the CPU waits for those lines at the same time rather
     * than one after another. The list is the caller's; the listener does not keep it. The default reports each in
     * turn.
     *
     * @since 1.1
     */
    default void lookupAll(List<? extends DeviceLookup> lookups) {
        for (DeviceLookup lookup : lookups) {
            lookup(lookup);
        }
    }

    /**
     * A neighbour miss: resolve an overlay IP to a MAC and its destination, answering {@code lookup} exactly once.
     * Misses before the instance is associated are unresolved.
     */
    default void resolve(AddressLookup lookup) {
        lookup.unresolved("this listener does not resolve addresses");
    }
    /**
     * A guest appeared on one of the device's local ports (on Linux: a MAC in the bridge's own forwarding table,
     * learned on a port other than the vxlan), or the addresses it was seen using changed: {@code addresses} is the
     * complete set known so far, possibly empty. Core publishes it through the instance's plugin when the plugin
     * publishes guests ({@link io.varpd.api.plugin.PluginOps#publish}), at the device's
     * {@link OverlayDevice#localPoint}. Reported again with the same content, it changes nothing. The default ignores
     * it.
     *
     * @since 1.2
     */
    default void guestArrived(MacAddress mac, Set<InetAddress> addresses) {}

    /**
     * A guest is no longer on any of the device's local ports (its forwarding entry aged out or its port went away):
     * core withdraws what was published for it. The default ignores it.
     *
     * @since 1.2
     */
    default void guestLeft(MacAddress mac) {}
}
