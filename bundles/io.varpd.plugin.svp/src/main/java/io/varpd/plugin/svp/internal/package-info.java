// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

/**
 * The {@code svp} lookup plugin: overlay MACs and IPs resolved by asking an SVP (portolan) mapping server.
 *
 * <h2>Theory</h2>
 *
 * <p><b>What it does</b> (docs/architecture.md#the-svp-client). {@code svp} is the DYNAMIC plugin of Triton-style
 * fabrics: a central server knows where every overlay MAC lives (VL2 -> UL3: underlay IP and port) and which MAC owns
 * every overlay IP (VL3 -> VL2), and keeps, per compute node, a log of mappings that changed. An instance has four
 * properties: {@code svp/host} and {@code svp/port} name the server, {@code svp/underlay_ip} is this node's own
 * underlay address (the server keys its log by it), and {@code svp/underlay_port} is only saved and shown. The device
 * must need exactly IP+PORT (VXLAN).
 *
 * <p><b>Lookups</b> ({@link io.varpd.plugin.svp.internal.SvpPlugin#lookup}, docs/architecture.md#the-svp-client), in
 * order: an ARP frame goes to core's proxy ARP; a frame to a 33:33 MAC goes to proxy NDP when it is IPv6 and is dropped
 * otherwise; any other broadcast or multicast is dropped; a unicast destination is asked with a VL2 request and
 * answered with the server's underlay address and port, or dropped when the server does not know it. Core's proxies
 * call back {@link io.varpd.plugin.svp.internal.SvpPlugin#arp}, which asks with a VL3 request and, when the server
 * knows the address, first installs the owner's underlay destination in the device and then answers the MAC, so the
 * guest's next frame finds a cache entry. There is no DHCP redirect.
 *
 * <p><b>No answer is not "not found"</b> (docs/svp.md). When the server could not be asked or did not answer, both
 * paths answer {@code fail(EHOSTUNREACH | ETIME, sentence)} instead of drop: traffic still sees a drop, but the
 * operator's diagnostic lookup reports the server and the error, and the overlay is DEGRADED at the same moment (see
 * the remote package).
 *
 * <p><b>Sharing</b>. Instances do not talk to servers themselves: {@code start} attaches the instance, under its
 * vnetid, to the {@link io.varpd.plugin.svp.internal.remote.Remote} for (host, port, underlay IP), which the plugin's
 * {@link io.varpd.plugin.svp.internal.remote.RemoteRegistry} creates on first use and closes when the last instance
 * stops. Two instances with one vnetid on one remote would receive each other's shootdowns, so the second is refused
 * with EEXIST (the original aborted the daemon), unless it is a new state of the same overlay (same instance id): core
 * applies a property change by starting the changed state beside the running one, so the newcomer takes the vnetid over
 * and the old state's leaving does not clear the status. A state reads its properties when it starts.
 *
 * <p><b>Answers arrive on the client's event loop</b> thread; the plugin answers core's query handles from there, which
 * the API allows. A lookup on a stopped instance is dropped at once, and core drops whatever is still open when an
 * instance stops, so a late answer is harmlessly refused.
 *
 * <p><b>Persistence</b> (docs/architecture.md#persistence): the original's keys, {@code svp/host} and
 * {@code svp/underlay_ip} (IPv6 text, IPv4 as {@code ::ffff:a.b.c.d}) when set, and the two ports (Integer) when not 0.
 * Restore takes IPv4 text too and any integral number type for the ports.
 */
package io.varpd.plugin.svp.internal;
