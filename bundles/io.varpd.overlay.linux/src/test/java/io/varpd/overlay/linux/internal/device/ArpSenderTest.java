package io.varpd.overlay.linux.internal.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.IpAddresses;
import io.varpd.api.MacAddress;
import io.varpd.frame.ArpReply;
import io.varpd.frame.GratuitousArp;
import java.net.Inet4Address;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ArpSenderTest {
    private static final MacAddress MAC = MacAddress.of(0x02420a2a0009L);
    private static final Inet4Address IP = (Inet4Address) IpAddresses.parse("10.42.0.9").orElseThrow();

    @Test
    void aGratuitousArpNamesItsSender() {
        assertEquals(new ArpSender(IP, MAC), ArpSender.of(GratuitousArp.build(0, MAC, IP, MacAddress.BROADCAST)).orElseThrow());
    }

    @Test
    void aTaggedGratuitousArpNamesItsSenderToo() {
        assertEquals(new ArpSender(IP, MAC), ArpSender.of(GratuitousArp.build(42, MAC, IP, MacAddress.BROADCAST)).orElseThrow());
    }

    @Test
    void anArpReplyNamesItsSender() {
        Inet4Address asker = (Inet4Address) IpAddresses.parse("10.42.0.1").orElseThrow();
        byte[] reply = ArpReply.build(0, MAC, IP, MacAddress.of(0x02420a2a0001L), asker);
        assertEquals(new ArpSender(IP, MAC), ArpSender.of(reply).orElseThrow());
    }

    @Test
    void anArpProbeClaimsNothing() throws Exception {
        Inet4Address none = (Inet4Address) IpAddresses.parse("0.0.0.0").orElseThrow();
        assertTrue(ArpSender.of(GratuitousArp.build(0, MAC, none, MacAddress.BROADCAST)).isEmpty());
    }

    @Test
    void otherFramesAndTruncatedArpAreNotAnnouncements() {
        byte[] garp = GratuitousArp.build(0, MAC, IP, MacAddress.BROADCAST);
        byte[] ipv4 = garp.clone();
        ipv4[12] = 0x08;
        ipv4[13] = 0x00;
        assertTrue(ArpSender.of(ipv4).isEmpty());
        assertTrue(ArpSender.of(Arrays.copyOf(garp, garp.length - 1)).isEmpty());
        assertTrue(ArpSender.of(new byte[14]).isEmpty());
        byte[] otherOp = garp.clone();
        otherOp[14 + 7] = 3; // RARP request
        assertTrue(ArpSender.of(otherOp).isEmpty());
    }
}
