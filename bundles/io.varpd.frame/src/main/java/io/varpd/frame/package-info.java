// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

/**
 * Frame codecs of varpd: the checks and the reply builders behind proxy ARP, proxy NDP, DHCP redirect and gratuitous
 * ARP injection (docs/architecture.md#proxy-arp-ndp-and-dhcp).
 *
 * <p>Theory. A target-cache miss gives core two things about the head frame: a {@link io.varpd.api.LookupRequest} (what
 * the device says: ethertype, MAC header size, payload size, MACs) and, on devices that keep frames, a copy of the
 * frame itself, at most 1518 bytes. Both come from the data path, so both are untrusted. Each proxy here is a pair of
 * pure functions on byte arrays:
 *
 * <ul>
 *   <li>{@code validate} applies illumos varpd's checks in its order (docs/architecture.md, "Proxy ARP, NDP and DHCP"),
 *       first the ones on the lookup (so a frame is only looked at when the lookup says it can be what we want), then
 *       the ones on the frame. It never throws for bad frame bytes: malformed input is normal traffic. It returns a
 *       {@link io.varpd.frame.Validation} that is either the parsed question (the address to resolve) or a rejection
 *       whose reason names the failed check, for core to count and log before it answers DROP.
 *   <li>{@code build...}/{@code redirect} make the answer once the plugin resolved the address. They never modify the
 *       caller's array: the ARP reply is the copied frame rewritten in place on a copy (so VLAN tag, priority bits and
 *       padding survive), the Neighbor Advertisement is a fresh frame that reuses the request's MAC and IPv6 headers,
 *       and the DHCP redirect only replaces the Ethernet destination.
 * </ul>
 *
 * <p>Besides illumos varpd's checks, every validator requires the copied frame to be exactly as long as the lookup
 * declares and its own MAC header to agree with the lookup's header size and ethertype. The original trusted the kernel
 * for both; here frames come from pluggable devices, and this agreement is what lets the builders find the headers
 * again from the frame alone.
 *
 * <p>Fixed against the original (docs/architecture.md#where-varpd-differs-from-illumos-on-purpose): an NS must be
 * ICMPv6 type 135 <em>and</em> code 0, and a DHCP frame must be IPv4 <em>and</em> UDP; the original dropped only when
 * both were wrong. Option walking is bounds-checked, which the original did not do.
 *
 * <p>One writer per packet kind ({@code ArpPacket}, {@link io.varpd.frame.NeighborAdvertisement}) and one checksum
 * routine ({@link io.varpd.frame.Checksums}) serve both the proxies and the frames the Linux bridge sends on its own
 * (fresh ARP replies, unsolicited advertisements). Reading goes the other way in
 * {@link io.varpd.frame.AddressAnnouncement} (1.1), which tells a device whose host table no frame reaches who an
 * injected announcement says owns an address; it walks options with the same routine as the NDP proxy.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.varpd.frame;
