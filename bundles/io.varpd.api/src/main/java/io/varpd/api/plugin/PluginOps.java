// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.api.plugin;

import io.varpd.api.DestinationType;
import io.varpd.api.Errno;
import io.varpd.api.LookupRequest;
import io.varpd.api.MacAddress;
import io.varpd.api.PluginMode;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A lookup plugin (illumos varpd's {@code varpd_plugin_ops_t}), registered as an OSGi service with {@value #NAME} (its
 * unique name, such as {@code direct}) and {@value #MODE} ({@code POINT} or {@code DYNAMIC}) as service properties. The
 * first service with a name wins; later duplicates are refused with a logged reason.
 *
 * <p>{@code S} is the plugin's private per-instance state (illumos varpd's {@code void *}); core stores it and hands it
 * back, never looks inside it.
 *
 * <p>Threading: instances are independent and may be called in parallel; calls for one instance may also be parallel,
 * so the state does its own locking. Core never calls {@code defaultTarget}, {@code lookup}, {@code lookupAll},
 * {@code arp} or {@code dhcp} before {@code start} succeeded or after {@code stop}. Property ops, {@code save},
 * {@code restore} and {@code describe} may come in any state, so {@code save} works on a created, started or stopped
 * state alike.
 *
 * <p>Which ops a mode must implement: every plugin implements create, start, stop, destroy, properties, getProperty,
 * setProperty, save and restore. A {@link PluginMode#POINT} plugin implements {@link #defaultTarget}; a
 * {@link PluginMode#DYNAMIC} plugin implements {@link #lookup} and, when it proxies, {@link #arp} and {@link #dhcp}.
 * The defaults here refuse with ENOTSUP (or answer DROP), which core reports.
 *
 * <p>Errors are {@link VarpdException}s with an errno and a message naming what was wrong and what is allowed. Any
 * other exception thrown by an op is a plugin bug: core logs it and fails that instance only.
 *
 * @param <S> the per-instance state
 */
@ConsumerType
public interface PluginOps<S> {
    /** Service property: the plugin's unique name, such as {@code direct}, {@code files}. */
    String NAME = "varpd.plugin.name";
    /** Service property: {@code POINT} or {@code DYNAMIC}. */
    String MODE = "varpd.plugin.mode";

    /**
     * Creates the state of a new instance for a device that needs {@code destination}.
     *
     * @throws VarpdException ENOTSUP when the plugin cannot serve that destination type
     */
    S create(ProviderHandle provider, Set<DestinationType> destination) throws VarpdException;

    /**
     * Starts the instance: verifies required properties (EAGAIN naming the missing ones) and begins any work
     * (connections, files).
     */
    void start(S state) throws VarpdException;

    /** Undoes {@code start}. Must not throw for a started instance. */
    void stop(S state);

    /** Frees the state. Called exactly once per created or restored state, after any stop. */
    void destroy(S state);

    /**
     * POINT mode: the single destination programmed into the device at activation.
     *
     * @return the destination, or empty for "drop everything"
     */
    default Optional<TargetPoint> defaultTarget(S state) throws VarpdException {
        throw new VarpdException(Errno.ENOTSUP, "this plugin has no default destination (not a POINT plugin)");
    }

    /**
     * DYNAMIC mode: answer a target-cache miss, now or later, from any thread, exactly once. The default answers DROP.
     */
    default void lookup(S state, LookupQuery query) {
        query.drop();
    }

    /**
     * DYNAMIC mode: several misses that a device reported together, each to be answered exactly once as by
     * {@link #lookup}, in any order, now or later. The list is core's; do not keep it.
     *
     * <p>The default asks {@link #lookup} about each in turn. A plugin that answers from a large in-memory table
     * overrides this to probe for every destination first and answer afterwards: the probes are independent, so the CPU
     * overlaps their cache misses, where a lookup at a time pays them one after another. If this op throws, core
     * answers DROP to every query it left unanswered and counts one error.
     *
     * @since 1.1
     */
    default void lookupAll(S state, List<? extends LookupQuery> queries) {
        for (LookupQuery query : queries) {
            lookup(state, query);
        }
    }

    /** The properties of this instance, in id order (illumos varpd's nprops + propinfo). */
    List<PropertyDescription> properties(S state);

    /**
     * The current value, an instance of the property type's value class; empty when unset.
     *
     * @throws VarpdException EINVAL for an unknown name
     */
    Optional<Object> getProperty(S state, String name) throws VarpdException;

    /**
     * Sets a value already checked by core against the description (type, range, options). The plugin applies its own
     * rules (for example refusing 6to4 addresses) with EINVAL.
     */
    void setProperty(S state, String name, Object value) throws VarpdException;

    /**
     * The private state to persist, as a map of simple values (String, Long, Integer, Boolean, and lists of those).
     * Restored with {@link #restore}.
     */
    Map<String, Object> save(S state) throws VarpdException;

    /** Recreates a state from what {@link #save} returned (create + restore in one). */
    S restore(Map<String, Object> saved, ProviderHandle provider, Set<DestinationType> destination)
            throws VarpdException;

    /**
     * What this instance is doing right now, for operators (the console's overlay page, the HTTP API's
     * {@code plugin_state}, {@code varpd:show -f}): short labels mapped to one line of text each, in the order they are
     * to be shown, such as a server's address and whether the plugin is connected to it, backing off, or why it is
     * degraded. Neither keys nor values are a stable format to parse; counters and properties have their own ops. The
     * default is empty (nothing beyond properties and status to tell).
     *
     * <p>May be called in any state, from any thread, while lookups run; it must answer quickly (core calls it when a
     * page is shown) and never block on the network. An exception is a plugin bug, reported to the operator as EIO.
     *
     * @return an ordered map (iteration order is display order); never null
     * @since 1.1
     */
    default Map<String, String> describe(S state) {
        return Map.of();
    }

    /**
     * Publishes a guest that this host carries, so that the overlay's other hosts find it without anyone writing a
     * mapping: a fleet plugin (etcd) writes it under a lease this host keeps alive, so that it disappears when the host
     * does. Publishing a MAC again replaces what was published for it (the addresses are the complete set). Called by
     * core when the device reports a guest on a local port ({@link io.varpd.api.device.DeviceListener#guestArrived})
     * and when an operator publishes one by hand; only between {@code start} and {@code stop}.
     *
     * <p>Must not block on the network: a plugin records the guest, returns, and keeps trying to write it until it is
     * written or withdrawn (reporting trouble through its status). The default refuses with ENOTSUP: the plugin's
     * mappings come from elsewhere.
     *
     * @throws VarpdException ENOTSUP when the plugin does not publish guests, EINVAL for a guest it cannot publish
     *     (naming what is wrong)
     * @since 1.2
     */
    default void publish(S state, HostedGuest guest) throws VarpdException {
        throw new VarpdException(Errno.ENOTSUP, "this plugin does not publish guests");
    }

    /**
     * Withdraws what this host published for {@code mac} (its guest left), without touching a mapping another host
     * wrote for it meanwhile (the guest moved there). Same threading and rules as {@link #publish}.
     *
     * @throws VarpdException ENOTSUP when the plugin does not publish guests, ENOENT when this host has not published
     *     {@code mac}
     * @since 1.2
     */
    default void withdraw(S state, MacAddress mac) throws VarpdException {
        throw new VarpdException(Errno.ENOTSUP, "this plugin does not publish guests");
    }

    /**
     * The guests this host has published on this instance and not withdrawn, in MAC order; empty by default. Same
     * threading as {@link #describe}.
     *
     * @since 1.2
     */
    default List<HostedGuest> published(S state) {
        return List.of();
    }

    /**
     * Resolves an overlay IP to a MAC for proxy ARP (IPv4) or NDP (IPv6), answering {@code query} exactly once. The
     * default answers DROP.
     */
    default void arp(S state, ResolveQuery query, InetAddress target) {
        query.drop();
    }

    /**
     * Names the MAC that the broadcast DHCP request described by {@code request} is redirected to, answering
     * {@code query} exactly once. The default answers DROP.
     */
    default void dhcp(S state, ResolveQuery query, LookupRequest request) {
        query.drop();
    }
}
