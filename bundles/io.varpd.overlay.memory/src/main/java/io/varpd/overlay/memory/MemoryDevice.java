package io.varpd.overlay.memory;

import io.varpd.api.MacAddress;
import io.varpd.api.device.DeviceSettings;
import io.varpd.api.device.OverlayDevice;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * An overlay device that lives in memory: core drives it through {@link OverlayDevice}; a test
 * plays the local guests with {@link #transmit} and reads what was sent to underlay targets and
 * what was delivered up to the guests.
 *
 * <p>Frames are copied when they enter the device; the frames returned here belong to the device
 * records and must be treated as read-only. The records grow until taken, so long-running users
 * (benchmarks) should {@link #takeTransmitted() take} them now and then. All methods are
 * thread-safe.
 */
@ProviderType
public interface MemoryDevice extends OverlayDevice {
    /** The settings the device was opened with. */
    DeviceSettings settings();

    /**
     * A local guest sends {@code frame} out through the device: it is sent, queued for a lookup or
     * dropped as the target cache says. Never throws for a bad frame; drops it and counts it.
     */
    void transmit(byte[] frame);

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
