// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.api.device;

import java.net.InetAddress;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How an overlay instance wants its device: the link name, the virtual network id, the encapsulation's listen address
 * and port, and provider-specific settings by name (such as a network namespace or an underlay device; providers
 * document theirs and refuse unknown ones with EINVAL).
 *
 * @param linkName the overlay link name, unique among instances
 * @param vnetid the virtual network id (VXLAN: 0-16777215)
 * @param listenIp {@code vxlan/listen_ip}, may be null when the provider does not need one
 * @param listenPort {@code vxlan/listen_port}, 1-65535
 * @param extra provider-specific settings, typed like property values
 */
public record DeviceSettings(
        String linkName, long vnetid, InetAddress listenIp, int listenPort, Map<String, Object> extra) {
    public DeviceSettings {
        Objects.requireNonNull(linkName, "linkName");
        extra = Map.copyOf(extra);
    }

    public Optional<InetAddress> listenAddress() {
        return Optional.ofNullable(listenIp);
    }
}
