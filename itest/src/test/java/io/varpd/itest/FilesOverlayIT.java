// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.itest;

import static io.varpd.itest.GuestFrames.slice;
import static io.varpd.itest.GuestFrames.u16;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import io.varpd.api.admin.InstanceState;
import io.varpd.api.admin.LookupResult;
import io.varpd.api.admin.VarpdAdmin;
import io.varpd.api.device.CacheEntry;
import io.varpd.overlay.memory.DropReason;
import io.varpd.overlay.memory.MemoryDevice;
import io.varpd.overlay.memory.MemoryDeviceStats;
import io.varpd.overlay.memory.MemoryOverlayNetwork;
import io.varpd.overlay.memory.Transmission;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files plugin serving a memory device through core (docs/architecture.md#proxy-arp-ndp-and-dhcp,
 * docs/mapping-file.md): a guest's unicast frames go where the mapping file says, proxy ARP and NDP answer from the
 * file's {@code arp} and {@code ndp} addresses, and broadcast DHCP is redirected to the client's {@code dhcp-proxy}.
 * Every answer is checked on the bytes the device sent or delivered, and on the instance's counters; the diagnostic
 * lookups must agree with the data path.
 */
class FilesOverlayIT {
    private static final String LINK = "files0";

    private static final MacAddress GUEST = mac("02:00:00:00:00:0a");
    private static final Inet4Address GUEST_IP4 = (Inet4Address) ip("10.55.55.100");
    private static final Inet6Address GUEST_IP6 = (Inet6Address) ip("fe80::a");

    private static final MacAddress HOST_A = mac("de:ad:be:ef:00:01");
    private static final TargetPoint AT_A = TargetPoint.of(ip("192.0.2.11"), 4789);
    private static final MacAddress HOST_B = mac("de:ad:be:ef:00:02");
    private static final TargetPoint AT_B = TargetPoint.of(ip("192.0.2.12"), 4789);
    private static final MacAddress DHCP_CLIENT = mac("de:ad:be:ef:00:03");
    private static final TargetPoint AT_CLIENT = TargetPoint.of(ip("192.0.2.13"), 4790);
    /** Owns an overlay address but has no underlay destination. */
    private static final MacAddress ADDRESS_ONLY = mac("de:ad:be:ef:00:04");

    private static final MacAddress UNMAPPED = mac("02:00:00:00:00:99");

    /**
     * The man page's example shape (docs/mapping-file.md). HOST_B is spelled in another form on purpose: keys are
     * compared as MACs, not as text.
     */
    private static final String MAPPING = """
            {
              "de:ad:be:ef:00:01": {"ip": "192.0.2.11", "port": 4789, "arp": "10.55.55.2", "ndp": "fe80::3"},
              "DE-AD-BE-EF-0-2": {"ip": "192.0.2.12", "port": 4789, "arp": "10.55.55.3", "ndp": "fe80::4"},
              "de:ad:be:ef:00:03": {"ip": "192.0.2.13", "port": 4790, "dhcp-proxy": "de:ad:be:ef:00:01"},
              "de:ad:be:ef:00:04": {"arp": "10.55.55.5"}
            }
            """;

    @RegisterExtension
    final FelixHarness felix = FelixHarness.standard();

    @TempDir
    Path dir;

    /** Writes the mapping, configures a files overlay on a memory device and waits until it is active. */
    private MemoryDevice startOverlay() throws Exception {
        Path file = Files.writeString(dir.resolve("mapping.json"), MAPPING);
        felix.createOverlay(
                "files",
                LINK,
                Map.of("vnetid", 77L, "files/config", file.toAbsolutePath().toString()));
        felix.awaitInstance(LINK, InstanceState.ACTIVE);
        return felix.awaitService(MemoryOverlayNetwork.class)
                .device(LINK)
                .orElseThrow(() -> new AssertionError("no memory device for " + LINK));
    }

    /** Core's own instance counters, in core's order (the device's, prefixed device_, follow them). */
    private Map<String, Long> counters() {
        Map<String, Long> core =
                new LinkedHashMap<>(felix.admin().instance(LINK).orElseThrow().counters());
        core.keySet().removeIf(name -> name.startsWith("device_"));
        return core;
    }

