// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

/**
 * The native edge of the Linux bridge: a minimal libc binding through JNA and the three kinds of sockets built on it.
 *
 * <p>Theory. Everything the bridge does to the kernel goes through netlink sockets, and a socket belongs forever to the
 * network namespace of the thread that created it. So a namespace gets its sockets from a short-lived thread that
 * {@code setns()}es into it ({@link io.varpd.overlay.linux.internal.socket.NetworkNamespace}); after that any thread
 * may use them.
 *
 * <p>Per namespace there are two netlink sockets, never one: a <em>monitor</em> socket joined to the neighbour, link
 * and address groups, read by one of two threads at a time, which hands what it read over in order without waiting and
 * passes the socket on before doing anything slow ({@link io.varpd.overlay.linux.internal.socket.NotificationMonitor});
 * and a <em>request</em> socket in no group, on which requests are answered in order by sequence number
 * ({@link io.varpd.overlay.linux.internal.socket.RequestChannel}). Mixing them would interleave ACKs with a flood of
 * multicasts. The kernel does not rate-limit misses (one per dropped packet), so the monitor gets a large forced
 * receive buffer, and an overflow (ENOBUFS) is reported, not hidden: it means notifications were lost and whoever
 * tracks kernel state must resynchronise by dumping.
 *
 * <p>Only datagrams whose sender port is 0 (the kernel) are accepted. System call failures become
 * {@link io.varpd.overlay.linux.internal.socket.KernelException}s carrying the Linux errno and the kernel's
 * extended-ack text, which the device layer turns into varpd errors with a sentence.
 */
package io.varpd.overlay.linux.internal.socket;
