// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.netlink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.IpAddresses;
import io.varpd.api.MacAddress;
import io.varpd.overlay.linux.internal.netlink.NeighbourMiss.Kind;
import java.net.Inet6Address;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NeighbourMissTest {
    @BeforeAll
    static void littleEndian() {
        Assumptions.assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "vectors are from x86-64");
    }

    private static Optional<NeighbourMiss> classify(byte[] datagram) throws MalformedMessageException {
        List<NetlinkMessage> ms = MessageSplitter.split(datagram, datagram.length, r -> {
            throw new AssertionError(r);
        });
        assertEquals(1, ms.size());
        return NeighbourMiss.of(ms.get(0));
    }

    @Test
    void l2MissIsTheMacAlthoughTheFamilySaysAfInet() throws Exception {
        NeighbourMiss m = classify(KernelVectors.L2_MISS).orElseThrow();
        assertEquals(Kind.L2_MISS, m.kind());
        assertEquals(3, m.ifindex());
        assertEquals(MacAddress.parse("02:42:0a:2a:00:02"), m.mac());
        assertNull(m.address());
    }

    @Test
    void l3MissIsTheIpv4AddressAndTheVniSentinelIsIgnored() throws Exception {
        NeighbourMiss m = classify(KernelVectors.L3_MISS_V4).orElseThrow();
        assertEquals(Kind.L3_MISS, m.kind());
        assertEquals(IpAddresses.parse("10.42.0.2").orElseThrow(), m.address());
        assertNull(m.mac());
    }

    @Test
    void l3MissCarriesA16ByteIpv6Address() throws Exception {
        NeighbourMiss m = classify(KernelVectors.L3_MISS_V6).orElseThrow();
        assertEquals(Kind.L3_MISS, m.kind());
        assertEquals(IpAddresses.parse("fd42::2").orElseThrow(), m.address());
    }

    @Test
    void anIpv4MappedTargetInAnIpv6MissStaysIpv6() throws Exception {
        // A guest's NS for ::ffff:10.42.0.2: AF_INET6 with a 16-byte NDA_DST is well formed, whatever
        // the bytes; folding them to IPv4 would contradict the family and call the message malformed.
        byte[] b = KernelVectors.L3_MISS_V6.clone();
        byte[] mapped = Hex.bytes("00 00 00 00 00 00 00 00 00 00 ff ff 0a 2a 00 02");
        System.arraycopy(mapped, 0, b, 32, 16);
        NeighbourMiss m = classify(b).orElseThrow();
        assertEquals(Kind.L3_MISS, m.kind());
        assertTrue(m.address() instanceof Inet6Address, m.address().toString());
        assertArrayEquals(mapped, m.address().getAddress());
        assertTrue(InetBytes.isIpv4Mapped(m.address()));
        assertFalse(InetBytes.isIpv4Mapped(
                classify(KernelVectors.L3_MISS_V6).orElseThrow().address()));
        assertFalse(InetBytes.isIpv4Mapped(
                classify(KernelVectors.L3_MISS_V4).orElseThrow().address()));
    }

    @Test
    void anIpv6FdbRemoteDecodesAsSixteenBytes() throws Exception {
        // An FDB notification on an IPv6 vxlan: AF_BRIDGE, NTF_SELF, NDA_DST fd00:0:46::9.
        byte[] fdb = Hex.bytes("3c 00 00 00 1c 00 00 00 00 00 00 00 00 00 00 00 |"
                + " 07 00 00 00 02 00 00 00 c0 00 02 00 | 0a 00 02 00 02 42 0a 2a 00 09 00 00 |"
                + " 14 00 01 00 fd 00 00 00 00 46 00 00 00 00 00 00 00 00 00 09");
        NeighbourMessage n = NeighbourMessage.decode(MessageSplitter.split(fdb, fdb.length, r -> {
                    throw new AssertionError(r);
                })
                .get(0));
        assertEquals(
                IpAddresses.parse("fd00:0:46::9").orElseThrow(), n.destination().orElseThrow());
        assertTrue(classify(fdb).isEmpty(), "an FDB update is not a miss");
    }

    @Test
    void requestFlagMakesAnAppProbe() throws Exception {
        NeighbourMiss v4 = classify(KernelVectors.APP_PROBE_V4).orElseThrow();
        assertEquals(Kind.APP_PROBE, v4.kind());
        assertEquals(IpAddresses.parse("10.42.0.2").orElseThrow(), v4.address());
        NeighbourMiss v6 = classify(KernelVectors.APP_PROBE_V6).orElseThrow();
        assertEquals(Kind.APP_PROBE, v6.kind());
        assertEquals(IpAddresses.parse("fd42::2").orElseThrow(), v6.address());
    }

    @Test
    void revalidationProbeWithBothAttributesIsAboutTheAddress() throws Exception {
        NeighbourMiss m = classify(KernelVectors.APP_PROBE_REVALIDATE).orElseThrow();
        assertEquals(Kind.APP_PROBE, m.kind());
        assertEquals(IpAddresses.parse("10.42.0.2").orElseThrow(), m.address());
    }

    @Test
    void neighbourStateChangesAreNotMisses() throws Exception {
        assertTrue(classify(KernelVectors.NEIGH_FAILED).isEmpty());
    }

    @Test
    void bridgeLearningAndFdbUpdatesAreNotMisses() throws Exception {
        assertTrue(classify(KernelVectors.BRIDGE_LEARNED).isEmpty());
        assertTrue(classify(KernelVectors.FDB_ADDED).isEmpty());
    }

    @Test
    void aDestinationWhoseSizeContradictsTheFamilyIsMalformed() {
        byte[] b = KernelVectors.L3_MISS_V4.clone();
        b[16] = 10; // AF_INET6 with a 4-byte NDA_DST
        assertThrows(MalformedMessageException.class, () -> classify(b));
    }

    @Test
    void aMacThatIsNotSixBytesIsMalformed() {
        byte[] b = KernelVectors.L2_MISS.clone();
        b[28] = 9; // NDA_LLADDR of 5 bytes
        assertThrows(MalformedMessageException.class, () -> classify(b));
    }

    @Test
    void aMessageShorterThanNdmsgIsMalformed() {
        byte[] b = new MessageWriter(Rtnetlink.RTM_GETNEIGH, 0).u32(2).build();
        assertThrows(MalformedMessageException.class, () -> classify(b));
    }

    @Test
    void anAttributeOverrunningTheMessageIsMalformed() {
        byte[] b = KernelVectors.L3_MISS_V4.clone();
        b[28] = 0x40; // NDA_DST claims 64 bytes
        assertThrows(MalformedMessageException.class, () -> classify(b));
    }

    @Test
    void decodedFdbNotificationHasItsRemote() throws Exception {
        List<NetlinkMessage> ms =
                MessageSplitter.split(KernelVectors.FDB_ADDED, KernelVectors.FDB_ADDED.length, r -> {});
        NeighbourMessage n = NeighbourMessage.decode(ms.get(0));
        assertEquals(Rtnetlink.AF_BRIDGE, n.family());
        assertTrue(n.hasFlag(Neighbours.NTF_SELF));
        assertTrue(n.hasState(Neighbours.NUD_PERMANENT));
        assertEquals(MacAddress.parse("02:42:0a:2a:00:09"), n.lladdr().orElseThrow());
        assertEquals(
                IpAddresses.parse("192.0.2.9").orElseThrow(), n.destination().orElseThrow());
    }

    /**
     * The monitor reads each miss where it lies in a datagram of several ({@code NamespaceSession}): the reader must
     * give, at any offset, what decoding the message alone gives.
     */
    @Test
    void aMissIsReadInPlaceAtAnyOffsetOfItsDatagram() throws Exception {
        byte[][] parts = {
            KernelVectors.FDB_ADDED,
            KernelVectors.L3_MISS_V4,
            KernelVectors.L2_MISS,
            KernelVectors.APP_PROBE_V6,
            KernelVectors.L3_MISS_V6
        };
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            all.write(p);
        }
        byte[] datagram = all.toByteArray();
        java.nio.ByteBuffer view = java.nio.ByteBuffer.wrap(datagram).order(ByteOrder.nativeOrder());
        NeighbourMiss.Reader reader = new NeighbourMiss.Reader();
        int offset = 0;
        for (int i = 0; i < parts.length; i++) {
            int length = MessageSplitter.messageLength(view, offset, datagram.length, i, r -> {
                throw new AssertionError(r);
            });
            assertEquals(parts[i].length, length, "message " + i);
            Optional<NeighbourMiss> alone = parts[i] == KernelVectors.FDB_ADDED ? Optional.empty() : classify(parts[i]);
            if (alone.isPresent()) {
                NeighbourMiss m = alone.get();
                Kind kind = reader.read(
                        view,
                        offset + Netlink.HEADER_LENGTH,
                        offset + length,
                        Short.toUnsignedInt(view.getShort(offset + 6)));
                assertEquals(m.kind(), kind, "message " + i);
                assertEquals(m.ifindex(), reader.ifindex(), "message " + i);
                if (kind == Kind.L2_MISS) {
                    assertEquals(m.mac(), reader.mac(), "message " + i);
                    assertEquals(m.mac().toLong(), reader.macBits(), "message " + i);
                } else {
                    assertEquals(m.address(), reader.address(), "message " + i);
                }
            }
            offset += Netlink.align(length);
        }
        assertEquals(datagram.length, offset);
    }
}
