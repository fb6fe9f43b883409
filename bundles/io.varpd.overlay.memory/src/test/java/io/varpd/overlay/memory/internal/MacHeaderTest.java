// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.memory.internal;

import static io.varpd.overlay.memory.internal.EthernetFrameBuilder.frame;
import static io.varpd.overlay.memory.internal.TestNet.VNETID;
import static io.varpd.overlay.memory.internal.TestNet.mac;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.varpd.api.LookupRequest;
import io.varpd.api.MacAddress;
import io.varpd.frame.EthernetHeader;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The transmit path's header reading must agree with {@link EthernetHeader} on every frame. */
class MacHeaderTest {

    @Test
    void fitsExactlyTheFramesEthernetHeaderParses() {
        byte[] untagged = frame().payload(10).build();
        byte[] tagged = frame().vlan(42).payload(10).build();
        for (byte[] full : new byte[][] {untagged, tagged}) {
            for (int length = 0; length <= full.length; length++) {
                byte[] f = Arrays.copyOf(full, length);
                assertEquals(EthernetHeader.parse(f, length).isValid(), MacHeader.fits(f), "length " + length);
            }
        }
    }

    @Test
    void destinationIsTheFirstSixBytes() {
        MacAddress high = MacAddress.of(0xfe_dc_ba_98_76_54L);

        assertEquals(high.toLong(), MacHeader.destination(frame().to(high).build()));
        assertEquals(
                mac(7).toLong(),
                MacHeader.destination(frame().to(mac(7)).vlan(5).build()));
    }

    @Test
    void missRequestIsWhatEthernetHeaderGives() {
        MacAddress high = MacAddress.of(0xff_ee_dd_cc_bb_aaL);
        byte[][] frames = {
            frame().to(mac(2)).from(mac(1)).payload(46).build(),
            frame().to(high)
                    .from(high)
                    .type(LookupRequest.ETHERTYPE_ARP)
                    .vlan(4094)
                    .payload(28)
                    .build(),
            frame().to(MacAddress.BROADCAST)
                    .vlan(1)
                    .type(LookupRequest.ETHERTYPE_IPV6)
                    .payload(0)
                    .build(),
        };
        for (byte[] f : frames) {
            LookupRequest expected = EthernetHeader.parse(f, f.length).value().missRequest(VNETID, f.length);
            assertEquals(expected, MacHeader.missRequest(VNETID, f));
        }
    }

    @Test
    void theVlanIsTheLowTwelveBitsOfTheTag() {
        byte[] f = frame().vlan(42).build();
        f[14] |= (byte) 0xe0; // priority 7

        assertEquals(42, MacHeader.missRequest(VNETID, f).vlan());
    }
}
