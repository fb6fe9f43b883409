// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.memory;

import io.varpd.api.MacAddress;
import io.varpd.api.device.DeviceSettings;
import io.varpd.api.device.OverlayDevice;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * An overlay device that lives in memory: core drives it through {@link OverlayDevice}; a test plays the local guests
 * with {@link #transmit} and reads what was sent to underlay targets and what was delivered up to the guests.
 *
 * <p>Frames are copied when they enter the device; the frames returned here belong to the device records and must be
 * treated as read-only. The records grow until taken, so long-running users (benchmarks) should
 * {@link #takeTransmitted() take} them now and then. All methods are thread-safe.
 */
@ProviderType
public interface MemoryDevice extends OverlayDevice {
    /** The settings the device was opened with. */
    DeviceSettings settings();

    /**
     * A local guest sends {@code frame} out through the device: it is sent, queued for a lookup or dropped as the
     * target cache says. Never throws for a bad frame; drops it and counts it.
     */
    void transmit(byte[] frame);

    /**
     * A local guest sends a burst of frames, as a NIC's receive burst hands them over: the same as {@link #transmit} of
     * each frame in list order (the same frames sent, queued and dropped, the same counters, each frame copied as it
     * enters), with two differences:
     *
     * <ol>
     *   <li>the target cache is probed for every frame's destination before any frame is acted on, so the cache-line
     *       misses of a large cache are waited for together rather than one frame after another;
     *   <li>the misses the burst raises are reported to the {@link io.varpd.api.device.DeviceListener} together, in one
     *       {@link io.varpd.api.device.DeviceListener#lookupAll lookupAll} call after the device lock is released, not
     *       one {@code lookup} per miss. The listener therefore answers them only after every frame of the burst has
     *       been decided: two frames to the same unknown MAC raise one miss with both frames queued, as two transmits
     *       before an answer would.
     * </ol>
     *
     * A thread calling this from inside a listener call of this device (while answering one of its misses) has the
     * burst's misses reported one by one after that call returns, as with any miss raised there. Bad frames are dropped
     * and counted, never thrown; an empty list does nothing.
     *
     * @param frames the frames, in the order the guest sent them; neither the list nor any frame is kept
     * @throws NullPointerException if {@code frames} or one of its frames is null, before any frame is acted on
     * @since 1.1
     */
    void transmitAll(List<byte[]> frames);

    /** Every frame sent to an underlay target and not yet taken, oldest first. */
    List<Transmission> transmitted();

    /** Returns and forgets the frames {@link #transmitted()} would return. */
    List<Transmission> takeTransmitted();

    /** Every frame delivered up to the local guests (injected or received from a peer) and not yet taken. */
    List<byte[]> delivered();

    /** Returns and forgets the frames {@link #delivered()} would return. */
    List<byte[]> takeDelivered();

    /** How many frames are queued for {@code destination}, waiting for a lookup answer. */
    int pendingFrames(MacAddress destination);

    /** A snapshot of the device counters. */
    MemoryDeviceStats stats();
}
