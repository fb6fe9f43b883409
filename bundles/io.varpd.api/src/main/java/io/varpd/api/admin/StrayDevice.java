// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.api.admin;

import java.util.Objects;

/**
 * A device that exists although no varpd instance exists for it, as core reports it: always degraded, with
 * {@link #DETAIL} as its reason.
 *
 * @param deviceType the kind of device ({@code linux}, ...)
 * @param linkName the device's name
 * @param vnetid its virtual network id, or -1 when unknown
 * @param location where it is (on Linux the network namespace, "" for varpd's own)
 * @since 1.1
 */
public record StrayDevice(String deviceType, String linkName, long vnetid, String location) {
    /** The status detail of every stray device. */
    public static final String DETAIL = "no varpd instance exists";

    public StrayDevice {
        Objects.requireNonNull(deviceType, "deviceType");
        Objects.requireNonNull(linkName, "linkName");
        location = location == null ? "" : location;
    }

    /** Always {@value #DETAIL}. */
    public String detail() {
        return DETAIL;
    }
}
