// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.device;

import io.varpd.api.device.UnclaimedDevice;
import io.varpd.overlay.linux.internal.netlink.LinkMessage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Picks, from one namespace's links, the vxlans that carry varpd's signature (the miss flags, the same test as the
 * crash take-over) but that no open device owns: left by a run that crashed, or whose instance went while varpd was
 * down. Pure, so the rule is tested without a kernel.
 */
final class UnclaimedVxlans {
    private UnclaimedVxlans() {}

    /**
     * @param links every link of the namespace
     * @param open the link names of the devices open there
     * @param location the namespace's name, "" for the daemon's own
     * @return the unclaimed ones, by name
     */
    static List<UnclaimedDevice> among(List<LinkMessage> links, Set<String> open, String location) {
        List<UnclaimedDevice> out = new ArrayList<>();
        for (LinkMessage l : links) {
            if (VxlanLinks.carriesVarpdSignature(l) && !open.contains(l.name())) {
                out.add(new UnclaimedDevice(l.name(), l.vxlan().vni(), location));
            }
        }
        out.sort(Comparator.comparing(UnclaimedDevice::linkName));
        return out;
    }
}
