// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.api.device;

import java.util.Objects;

/**
 * A device that exists without an instance having it open.
 *
 * @param linkName the device's name
 * @param vnetid its virtual network id, or -1 when the provider cannot tell
 * @param location where it is, for the operator (on Linux the network namespace, "" for varpd's own)
 * @since 1.1
 */
public record UnclaimedDevice(String linkName, long vnetid, String location) {
    public UnclaimedDevice {
        Objects.requireNonNull(linkName, "linkName");
        location = location == null ? "" : location;
    }
}
