package io.varpd.api.device;

import io.varpd.api.VarpdException;
import io.varpd.api.plugin.PropertyDescription;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A kind of overlay device, registered as a service with {@value #TYPE} naming the kind
 * ({@code memory}, {@code linux}). Core opens one device per overlay instance whose configuration
 * names that kind; an instance whose provider is absent waits for it.
 */
@ConsumerType
public interface OverlayDeviceProvider {
    /** Service property: the kind of device, as named in configurations. */
    String TYPE = "varpd.device.type";

    /**
     * Opens (creates or adopts) the device for one instance.
     *
     * @throws VarpdException EEXIST when the link or vnetid is already open, EINVAL for bad
     *         settings (naming the setting and what is allowed)
     */
    OverlayDevice open(DeviceSettings settings, DeviceListener listener) throws VarpdException;

    /** Provider-specific settings accepted in {@link DeviceSettings#extra()}. */
    default List<PropertyDescription> settings() {
        return List.of();
    }
}
