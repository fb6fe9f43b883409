// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.api.admin;

import io.varpd.api.Errno;
import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import io.varpd.api.device.CacheEntry;
import io.varpd.api.plugin.HostedGuest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Core's management service: the operations of dladm's overlay commands, for every operator surface. Writes go through
 * Configuration Admin (see the package theory); reads show live state. All methods are thread-safe. Errors name what
 * was wrong and what is allowed.
 */
@ProviderType
public interface VarpdAdmin {
    /** Every configured instance, in link-name order. */
    List<InstanceInfo> instances();

    /** One instance by link name. */
    Optional<InstanceInfo> instance(String link);

    /** Registered plugins (refused duplicates included), by name. */
    List<PluginInfo> plugins();

    /**
     * The properties of an instance with their values: the common overlay settings, the read-only {@code search}, then
     * the plugin's, in id order.
     *
     * @throws VarpdException ENOENT for an unknown link; EAGAIN while its plugin is absent
     */
    List<PropertyView> properties(String link) throws VarpdException;

    /**
     * What the instance's plugin says it is doing right now ({@code PluginOps.describe}): labels mapped to one line of
     * text each, in display order; empty when the plugin tells nothing beyond its properties and status. For reading,
     * not parsing.
     *
     * @throws VarpdException ENOENT for an unknown link; EAGAIN while it is not active (its plugin absent, or it failed
     *     to start); EIO when the plugin fails to answer
     * @since 1.1
     */
    Map<String, String> pluginState(String link) throws VarpdException;

    /**
     * Creates the instance's configuration and waits (a few seconds at most) until core applied it. A configuration
     * that fails to activate is deleted again and its reason thrown, as {@code dladm create-overlay} does; one whose
     * plugin is absent stays, WAITING.
     *
     * @throws VarpdException EEXIST when the link exists, EINVAL for bad values, or the activation error
     */
    InstanceInfo create(OverlaySpec spec) throws VarpdException;

    /**
     * Changes properties of an instance (values as text; an empty string removes a value) by updating its
     * configuration, and waits until core applied it.
     */
    InstanceInfo modify(String link, Map<String, String> properties) throws VarpdException;

    /** Deletes the instance's configuration; core destroys the instance. */
    void delete(String link) throws VarpdException;

    /** The target table ({@code show-overlay -t}). ENOENT for unknown link, ENXIO when not active. */
    List<CacheEntry> targets(String link) throws VarpdException;

    /** {@code modify-overlay -d mac}. */
    void removeTarget(String link, MacAddress mac) throws VarpdException;

    /** {@code modify-overlay -f}. */
    void flushTargets(String link) throws VarpdException;

    /**
     * {@code modify-overlay -s mac=value}: {@code value} is {@code drop} or the destination in dladm's
     * {@code [mac][,ip][:port]} form ({@code [v6]:port} for IPv6).
     */
    void setTarget(String link, MacAddress mac, String value) throws VarpdException;

    /**
     * Runs a lookup for {@code destination} against the instance as its device would on a miss (an IPv4 unicast frame
     * from 00:00:00:00:00:00), and reports the answer; nothing is sent or installed. Waits a few seconds at most for an
     * asynchronous plugin.
     *
     * @throws VarpdException ENOENT for an unknown link, ENXIO when it is not active
     */
    LookupResult lookup(String link, MacAddress destination) throws VarpdException;

    /**
     * Resolves an overlay IP address (ARP for IPv4, NDP for IPv6) and then the MAC's destination, as a device's
     * neighbour miss would; nothing is sent or installed.
     */
    LookupResult resolve(String link, java.net.InetAddress address) throws VarpdException;

    /**
     * Devices that exist although no instance is configured for them, asked of every device provider now; each is
     * degraded with "no varpd instance exists". A provider that cannot look is left out (and logged), so one broken
     * provider does not hide the others' devices.
     *
     * @since 1.1
     */
    List<StrayDevice> strayDevices();
    /**
     * Publishes, by hand, a guest this host carries on the instance's overlay, as the device does for guests it sees
     * ({@code PluginOps.publish}): at {@code at}, or at the device's local point when {@code at} is empty.
     *
     * @throws VarpdException ENOENT for an unknown link, ENXIO when it is not active, ENOTSUP when its plugin does not
     *     publish guests, EINVAL when no point is given and the device has none, or for what the plugin refuses
     * @since 1.2
     */
    default HostedGuest publish(
            String link, MacAddress mac, Set<java.net.InetAddress> addresses, Optional<TargetPoint> at)
            throws VarpdException {
        throw new VarpdException(Errno.ENOTSUP, "this admin service does not publish guests");
    }

    /**
     * Withdraws what this host published for {@code mac} on the instance's overlay.
     *
     * @throws VarpdException ENOENT for an unknown link or a MAC this host has not published, ENXIO when it is not
     *     active, ENOTSUP when its plugin does not publish guests
     * @since 1.2
     */
    default void withdraw(String link, MacAddress mac) throws VarpdException {
        throw new VarpdException(Errno.ENOTSUP, "this admin service does not publish guests");
    }

    /**
     * The guests this host published on the instance's overlay, in MAC order.
     *
     * @throws VarpdException ENOENT for an unknown link, ENXIO when it is not active
     * @since 1.2
     */
    default List<HostedGuest> published(String link) throws VarpdException {
        throw new VarpdException(Errno.ENOTSUP, "this admin service does not publish guests");
    }
}
