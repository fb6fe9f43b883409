// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.api.device;

import io.varpd.api.DestinationType;
import io.varpd.api.MacAddress;
import io.varpd.api.PluginMode;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One overlay device, opened for one instance by an {@link OverlayDeviceProvider}. Methods may be called from any
 * thread. Errors carry an errno as on illumos: ENOENT for a missing entry, ENOTSUP for cache operations on a POINT
 * device, ENXIO before {@link #associate}.
 */
@ConsumerType
public interface OverlayDevice {
    String linkName();

    long vnetid();

    /** What the encapsulation needs in a destination (VXLAN: IP and PORT). */
    Set<DestinationType> destination();

    /**
     * Binds the instance to the device ({@code OVERLAY_TARG_ASSOCIATE}): a POINT device sends every frame to
     * {@code point}; a DYNAMIC device starts with an empty target cache and reports misses.
     *
     * @param point the destination of a POINT instance; null for DYNAMIC
     * @throws VarpdException EINVAL for an unusable point, EEXIST when already associated
     */
    void associate(long instanceId, PluginMode mode, TargetPoint point) throws VarpdException;

    /** Unbinds the instance; misses after this are not reported. */
    void disassociate();

    /** Delivers a frame up to the local receivers, not tied to a miss ({@code INJECT} by link). */
    void inject(byte[] frame) throws VarpdException;

    /** The valid or drop entry for {@code mac} (for POINT: the point, whatever the MAC). */
    Optional<CacheEntry> cacheGet(MacAddress mac) throws VarpdException;

    /** Creates or replaces an entry, clearing a previous drop flag, and sends queued frames. */
    void cacheSet(CacheEntry entry) throws VarpdException;

    /** Invalidates the entry for {@code mac}; ENOENT when there is none. */
    void cacheRemove(MacAddress mac) throws VarpdException;

    /** Invalidates every entry. */
    void cacheFlush() throws VarpdException;

    /** Every valid and drop entry, in MAC order (for POINT: one entry keyed {@link MacAddress#ZERO}). */
    List<CacheEntry> cacheEntries() throws VarpdException;

    /** Marks the device degraded with a message (replacing any previous one). */
    void degrade(String message);

    /** Clears the degraded mark. */
    void restore();

    /** The degraded message, empty when the device is fine. */
    Optional<String> degradedMessage();

    /**
     * Releases the device: outstanding misses are answered DROP, and what the provider created for this instance is
     * removed (an adopted device is left in place).
     */
    void close();

    /**
     * Lets go of the device without removing it: varpd is stopping, or core, the plugin or the device's own bundle is
     * being updated, while the overlay stays configured. What the device installed (a kernel device, its forwarding
     * entries) stays in place so established traffic keeps flowing, and the next {@link OverlayDeviceProvider#open
     * open} of the same link adopts it. Core calls it instead of {@link #disassociate()} and {@link #close()}, so a
     * POINT device keeps its default entry too. Outstanding misses are answered DROP as for {@link #close()}. Devices
     * that cannot outlive the process (the memory device) keep the default, which is {@link #close()}.
     *
     * @since 1.1
     */
    default void detach() {
        close();
    }

    /**
     * Applies changed device settings to the running device where that is possible without re-creating it (on Linux:
     * the bridge, the MTU, announcements, app probes).
     *
     * @return true when the device now runs with {@code next}; false when {@code next} needs a new device (core then
     *     re-creates it, and keeps the old one if that fails)
     * @throws VarpdException EINVAL for a bad value (naming the setting and what is allowed), or the failure of the
     *     change; the device then runs exactly as before
     * @since 1.1
     */
    default boolean reconfigure(DeviceSettings next) throws VarpdException {
        return false;
    }

    /**
     * What this device saw and did (misses received, entries installed, ...), keyed by short snake_case names in a
     * stable order; values only grow. Exported as metrics next to the instance's lookup counters.
     *
     * @since 1.1
     */
    default Map<String, Long> counters() {
        return Map.of();
    }
    /**
     * Where the overlay's other hosts send frames for this device's local guests (VXLAN: the local underlay address and
     * UDP port), used to publish them; empty when the device does not know (no local address configured). The default
     * is empty.
     *
     * @since 1.2
     */
    default Optional<TargetPoint> localPoint() {
        return Optional.empty();
    }
}
