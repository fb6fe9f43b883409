// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

/**
 * The in-JVM overlay device: an {@link io.varpd.api.device.OverlayDeviceProvider} of kind {@code memory} whose devices
 * keep the illumos kernel's target cache in memory, plus the API that tests, benchmarks and demos use to play the local
 * guests ({@link io.varpd.overlay.memory.MemoryDevice#transmit}, or a burst at a time with
 * {@link io.varpd.overlay.memory.MemoryDevice#transmitAll}) and to see what left or arrived.
 *
 * <p>Theory. On illumos the overlay driver, not varpd, owns the target cache; varpd only answers its misses. A memory
 * device is that driver, minus the wire, and every native bridge is measured against it.
 *
 * <p><b>Association.</b> A device is opened for one overlay instance but does nothing until core associates it: before
 * that, and after disassociation or close, every frame a guest transmits is dropped. A POINT association carries the
 * one destination (an IP that is not unspecified, not IPv4-compatible and not {@code ::ffff:0.0.0.0}, and a non-zero
 * port) and every frame goes there; nothing is ever looked up and the cache operations answer ENOTSUP. A DYNAMIC
 * association starts with an empty target cache.
 *
 * <p><b>The target cache</b> maps a destination MAC (nothing else: no VLAN, no vnetid) to an entry with three flags:
 * PENDING (a miss is outstanding), VALID (frames go to the entry's target) and DROP (frames are dropped; DROP wins over
 * VALID). Entries never expire and are never evicted. A transmitted frame whose MAC header cannot be parsed (14 bytes,
 * or 18 with an 802.1Q tag) is dropped; otherwise its destination's entry decides:
 *
 * <ul>
 *   <li>no entry: one is created, the frame becomes its only queued frame and a miss is reported;
 *   <li>DROP: the frame is dropped;
 *   <li>VALID: the frame is sent to the target;
 *   <li>otherwise the frame is queued, unless that would take the queue beyond 128 KiB (then it is dropped), and a miss
 *       is reported unless one is already outstanding.
 * </ul>
 *
 * Broadcast and multicast destinations are not special: the plugin decides what they mean.
 *
 * <p><b>Misses and answers.</b> A miss is reported to the {@link io.varpd.api.device.DeviceListener} as a
 * {@link io.varpd.api.device.DeviceLookup} describing the head frame of the entry's queue. Answering it with a target
 * makes the entry VALID (leaving a DROP flag alone, as the kernel does) and sends every queued frame at once. Answering
 * it with drop is a decision about the head frame only: that frame is freed and, if frames remain, a new miss is
 * reported for the next one; drop is never cached. A lookup is answered once; later answers are ignored and counted.
 * The kernel's LOOKUP skips an entry that became VALID before varpd picked it up; so does the device, but it also
 * clears PENDING (the kernel leaves it set, which stalls the entry after a later remove).
 *
 * <p><b>Cache operations</b> are the kernel's CACHE_* ioctls: get returns VALID or DROP entries only; set creates the
 * entry, and either sets DROP or makes it VALID with a target, clears DROP (the kernel does not:
 * docs/architecture.md#where-varpd-differs-from-illumos-on-purpose) and sends the queued frames; remove and flush clear
 * VALID and DROP but keep the entry and any outstanding miss; listing walks entries in MAC order and skips those with
 * neither VALID nor DROP.
 *
 * <p><b>Locking.</b> Each device has one lock around its association, its cache, its counters and its record of sent
 * frames. Every decision is made, counted and recorded under it, but its effects (frames carried to peers, misses
 * reported, frames delivered) happen after it is released, because core may answer a miss synchronously from inside
 * {@code lookup()}. Misses raised on a thread that is already reporting one for the same device (a drop answered inside
 * {@code lookup()} asking again) are reported by the outer call in order, so the stack never grows with the queue.
 *
 * <p><b>Cost.</b> The device stands in for the kernel on the lookup path that the benchmarks measure, so a frame costs
 * little beyond what the semantics need: one copy of the guest's frame, one lock crossing to decide (and one more for
 * the answer to a miss), one cache line of the target cache per frame however many MACs it holds, and no thread-local
 * or atomic counter per frame. How the cache achieves the one line is in {@code TargetCache}. A burst
 * ({@link io.varpd.overlay.memory.MemoryDevice#transmitAll transmitAll}) is decided as if its frames were transmitted
 * one by one, but crosses the lock once, probes the cache for every frame before acting on any so that the line misses
 * of different frames overlap, and reports its misses together with one
 * {@link io.varpd.api.device.DeviceListener#lookupAll}, so the plugin can overlap its own probes too.
 *
 * <p><b>The underlay.</b> A sent frame is recorded as a {@link io.varpd.overlay.memory.Transmission}. If its target IP
 * and port are the listen address of an open memory device with the same vnetid, the frame is also delivered up into
 * that device, so two memory devices make a small overlay. The {@code memory/host} setting names the simulated machine
 * a device lives on: like the kernel on one machine, a host has at most one device per vnetid, while two hosts may
 * share a vnetid.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.varpd.overlay.memory;
