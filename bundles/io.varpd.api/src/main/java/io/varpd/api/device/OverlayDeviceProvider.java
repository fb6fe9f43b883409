// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.api.device;

import io.varpd.api.VarpdException;
import io.varpd.api.plugin.PropertyDescription;
import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A kind of overlay device, registered as a service with {@value #TYPE} naming the kind ({@code memory},
 * {@code linux}). Core opens one device per overlay instance whose configuration names that kind; an instance whose
 * provider is absent waits for it.
 */
@ConsumerType
public interface OverlayDeviceProvider {
    /** Service property: the kind of device, as named in configurations. */
    String TYPE = "varpd.device.type";

    /**
     * Opens (creates or adopts) the device for one instance.
     *
     * @throws VarpdException EEXIST when the link or vnetid is already open, EINVAL for bad settings (naming the
     *     setting and what is allowed)
     */
    OverlayDevice open(DeviceSettings settings, DeviceListener listener) throws VarpdException;

    /** Provider-specific settings accepted in {@link DeviceSettings#extra()}. */
    default List<PropertyDescription> settings() {
        return List.of();
    }

    /**
     * Devices of this kind that exist but that no instance has open: on Linux, VXLAN devices carrying varpd's miss
     * flags left behind when their configuration went while varpd was down. Core reports them as degraded with "no
     * varpd instance exists" (the original marks such overlays faulted through FMA). Providers whose devices cannot
     * outlive the process keep the default.
     *
     * @throws VarpdException when the provider cannot look (the operator sees the reason)
     * @since 1.1
     */
    default List<UnclaimedDevice> unclaimedDevices() throws VarpdException {
        return List.of();
    }

    /**
     * Provider-wide counters that belong to no one device (on Linux: notifications the kernel dropped, malformed
     * messages skipped), keyed by short snake_case names; values only grow.
     *
     * @since 1.1
     */
    default Map<String, Long> counters() {
        return Map.of();
    }
}
