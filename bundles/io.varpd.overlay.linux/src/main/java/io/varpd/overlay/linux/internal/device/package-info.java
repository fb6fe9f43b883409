// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

/**
 * The {@code linux} overlay device: a kernel VXLAN device per overlay instance, whose misses become varpd lookups and
 * whose FDB is varpd's target cache.
 *
 * <p>Theory. On illumos the overlay driver hands varpd the frame that missed; on Linux the vxlan driver drops it and
 * multicasts an {@code RTM_GETNEIGH} on {@code RTNLGRP_NEIGH} instead (see {@code linux-vxlan-misses.md}). Each vxlan
 * is created {@code nolearning proxy l2miss l3miss}: varpd, not the kernel, says where MACs live; {@code proxy} makes
 * the vxlan answer ARP/NS from its neighbour table, and an ARP/NS it cannot answer becomes an L3 miss. Three kinds of
 * miss arrive:
 *
 * <ul>
 *   <li><b>L2 miss</b> (a destination MAC without FDB entry) becomes a {@link io.varpd.api.device.DeviceListener#lookup
 *       lookup} with a synthetic request (source 00:00:00:00:00:00, IPv4, untagged; the frame is gone, so
 *       {@code frame()} is ENOTSUP). A target becomes a permanent {@code NTF_SELF} FDB entry; a drop installs nothing.
 *   <li><b>L3 miss</b> (a guest's ARP/NS through the proxy) and <b>app probe</b> (the host's own resolution; see below)
 *       become a {@link io.varpd.api.device.DeviceListener#resolve resolve}. The answer is installed <em>FDB first,
 *       then the neighbour</em>: a valid neighbour immediately flushes the packets queued on it, and each of them would
 *       be dropped with an L2 miss if the FDB entry were not there yet. Both are permanent, because the kernel would
 *       age a dynamic FDB entry even in use (6.15+) and revalidating a neighbour fails against the proxy.
 * </ul>
 *
 * With {@code linux/announce}, a resolved address is also announced into the bridge (broadcast ARP reply, unsolicited
 * NA to ff02::1): the guest that asked then sends at once instead of after its next retransmit, one second later. Linux
 * does not say who asked, hence the broadcast. The announcement goes out once the kernel has the FDB entry and the
 * neighbour (one datagram, see <b>Bursts</b>): the guest's packets need the FDB entry, the neighbour serves the host
 * and the proxy.
 *
 * <p><b>app_solicit.</b> Traffic the host sends itself over the vxlan never causes an L3 miss: the kernel's own
 * resolution first makes an INCOMPLETE neighbour, and the proxy silently drops the kernel's ARP for it. The kernel's
 * arpd hook does reach userspace: with {@code net.ipv{4,6}.neigh.DEV.app_solicit = N} the first N solicitations are app
 * probes, the first one immediately and the next ones a retransmit time (1 s) apart. The default here is 3, not 1: a
 * single lost or unanswered probe would otherwise fail the neighbour, and core gets up to three chances (the negative
 * cache lets one through per second). {@code mcast_solicit} is set to 0 when the vxlan has {@code proxy}: its broadcast
 * solicitations are swallowed by the proxy anyway, so they only delay the FAILED verdict. An adopted vxlan without
 * proxy keeps its value.
 *
 * <p><b>Storms.</b> The kernel sends one miss per dropped packet and per retransmit, without rate limit. Per device and
 * per key (MAC or IP) one miss is in flight at a time and an unanswered key is quiet for a second
 * ({@code MissTracker}); link-local, multicast, unspecified, loopback and the namespace's own addresses are never asked
 * about (IPv6 DAD and the bridge's own address cause such misses). The thread reading the monitor socket decides this
 * in order without waiting; a miss worth reporting is then handled (core, the plugin, the installs) by the thread that
 * read it, so no hand-off sits between the kernel's miss and the answer: as the reader still when nothing else is
 * queued (no other thread wakes), else while the monitor's second thread takes over the socket (a burst). When the
 * other reader is busy too, the miss goes to a bounded dispatcher instead, and a full queue drops and counts it (the
 * kernel asks again). A monitor-socket overflow (ENOBUFS) means notifications were lost: it is counted and the session
 * re-reads addresses, links and FDBs. The first device opened in the JVM runs the codec and the request path without
 * effect ({@code HotPathWarmup}), and every device makes and answers throw-away questions of its own that reach neither
 * core nor the kernel, so the first miss is not the one that loads and compiles them (a cold JVM made the first guest
 * ping take 25-35 ms instead of 2-7).
 *
 * <p><b>Bursts.</b> A burst of misses is read, reported and answered as one: the reader takes up to 256 datagrams off
 * the monitor socket without waiting between them, 64 per {@code recvmmsg}, and reads each miss where it lies (no
 * object per message; a miss becomes objects only once the filter lets it through), the L2 misses among them reach core
 * in one {@link io.varpd.api.device.DeviceListener#lookupAll lookupAll} per device, and the FDB and neighbour requests
 * of every answer given meanwhile leave in one datagram without {@code NLM_F_ACK} ({@code InstallBatch},
 * {@code BatchChannel}): rtnetlink handles all of them inside that one {@code sendmsg}, and only the refused ones are
 * answered, each by its sequence number. An answer given later, on another thread, is sent at once the same way.
 *
 * <p><b>Underlay family.</b> The underlay is IPv4 or IPv6, never both: an IPv6 listen address creates the vxlan with
 * {@code IFLA_VXLAN_LOCAL6} (with {@code ::}, an IPv6 vxlan without a fixed source), and the kernel then refuses every
 * FDB remote of the other family (EAFNOSUPPORT). The device learns the family from the local address the kernel
 * reports, else its default remote, else the listen address (the kernel reports no unspecified local), and refuses
 * destinations of the other family itself, with a sentence rather than the kernel's errno; drop entries are
 * {@code 0.0.0.0} or {@code ::} accordingly. The overlay's own families are independent of it.
 *
 * <p><b>Namespaces.</b> Devices in the same network namespace share one {@code NamespaceSession}: one monitor socket,
 * one request socket, one dispatcher, routed by ifindex, which is kept current from link notifications (a vxlan deleted
 * behind varpd's back degrades the device until one of the same name and VNI returns). One vxlan per VNI per namespace:
 * the kernel refuses a second with the same port, and misses do not carry the VNI anyway.
 *
 * <p><b>Target cache.</b> The cache operations are the vxlan's own FDB: get asks the kernel for the one entry
 * ({@code bridge fdb get}; a kernel that cannot answers EOPNOTSUPP and the FDB is dumped instead), list dumps it
 * (unicast entries with a remote, permanent ones), set replaces an entry, remove deletes one (ENOENT if absent) with
 * the permanent neighbours varpd installed at that MAC, flush deletes the unicast ones and those neighbours. A drop
 * entry is a remote of 0.0.0.0 (or ::), which {@code vxlan_xmit} drops. POINT mode installs one all-zeros default entry
 * (APPEND: the kernel refuses REPLACE there), which also silences L2 misses; its cache operations are ENOTSUP except
 * get and list, which show the point. Misses are reported only while associated.
 *
 * <p><b>Inject.</b> A frame goes into the bridge named by {@code linux/announce}. The host's own view of the overlay is
 * the neighbour table, which no frame reaches, so an injected ARP (a plugin's gratuitous ARP for an address that moved)
 * also moves the neighbour varpd installed for its sender address, or deletes it when varpd has no FDB entry for the
 * new MAC.
 *
 * <p><b>Lifecycle.</b> A vxlan outlives the process that made it unless its overlay is deleted: {@code detach} (varpd
 * stopping, a bundle update, and this provider's own deactivation) lets go of it and leaves it as it is, with its MAC,
 * addresses, FDB and neighbour entries, so established traffic keeps flowing while no daemon runs (only new resolutions
 * wait). {@code close} (the overlay deleted, or its device re-created) deletes a created vxlan, and with it every
 * entry; closing an adopted one deletes only the entries varpd owns. A vxlan of the instance's name and VNI carrying
 * varpd's miss flags, left by a stop, an update or a crash, is taken over as created, and so is an adopted one: its
 * permanent FDB entries and neighbours are taken as varpd's and stay in the kernel, and once the instance is associated
 * each is asked about again in the background ({@code LeftoverReconciler}), the same question its miss would ask: an
 * answer that confirms it keeps it, another destination or MAC replaces it, a drop or a failure removes it. A created
 * vxlan gets a MAC derived from the machine, namespace, link, VNI and listen address ({@code StableMac}), so
 * re-creating it keeps its MAC. {@code reconfigure} changes the MTU, the bridge, the announce bridge and app_solicit on
 * the live vxlan and asks for a new one when the namespace, underlay, listen address or adopt flag change. Such vxlans
 * that no open device owns are what the provider reports as unclaimed: in the daemon's namespace and in every namespace
 * it opened a device in during this run. Linux has no FMA: degrade/restore only keep the message, which a vanished link
 * also sets.
 *
 * <p><b>The host on the bridge.</b> An announcement sent into the bridge leaves through its ports and never reaches the
 * bridge's own stack, so a host whose overlay address sits on the announce bridge would wait for its ARP/NS retransmit.
 * When that bridge holds a neighbour for the address just resolved (the host is resolving it), the device completes it
 * (REACHABLE at the answer's MAC, kernel-managed from then on), which sends the queued packets at once.
 *
 * <p><b>Guests behind the bridge.</b> With {@code linux/bridge}, a {@code GuestWatch} reads that bridge's own
 * forwarding table (its own netlink socket, filtered in the kernel to {@code AF_BRIDGE} entry changes, so the misses
 * above never reach it) and the guests' ARP and NDP (a packet socket filtered to them), and {@code LocalGuests}
 * decides: a MAC learned on a local port arrives, one that loses its last local port (removed, aged out, moved to the
 * vxlan) leaves, and the addresses its own port carried are reported with it. They reach core only while an instance is
 * associated; associating reports every guest present. {@link io.varpd.api.device.OverlayDevice#localPoint} is the
 * vxlan's local address and port.
 *
 * <p><b>Counters.</b> Each device exports its {@code LinuxDeviceCounters}; the provider sums, over the namespaces'
 * sessions past and present, the monitor overflows ({@code notifications_lost}), the resynchronisations they caused and
 * the malformed messages skipped.
 */
package io.varpd.overlay.linux.internal.device;