    /** The counters expected: every name core reports, 0 unless given. */
    private static Map<String, Long> expected(long lookups, long ok, long drop, long arp, long ndp, long dhcp) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("lookups", lookups);
        m.put("ok", ok);
        m.put("drop", drop);
        m.put("arp", arp);
        m.put("ndp", ndp);
        m.put("dhcp", dhcp);
        m.put("errors", 0L);
        for (String publishing :
                List.of("published", "withdrawn", "publish_unsupported", "publish_no_point", "publish_errors")) {
            m.put(publishing, 0L);
        }
        return m;
    }

    // ---- unicast -------------------------------------------------------------------------

    @Test
    void unicastFramesToAMappedMacGoToItsHostTheFirstFrameIncluded() throws Exception {
        MemoryDevice device = startOverlay();
        byte[] first = GuestFrames.unicast(HOST_A, GUEST, 64, 1);
        byte[] second = GuestFrames.unicast(HOST_A, GUEST, 100, 2);
        byte[] toB = GuestFrames.unicast(HOST_B, GUEST, 64, 3);

        device.transmit(first);
        device.transmit(second);
        device.transmit(toB);

        List<Transmission> sent = device.takeTransmitted();
        assertEquals(
                List.of(AT_A, AT_A, AT_B),
                sent.stream().map(Transmission::target).toList(),
                sent.toString());
        // The first frame waited in the entry's queue during the miss and was sent by the answer.
        assertArrayEquals(first, sent.get(0).frame());
        assertArrayEquals(second, sent.get(1).frame());
        assertArrayEquals(toB, sent.get(2).frame());
        MemoryDeviceStats stats = device.stats();
        assertEquals(
                2, stats.missesReported(), "one miss per new destination, the second frame hit the cache: " + stats);
        assertEquals(0, stats.framesDropped(), stats.toString());
        assertEquals(0, device.pendingFrames(HOST_A));
        assertEquals(0, device.pendingFrames(HOST_B));
        assertTrue(device.takeDelivered().isEmpty(), "nothing is delivered up for unicast frames");

        List<CacheEntry> table = felix.admin().targets(LINK);
        assertTrue(table.contains(CacheEntry.to(HOST_A, AT_A)), table.toString());
        assertTrue(
                table.contains(CacheEntry.to(HOST_B, AT_B)),
                "the file's spelling of the key does not matter: " + table);
        assertEquals(expected(2, 2, 0, 0, 0, 0), counters());
        Map<String, Long> all = felix.admin().instance(LINK).orElseThrow().counters();
        assertEquals(3L, all.get("device_frames_sent"), "the device's own counters come with core's: " + all);
        assertEquals(2L, all.get("device_misses_reported"), all.toString());
    }

    @Test
    void framesToAnUnmappedMacOrToAMacWithoutDestinationAreDropped() throws Exception {
        MemoryDevice device = startOverlay();

        device.transmit(GuestFrames.unicast(UNMAPPED, GUEST, 64, 1));
        device.transmit(GuestFrames.unicast(UNMAPPED, GUEST, 64, 2));
        device.transmit(GuestFrames.unicast(ADDRESS_ONLY, GUEST, 64, 3));

        assertEquals(List.of(), device.takeTransmitted());
        MemoryDeviceStats stats = device.stats();
        // A drop is never cached: every frame asks, and every answer frees its frame.
        assertEquals(3, stats.missesReported(), stats.toString());
        assertEquals(3, stats.dropped(DropReason.DROP_ANSWER), stats.toString());
        assertEquals(3, stats.framesDropped(), stats.toString());
        assertEquals(0, stats.pendingFrames(), stats.toString());
        assertEquals(0, device.pendingFrames(UNMAPPED));
        assertEquals(List.of(), felix.admin().targets(LINK), "nothing is installed for a drop");
        assertEquals(expected(3, 0, 3, 0, 0, 0), counters());
    }

    @Test
    void aBurstOfFramesIsAnsweredAsTheSameFramesOneByOne() throws Exception {
        MemoryDevice device = startOverlay();
        byte[] toA = GuestFrames.unicast(HOST_A, GUEST, 64, 1);
        byte[] lost = GuestFrames.unicast(UNMAPPED, GUEST, 64, 2);
        byte[] arp = GuestFrames.arpRequest(GUEST, GUEST_IP4, (Inet4Address) ip("10.55.55.2"));
        byte[] toB = GuestFrames.unicast(HOST_B, GUEST, 64, 3);
        byte[] toAAgain = GuestFrames.unicast(HOST_A, GUEST, 100, 4);

        // One burst through the whole stack: the device reports its four misses in one lookupAll,
        // core hands them to the files plugin in one lookupAll, which answers each its own way.
        device.transmitAll(List.of(toA, lost, arp, toB, toAAgain));

        List<Transmission> sent = device.takeTransmitted();
        assertEquals(
                List.of(AT_A, AT_A, AT_B),
                sent.stream().map(Transmission::target).toList(),
                sent.toString());
        // The second frame to A joined the first one's queue inside the burst; the answer sent both.
        assertArrayEquals(toA, sent.get(0).frame());
        assertArrayEquals(toAAgain, sent.get(1).frame());
        assertArrayEquals(toB, sent.get(2).frame());
        List<byte[]> up = device.takeDelivered();
        assertEquals(1, up.size(), "the ARP request of the burst was proxied");
        assertEquals(HOST_A, GuestFrames.source(up.get(0)));
        MemoryDeviceStats stats = device.stats();
        assertEquals(4, stats.missesReported(), stats.toString());
        assertEquals(2, stats.dropped(DropReason.DROP_ANSWER), "the unmapped frame and the proxied request: " + stats);
        assertEquals(0, stats.pendingFrames(), stats.toString());
        assertEquals(expected(4, 2, 1, 1, 0, 0), counters());
    }

    // ---- proxy ARP -----------------------------------------------------------------------

    @Test
    void broadcastArpRequestForAMappedAddressIsAnsweredUpAndNothingIsSent() throws Exception {
        MemoryDevice device = startOverlay();
        Inet4Address wanted = (Inet4Address) ip("10.55.55.2");
        byte[] request = GuestFrames.arpRequest(GUEST, GUEST_IP4, wanted);

        device.transmit(request);

        assertEquals(List.of(), device.takeTransmitted(), "a proxied ARP request does not leave the host");
        List<byte[]> up = device.takeDelivered();
        assertEquals(1, up.size(), "one reply delivered up");
        byte[] reply = up.get(0);
        // Built in place in the request's frame (docs/architecture.md#proxy-arp-ndp-and-dhcp): same length, padding
        // kept.
        assertEquals(request.length, reply.length);
        assertEquals(GUEST, GuestFrames.destination(reply), "the reply goes to the requester");
        assertEquals(HOST_A, GuestFrames.source(reply), "from the resolved MAC");
        assertEquals(GuestFrames.ETHERTYPE_ARP, u16(reply, 12));
        int arp = GuestFrames.ETHERNET_HEADER;
        assertEquals(1, u16(reply, arp), "hardware type Ethernet");
        assertEquals(GuestFrames.ETHERTYPE_IPV4, u16(reply, arp + 2), "protocol IPv4");
        assertEquals(6, reply[arp + 4]);
        assertEquals(4, reply[arp + 5]);
        assertEquals(2, u16(reply, arp + 6), "opcode reply");
        assertEquals(HOST_A, MacAddress.of(reply, arp + 8), "sender MAC = the mapped MAC");
        assertArrayEquals(wanted.getAddress(), slice(reply, arp + 14, 4), "sender IP = the address asked for");
        assertEquals(GUEST, MacAddress.of(reply, arp + 18), "target MAC = the requester");
        assertArrayEquals(GUEST_IP4.getAddress(), slice(reply, arp + 24, 4), "target IP = the requester's");
        assertArrayEquals(
                slice(request, 42, request.length - 42), slice(reply, 42, reply.length - 42), "padding preserved");

        assertEquals(0, device.pendingFrames(MacAddress.BROADCAST));
        assertEquals(
                1,
                device.stats().dropped(DropReason.DROP_ANSWER),
                "the request itself is dropped after the" + " reply: " + device.stats());
        assertEquals(expected(1, 0, 0, 1, 0, 0), counters());
    }

    @Test
    void arpRequestForAnUnknownAddressGoesUnanswered() throws Exception {
        MemoryDevice device = startOverlay();

        device.transmit(GuestFrames.arpRequest(GUEST, GUEST_IP4, (Inet4Address) ip("10.55.55.77")));

        assertEquals(List.of(), device.takeTransmitted());
        assertEquals(List.of(), device.takeDelivered());
        assertEquals(0, device.pendingFrames(MacAddress.BROADCAST));
        assertEquals(expected(1, 0, 1, 0, 0, 0), counters());
    }

    // ---- proxy NDP -----------------------------------------------------------------------

    @Test
    void neighborSolicitationForAMappedAddressGetsAnAdvertisementWithAValidChecksum() throws Exception {
        MemoryDevice device = startOverlay();
        Inet6Address wanted = (Inet6Address) ip("fe80::4");
        byte[] solicitation = GuestFrames.neighborSolicitation(GUEST, GUEST_IP6, wanted);
        assertEquals(
                0,
                GuestFrames.icmpv6Checksum(solicitation, GuestFrames.ETHERNET_HEADER),
                "the test's own NS is well formed");

        device.transmit(solicitation);

        assertEquals(List.of(), device.takeTransmitted(), "a proxied NS does not leave the host");
        List<byte[]> up = device.takeDelivered();
        assertEquals(1, up.size(), "one advertisement delivered up");
        byte[] na = up.get(0);
        // A proxied NA (docs/architecture.md, "Proxy ARP, NDP and DHCP"): MAC header + 40-byte IPv6
        // header + 24-byte NA + 8-byte TLLA option.
        assertEquals(GuestFrames.ETHERNET_HEADER + 72, na.length);
        assertEquals(GUEST, GuestFrames.destination(na));
        assertEquals(HOST_B, GuestFrames.source(na));
        assertEquals(GuestFrames.ETHERTYPE_IPV6, u16(na, 12));
        int ip6 = GuestFrames.ETHERNET_HEADER;
        assertEquals(6, (na[ip6] & 0xff) >>> 4, "IPv6");
        assertEquals(32, u16(na, ip6 + 4), "payload length");
        assertEquals(58, na[ip6 + 6] & 0xff, "next header ICMPv6");
        assertEquals(255, na[ip6 + 7] & 0xff, "hop limit kept from the NS (RFC 4861 needs 255)");
        assertArrayEquals(wanted.getAddress(), slice(na, ip6 + 8, 16), "source = the target address");
        assertArrayEquals(GUEST_IP6.getAddress(), slice(na, ip6 + 24, 16), "destination = the soliciting node");
        int icmp = ip6 + 40;
        assertEquals(136, na[icmp] & 0xff, "Neighbor Advertisement");
        assertEquals(0, na[icmp + 1], "code");
        assertEquals(0x60, na[icmp + 4] & 0xff, "Solicited and Override, not Router");
        assertArrayEquals(new byte[3], slice(na, icmp + 5, 3), "reserved");
        assertArrayEquals(wanted.getAddress(), slice(na, icmp + 8, 16), "target address");
        assertEquals(2, na[icmp + 24], "Target Link-Layer Address option");
        assertEquals(1, na[icmp + 25], "option length in units of 8 bytes");
        assertEquals(HOST_B, MacAddress.of(na, icmp + 26));
        assertEquals(
                0,
                GuestFrames.icmpv6Checksum(na, ip6),
                String.format("ICMPv6 checksum 0x%04x is wrong", u16(na, icmp + 2)));

        assertEquals(expected(1, 0, 0, 0, 1, 0), counters());
    }

    // ---- DHCP redirect -------------------------------------------------------------------

    @Test
    void broadcastDhcpDiscoverIsRedirectedToTheProxyMacsHost() throws Exception {
        MemoryDevice device = startOverlay();
        byte[] discover = GuestFrames.dhcpDiscover(DHCP_CLIENT, 0x1234_5678);
        assertTrue(discover.length - GuestFrames.ETHERNET_HEADER >= 328, "the redirect needs >= 328 bytes");

        device.transmit(discover);

        List<Transmission> sent = device.takeTransmitted();
        assertEquals(1, sent.size(), sent.toString());
        assertEquals(AT_A, sent.get(0).target(), "sent where the dhcp-proxy MAC lives");
        byte[] redirected = sent.get(0).frame();
        byte[] expectedFrame = discover.clone();
        HOST_A.writeTo(expectedFrame, 0);
        assertArrayEquals(expectedFrame, redirected, "only the Ethernet destination is rewritten");
        assertEquals(List.of(), device.takeDelivered());
        assertEquals(0, device.pendingFrames(MacAddress.BROADCAST));
        assertEquals(0, device.pendingFrames(HOST_A));
        MemoryDeviceStats stats = device.stats();
        assertEquals(2, stats.framesTransmitted(), "the guest's frame and the resent one: " + stats);
        assertEquals(1, stats.framesSent(), stats.toString());
        // The broadcast miss (proxied), then the redirected frame's own miss for HOST_A (OK).
        assertEquals(expected(2, 1, 0, 0, 0, 1), counters());
    }

    @Test
    void broadcastDhcpFromAMacWithoutDhcpProxyIsDropped() throws Exception {
        MemoryDevice device = startOverlay();

        device.transmit(GuestFrames.dhcpDiscover(GUEST, 7));

        assertEquals(List.of(), device.takeTransmitted());
        assertEquals(List.of(), device.takeDelivered());
        assertEquals(expected(1, 0, 1, 0, 0, 0), counters());
    }

    // ---- diagnostics ---------------------------------------------------------------------

    @Test
    void diagnosticLookupsAndResolutionsGiveTheDataPathsAnswersAndSendNothing() throws Exception {
        MemoryDevice device = startOverlay();
        VarpdAdmin admin = felix.admin();

        assertEquals(Optional.of(AT_A), admin.lookup(LINK, HOST_A).destination());
        assertEquals(Optional.of(AT_B), admin.lookup(LINK, HOST_B).destination());
        assertEquals(Optional.of(AT_CLIENT), admin.lookup(LINK, DHCP_CLIENT).destination());
        LookupResult none = admin.lookup(LINK, UNMAPPED);
        assertFalse(none.answered(), none.toString());
        assertNull(none.target());

        LookupResult v4 = admin.resolve(LINK, ip("10.55.55.2"));
        assertTrue(v4.answered(), v4.toString());
        assertEquals(HOST_A, v4.mac());
        assertEquals(AT_A, v4.target());
        LookupResult v6 = admin.resolve(LINK, ip("fe80::4"));
        assertTrue(v6.answered(), v6.toString());
        assertEquals(HOST_B, v6.mac());
        assertEquals(AT_B, v6.target());
        assertFalse(admin.resolve(LINK, ip("10.55.55.77")).answered(), "an address no entry owns");
        LookupResult noDestination = admin.resolve(LINK, ip("10.55.55.5"));
        assertFalse(noDestination.answered(), "an owner without ip/port has no destination: " + noDestination);

        assertEquals(List.of(), device.takeTransmitted(), "diagnostics send nothing");
        assertEquals(List.of(), device.takeDelivered(), "diagnostics deliver nothing");
        assertEquals(List.of(), admin.targets(LINK), "diagnostics install nothing");
        // 4 lookups (3 OK, 1 DROP) and 3 resolutions that found a MAC and looked it up (2 OK, 1 DROP).
        assertEquals(expected(7, 5, 2, 0, 0, 0), counters());

        // The data path agrees.
        for (MacAddress m : List.of(HOST_A, HOST_B, DHCP_CLIENT, UNMAPPED)) {
            device.transmit(GuestFrames.unicast(m, GUEST, 64, 9));
            List<Transmission> sent = device.takeTransmitted();
            assertEquals(
                    admin.lookup(LINK, m).destination().map(List::of).orElse(List.of()),
                    sent.stream().map(Transmission::target).toList(),
                    "frame to " + m);
        }
    }

    private static MacAddress mac(String text) {
        try {
            return MacAddress.parse(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal); // literals only: never a name lookup
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
