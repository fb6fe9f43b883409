// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal.metatype;

import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import io.varpd.api.plugin.ProviderHandle;
import java.net.Inet4Address;

/**
 * The provider handle of a plugin state created only to read the plugin's property descriptions (for the Metatype
 * form); it is never started, and anything it is asked to do goes nowhere.
 */
final class DescribingHandle implements ProviderHandle {
    @Override
    public long instanceId() {
        return 0;
    }

    @Override
    public long vnetid() {
        return 0;
    }

    @Override
    public String linkName() {
        return "(describing)";
    }

    @Override
    public void injectTarget(MacAddress mac, TargetPoint target) {}

    @Override
    public void injectGratuitousArp(int vlan, MacAddress source, Inet4Address ip, MacAddress destination) {}

    @Override
    public void injectUnsolicitedAdvertisement(int vlan, MacAddress source, java.net.Inet6Address ip) {}

    @Override
    public void degrade(String message) {}

    @Override
    public void restore() {}
}
