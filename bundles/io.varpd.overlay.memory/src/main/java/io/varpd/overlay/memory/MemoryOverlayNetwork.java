// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.memory;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The memory devices that are open, for tests, benchmarks and demos that play the guests and the wire. Registered as a
 * service by the same component that provides the {@code memory} devices.
 */
@ProviderType
public interface MemoryOverlayNetwork {
    /** The open device of the overlay link {@code link}, if any. */
    Optional<MemoryDevice> device(String link);

    /** Every open device, in link-name order. */
    List<MemoryDevice> devices();
}
