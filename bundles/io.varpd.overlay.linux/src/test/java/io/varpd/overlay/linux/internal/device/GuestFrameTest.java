// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.device;

import static io.varpd.overlay.linux.internal.device.LinuxOverlayE2ETest.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.MacAddress;
import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Which address a guest's ARP or NDP frame says it uses. */
class GuestFrameTest {
    private static final MacAddress GUEST = MacAddress.of(0x02420a2a0001L);

    private static Optional<GuestFrame.Sighting> read(byte[] f) {
        return GuestFrame.read(f, f.length);
    }

    @Test
    void anArpRequestOrReplyGivesItsSendersAddress() {
        assertEquals(
                Optional.of(new GuestFrame.Sighting(GUEST, ip("10.42.0.1"))),
                read(GuestFrames.arp(1, GUEST, GUEST, ip("10.42.0.1"), ip("10.42.0.2"))));
        assertEquals(
                Optional.of(new GuestFrame.Sighting(GUEST, ip("10.42.0.1"))),
                read(GuestFrames.arp(2, GUEST, GUEST, ip("10.42.0.1"), ip("10.42.0.2"))));
    }

    @Test
    void anArpProbeOrOneOnBehalfOfAnotherMacClaimsNothing() {
        assertEquals(Optional.empty(), read(GuestFrames.arp(1, GUEST, GUEST, ip("0.0.0.0"), ip("10.42.0.1"))));
        MacAddress other = MacAddress.of(0x02420a2a0009L);
        assertEquals(Optional.empty(), read(GuestFrames.arp(2, GUEST, other, ip("10.42.0.9"), ip("10.42.0.2"))));
        assertEquals(Optional.empty(), read(GuestFrames.arp(3, GUEST, GUEST, ip("10.42.0.1"), ip("10.42.0.2"))));
        assertEquals(Optional.empty(), read(GuestFrames.arp(1, GUEST, GUEST, ip("255.255.255.255"), ip("10.42.0.2"))));
    }

    @Test
    void aSolicitationGivesItsSourceAndAnAdvertisementItsTarget() {
        assertEquals(
                Optional.of(new GuestFrame.Sighting(GUEST, ip("fd42::1"))),
                read(GuestFrames.ndp(135, GUEST, ip("fd42::1"), ip("fd42::2"), 255)));
        assertEquals(
                Optional.of(new GuestFrame.Sighting(GUEST, ip("fd42::1"))),
                read(GuestFrames.ndp(136, GUEST, ip("fe80::1"), ip("fd42::1"), 255)));
    }

    @Test
    void duplicateAddressDetectionLinkLocalAndForwardedNdpClaimNothing() {
        assertEquals(Optional.empty(), read(GuestFrames.ndp(135, GUEST, ip("::"), ip("fd42::1"), 255)));
        assertEquals(Optional.empty(), read(GuestFrames.ndp(135, GUEST, ip("fe80::1"), ip("fd42::2"), 255)));
        assertEquals(Optional.empty(), read(GuestFrames.ndp(136, GUEST, ip("fd42::1"), ip("fe80::1"), 255)));
        assertEquals(Optional.empty(), read(GuestFrames.ndp(135, GUEST, ip("fd42::1"), ip("fd42::2"), 64)));
        assertEquals(Optional.empty(), read(GuestFrames.ndp(128, GUEST, ip("fd42::1"), ip("fd42::2"), 255)));
    }

    @Test
    void aFrameFromAMulticastSourceClaimsNothing() {
        MacAddress multicast = MacAddress.of(0x030000000001L);
        assertEquals(
                Optional.empty(), read(GuestFrames.arp(1, multicast, multicast, ip("10.42.0.1"), ip("10.42.0.2"))));
    }

    /** Every cut and every damage of a valid frame reads or says nothing; none throws. */
    @Test
    void shortAndDamagedFramesNeverThrow() {
        byte[][] valid = {
            GuestFrames.arp(1, GUEST, GUEST, ip("10.42.0.1"), ip("10.42.0.2")),
            GuestFrames.ndp(135, GUEST, ip("fd42::1"), ip("fd42::2"), 255),
            GuestFrames.ndp(136, GUEST, ip("fd42::1"), ip("fd42::1"), 255)
        };
        SplittableRandom random = new SplittableRandom(0x6775_6573_7473L);
        for (byte[] v : valid) {
            for (int cut = 0; cut <= v.length; cut++) {
                GuestFrame.read(v, cut);
                GuestFrame.read(Arrays.copyOf(v, cut), cut);
            }
            GuestFrame.read(v, v.length + 1);
            GuestFrame.read(null, 0);
            for (int i = 0; i < 20_000; i++) {
                byte[] d = Arrays.copyOf(v, random.nextInt(v.length + 1));
                for (int m = 1 + random.nextInt(4); m > 0 && d.length > 0; m--) {
                    d[random.nextInt(d.length)] = (byte) random.nextInt(256);
                }
                GuestFrame.read(d, d.length).ifPresent(s -> assertTrue(GuestFrame.usable(s.address()), s.toString()));
            }
        }
    }
}
