// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.device;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.varpd.api.device.UnclaimedDevice;
import io.varpd.overlay.linux.internal.netlink.LinkMessage;
import io.varpd.overlay.linux.internal.netlink.Rtnetlink;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UnclaimedVxlansTest {
    private static LinkMessage vxlan(int index, String name, long vni, boolean proxy, boolean l2miss, boolean l3miss) {
        return new LinkMessage(
                Rtnetlink.RTM_NEWLINK,
                index,
                0,
                name,
                1450,
                0,
                "vxlan",
                new LinkMessage.VxlanInfo(vni, null, null, 4789, 0, false, proxy, l2miss, l3miss));
    }

    private static LinkMessage other(int index, String name, String kind) {
        return new LinkMessage(Rtnetlink.RTM_NEWLINK, index, 0, name, 1500, 0, kind, null);
    }

    @Test
    void aFlaggedVxlanNoDeviceOwnsIsUnclaimedWithItsVniAndNamespace() {
        List<UnclaimedDevice> found =
                UnclaimedVxlans.among(List.of(vxlan(7, "vx9", 42, true, true, true)), Set.of(), "vt-ns");
        assertEquals(List.of(new UnclaimedDevice("vx9", 42, "vt-ns")), found);
    }

    @Test
    void anOpenDeviceIsClaimed() {
        List<LinkMessage> links = List.of(vxlan(7, "vx0", 1, true, true, true), vxlan(8, "vx1", 2, true, true, true));
        assertEquals(List.of(new UnclaimedDevice("vx1", 2, "")), UnclaimedVxlans.among(links, Set.of("vx0"), ""));
    }

    @Test
    void aVxlanMissingAnyOfTheMissFlagsIsNotVarpds() {
        List<LinkMessage> links = List.of(
                vxlan(1, "noproxy", 1, false, true, true),
                vxlan(2, "nol2", 2, true, false, true),
                vxlan(3, "nol3", 3, true, true, false),
                vxlan(4, "plain", 4, false, false, false));
        assertEquals(List.of(), UnclaimedVxlans.among(links, Set.of(), ""));
    }

    @Test
    void aLearningVxlanWithTheMissFlagsIsNotVarpds() {
        LinkMessage learning = new LinkMessage(
                Rtnetlink.RTM_NEWLINK,
                5,
                0,
                "dockervx",
                1450,
                0,
                "vxlan",
                new LinkMessage.VxlanInfo(256, null, null, 4789, 0, true, true, true, true));
        assertEquals(List.of(), UnclaimedVxlans.among(List.of(learning), Set.of(), ""));
    }

    @Test
    void otherKindsOfLinkAreIgnored() {
        List<LinkMessage> links = List.of(other(1, "lo", ""), other(2, "br0", "bridge"), other(3, "eth0", "veth"));
        assertEquals(List.of(), UnclaimedVxlans.among(links, Set.of(), ""));
    }

    @Test
    void theAnswerIsInNameOrderWhateverTheKernelsOrder() {
        List<LinkMessage> links = List.of(
                vxlan(9, "vz", 3, true, true, true),
                vxlan(4, "va", 1, true, true, true),
                vxlan(6, "vm", 2, true, true, true));
        assertEquals(
                List.of("va", "vm", "vz"),
                UnclaimedVxlans.among(links, Set.of(), "").stream()
                        .map(UnclaimedDevice::linkName)
                        .toList());
    }
}
