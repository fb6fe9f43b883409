// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.api.plugin;

import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import java.net.Inet4Address;
import java.net.Inet6Address;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What core offers one plugin instance (illumos varpd's {@code varpd_provider_handle_t} and the helper functions that
 * take it). Every method may be called from any thread, in any state, including from inside an op; none blocks on the
 * device for long. Core implements it; plugins only call it.
 */
@ProviderType
public interface ProviderHandle {
    /** The varpd instance id, 1..2^31-1. */
    long instanceId();

    /** The virtual network id of the instance's overlay device. */
    long vnetid();

    /** The overlay link name, for messages. */
    String linkName();

    /**
     * Injects a target-cache entry into the device out of band ({@code libvarpd_inject_varp}): replaces the entry for
     * {@code mac}, or removes it when {@code target} is null. Failures are logged, not thrown: the cache is an
     * optimisation and the next miss asks again.
     */
    void injectTarget(MacAddress mac, TargetPoint target);

    /**
     * Injects a gratuitous ARP request up into the overlay ({@code libvarpd_inject_arp}), so local guests refresh their
     * neighbour entry for {@code ip}.
     *
     * @param vlan 0 for untagged, else 1-4094
     */
    void injectGratuitousArp(int vlan, MacAddress source, Inet4Address ip, MacAddress destination);

    /**
     * Injects an unsolicited IPv6 Neighbor Advertisement up into the overlay (RFC 4861 section 7.2.6; the IPv6
     * counterpart of {@link #injectGratuitousArp}, which the original lacks): to the all-nodes address, Override set,
     * Solicited clear, target {@code ip} with {@code source} as its link-layer address, so local guests that cached
     * another MAC for {@code ip} replace it at once.
     *
     * @param vlan 0 for untagged, else 1-4094
     * @since 1.1
     */
    void injectUnsolicitedAdvertisement(int vlan, MacAddress source, Inet6Address ip);

    /**
     * Marks the instance DEGRADED with a message ({@code libvarpd_fma_degrade}); shown as the instance's status. A
     * later call replaces the message.
     */
    void degrade(String message);

    /** Clears a degraded status ({@code libvarpd_fma_restore}). */
    void restore();
}
