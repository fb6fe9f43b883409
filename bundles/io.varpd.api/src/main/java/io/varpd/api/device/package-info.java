// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

/**
 * The overlay-device SPI: what a native bridge (Linux VXLAN, the in-JVM memory device) implements so core can drive it,
 * and what core offers the device in return.
 *
 * <p>Theory: on illumos one kernel driver, {@code /dev/overlay}, is the only device. Here devices come from providers,
 * one service per kind of device with {@value io.varpd.api.device.OverlayDeviceProvider#TYPE} naming the kind. For each
 * overlay instance core asks the provider named in the instance's configuration to
 * {@link io.varpd.api.device.OverlayDeviceProvider#open open} a device, and passes a
 * {@link io.varpd.api.device.DeviceListener} through which the device reports target-cache misses. Core then calls down
 * into the device to associate the instance, answer misses, inject frames, manage the target cache and show degraded
 * status (ONOS's provider model: observations flow up through the listener, actions flow down through the device).
 *
 * <p>A device that raises several misses at once (a burst of frames, one netlink datagram) may report them together
 * with {@link io.varpd.api.device.DeviceListener#lookupAll} (since 1.1), so the plugin can look them up together.
 *
 * <p>1.1 also separates letting go of a device ({@link io.varpd.api.device.OverlayDevice#detach}, on stop and update:
 * the device and its entries stay) from removing it ({@link io.varpd.api.device.OverlayDevice#close}, when the overlay
 * is deleted or re-created), and lets a device take changed settings live
 * ({@link io.varpd.api.device.OverlayDevice#reconfigure}).
 *
 * <p>1.2 lets a device report the guests on its local ports ({@link io.varpd.api.device.DeviceListener#guestArrived},
 * {@link io.varpd.api.device.DeviceListener#guestLeft}) and say where other hosts reach them
 * ({@link io.varpd.api.device.OverlayDevice#localPoint}); core publishes them through a plugin that publishes guests.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package io.varpd.api.device;
