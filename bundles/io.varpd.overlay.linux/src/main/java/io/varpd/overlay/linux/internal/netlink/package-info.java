// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

/**
 * A pure-Java rtnetlink codec: the messages the Linux bridge exchanges with the kernel, with no native code and no
 * sockets, so every byte is unit-testable.
 *
 * <p>Theory. Netlink is a datagram protocol of TLVs in host byte order. A datagram holds one or more messages
 * ({@code nlmsghdr}: length, type, flags, sequence, port id), each padded to 4 bytes; a message holds a fixed family
 * struct ({@code ndmsg}, {@code ifinfomsg}, {@code ifaddrmsg}) followed by attributes ({@code nlattr}: length, type,
 * payload padded to 4), which may nest. Three payloads break the host-order rule: IP addresses are in network order,
 * and the ports {@code NDA_PORT} and {@code IFLA_VXLAN_PORT} are big-endian; {@code NDA_VNI} is host order.
 *
 * <p>Everything read here comes from outside the JVM, so every length is checked against what is actually there:
 * {@link io.varpd.overlay.linux.internal.netlink.MessageSplitter} reports a header whose length does not fit and
 * returns the messages before it; attribute parsing and the typed accessors throw the checked
 * {@link io.varpd.overlay.linux.internal.netlink.MalformedMessageException}, which the socket layer catches, counts and
 * skips. Nothing else is thrown for bad bytes.
 *
 * <p>The kernel reports vxlan misses as {@code RTM_GETNEIGH} multicasts;
 * {@link io.varpd.overlay.linux.internal.netlink.NeighbourMiss} tells L2 misses, L3 misses and app probes apart by
 * which attribute is present (the family lies: L2 misses say AF_INET) and ignores the {@code NDA_VNI} sentinel.
 * Requests are built by {@code *Requests} classes, one static method per request, each documented with the iproute2
 * command that sends the same bytes.
 */
package io.varpd.overlay.linux.internal.netlink;
