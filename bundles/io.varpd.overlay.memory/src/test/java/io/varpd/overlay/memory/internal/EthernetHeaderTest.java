package io.varpd.overlay.memory.internal;

import static io.varpd.overlay.memory.internal.EthernetFrameBuilder.frame;
import static io.varpd.overlay.memory.internal.TestNet.mac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.varpd.api.LookupRequest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EthernetHeaderTest {

    @Test
    void untaggedHeaderIs14Bytes() {
        byte[] f = frame().from(mac(1)).to(mac(2)).type(LookupRequest.ETHERTYPE_ARP).payload(28).build();

        EthernetHeader h = EthernetHeader.parse(f);

        assertEquals(new EthernetHeader(mac(2), mac(1), LookupRequest.ETHERTYPE_ARP, 0, 14), h);
        assertEquals(new LookupRequest(7, mac(1), mac(2), LookupRequest.ETHERTYPE_ARP, 0, 14, 28),
                h.request(7, f.length));
    }

    @Test
    void taggedHeaderIs18BytesWithTheSapAfterTheTag() {
        byte[] f = frame().vlan(0x2000 | 123).type(LookupRequest.ETHERTYPE_IPV6).payload(40).build();

        EthernetHeader h = EthernetHeader.parse(f);

        assertEquals(123, h.vlan(), "the priority bits are not part of the VLAN id");
        assertEquals(LookupRequest.ETHERTYPE_IPV6, h.sap());
        assertEquals(18, h.size());
    }

    @Test
    void framesTooShortForTheirHeaderAreUnparsable() {
        byte[] untagged = frame().build();
        byte[] tagged = frame().vlan(5).build();

        assertNull(EthernetHeader.parse(Arrays.copyOf(untagged, 13)));
        assertNull(EthernetHeader.parse(Arrays.copyOf(tagged, 17)));
        assertEquals(14, EthernetHeader.parse(Arrays.copyOf(untagged, 14)).size());
    }
}
