// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

/**
 * The {@code direct} lookup plugin: every frame of an overlay goes to one fixed underlay destination.
 *
 * <p>Theory: {@code direct} is the simplest varpd plugin and the only POINT one. An instance holds two properties,
 * {@code direct/dest_ip} and (when the device's destination type includes a port) {@code direct/dest_port}.
 * {@code start} refuses with EAGAIN until both are set; after that core asks
 * {@link io.varpd.plugin.direct.internal.DirectPlugin#defaultTarget} once, at activation, and programs the answer into
 * the overlay device. The device never asks again: there are no lookups, no proxy ARP/NDP, no DHCP redirect, and every
 * non-local frame (broadcast and multicast included) goes to that one destination. A property change after activation
 * therefore reaches traffic only when core re-activates the instance.
 *
 * <p>What the plugin checks itself, beyond the type and range checks core already did: the destination type must be a
 * non-empty subset of {IP, PORT} (no ETHERNET: a point destination names no MAC); the IP must not be IPv4-compatible
 * ({@code ::a.b.c.d}, deprecated by RFC 4291) or 6to4 ({@code 2002::/16}, an automatic tunnel that would hide the real
 * underlay destination); the port must be 1-65535. Unlike the C original, {@code start} checks the port when the
 * destination type has a PORT (the original tested the IP bit there).
 *
 * <p>Persistence: {@code save} returns only the values that are set, the IP as text and the port as a Long;
 * {@code restore} accepts a map with either key missing (the instance then waits for the value, as after
 * {@code create}) but refuses a value it cannot read with EINVAL.
 *
 * <p>Threading: core may call ops of one instance in parallel, so {@link io.varpd.plugin.direct.internal.DirectState}
 * guards its two values with one lock and hands out consistent snapshots of the pair.
 */
package io.varpd.plugin.direct.internal;
