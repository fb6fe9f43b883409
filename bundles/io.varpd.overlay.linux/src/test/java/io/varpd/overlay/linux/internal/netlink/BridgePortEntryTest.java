// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.MacAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The bridge's forwarding table read for guests: which messages are a learned guest entry. */
class BridgePortEntryTest {
    private static final int BRIDGE = 5;
    private static final int PORT = 7;
    private static final MacAddress GUEST = MacAddress.of(0x02420a2a0001L);

    /** An {@code AF_BRIDGE} neighbour message as the bridge multicasts it. */
    static byte[] fdb(
            int type, int family, int ifindex, int state, int flags, MacAddress mac, Integer master, Integer vlan) {
        MessageWriter w = new MessageWriter(type, 0)
                .u8(family)
                .u8(0)
                .u16(0)
                .u32(ifindex)
                .u16(state)
                .u8(flags)
                .u8(0);
        if (mac != null) {
            w.attr(Neighbours.NDA_LLADDR, mac.toBytes());
        }
        if (vlan != null) {
            byte[] v = ByteBuffer.allocate(2)
                    .order(ByteOrder.nativeOrder())
                    .putShort(0, vlan.shortValue())
                    .array();
            w.attr(Neighbours.NDA_VLAN, v);
        }
        if (master != null) {
            w.attrU32(Neighbours.NDA_MASTER, master);
        }
        return w.build();
    }

    static byte[] learned(MacAddress mac, int port) {
        return fdb(
                Rtnetlink.RTM_NEWNEIGH,
                Rtnetlink.AF_BRIDGE,
                port,
                Neighbours.NUD_REACHABLE,
                Neighbours.NTF_MASTER,
                mac,
                BRIDGE,
                null);
    }

    private static Optional<BridgePortEntry> read(byte[] datagram) throws MalformedMessageException {
        List<NetlinkMessage> ms = MessageSplitter.split(datagram, datagram.length, r -> {
            throw new AssertionError(r);
        });
        assertEquals(1, ms.size());
        return BridgePortEntry.of(ms.get(0), BRIDGE);
    }

    @Test
    void aMacLearnedOnAPortOfTheBridgeIsAnEntry() throws Exception {
        assertEquals(Optional.of(new BridgePortEntry(false, GUEST, PORT, 0)), read(learned(GUEST, PORT)));
    }

    @Test
    void aRemovedEntrySaysSoWithItsPortAndVlan() throws Exception {
        byte[] m = fdb(Rtnetlink.RTM_DELNEIGH, Rtnetlink.AF_BRIDGE, PORT, Neighbours.NUD_STALE, 0, GUEST, BRIDGE, 10);
        assertEquals(Optional.of(new BridgePortEntry(true, GUEST, PORT, 10)), read(m));
    }

    @Test
    void theBridgesLocalEntriesAreTheHostsOwnInterfacesNotGuests() throws Exception {
        byte[] local = fdb(
                Rtnetlink.RTM_NEWNEIGH, Rtnetlink.AF_BRIDGE, PORT, Neighbours.NUD_PERMANENT, 0, GUEST, BRIDGE, null);
        assertEquals(Optional.empty(), read(local));
        byte[] onTheBridge = fdb(
                Rtnetlink.RTM_NEWNEIGH, Rtnetlink.AF_BRIDGE, BRIDGE, Neighbours.NUD_REACHABLE, 0, GUEST, BRIDGE, null);
        assertEquals(Optional.empty(), read(onTheBridge));
    }

    @Test
    void aPortDevicesOwnEntryAndAnotherBridgesAreNotThisBridges() throws Exception {
        byte[] vxlanSelf = fdb(
                Rtnetlink.RTM_NEWNEIGH,
                Rtnetlink.AF_BRIDGE,
                PORT,
                Neighbours.NUD_PERMANENT | 0,
                Neighbours.NTF_SELF,
                GUEST,
                null,
                null);
        assertEquals(Optional.empty(), read(vxlanSelf));
        byte[] selfNotPermanent = fdb(
                Rtnetlink.RTM_NEWNEIGH,
                Rtnetlink.AF_BRIDGE,
                PORT,
                Neighbours.NUD_REACHABLE,
                Neighbours.NTF_SELF,
                GUEST,
                null,
                null);
        assertEquals(Optional.empty(), read(selfNotPermanent));
        assertEquals(
                Optional.empty(),
                read(fdb(
                        Rtnetlink.RTM_NEWNEIGH,
                        Rtnetlink.AF_BRIDGE,
                        PORT,
                        Neighbours.NUD_REACHABLE,
                        0,
                        GUEST,
                        BRIDGE + 1,
                        null)));
    }

    @Test
    void multicastZeroAndMissingMacsAndOtherFamiliesAreNotGuests() throws Exception {
        assertEquals(Optional.empty(), read(learned(MacAddress.of(0x333300000001L), PORT)));
        assertEquals(Optional.empty(), read(learned(MacAddress.ZERO, PORT)));
        assertEquals(
                Optional.empty(),
                read(fdb(
                        Rtnetlink.RTM_NEWNEIGH,
                        Rtnetlink.AF_BRIDGE,
                        PORT,
                        Neighbours.NUD_REACHABLE,
                        0,
                        null,
                        BRIDGE,
                        null)));
        assertEquals(
                Optional.empty(),
                read(fdb(
                        Rtnetlink.RTM_NEWNEIGH,
                        Rtnetlink.AF_INET,
                        PORT,
                        Neighbours.NUD_REACHABLE,
                        0,
                        GUEST,
                        BRIDGE,
                        null)));
        assertEquals(
                Optional.empty(),
                read(fdb(
                        Rtnetlink.RTM_GETNEIGH,
                        Rtnetlink.AF_BRIDGE,
                        PORT,
                        Neighbours.NUD_REACHABLE,
                        0,
                        GUEST,
                        BRIDGE,
                        null)));
    }

    @Test
    void damagedAttributesAreMalformedNotSomethingElse() {
        byte[] shortVlan = new MessageWriter(Rtnetlink.RTM_NEWNEIGH, 0)
                .u8(Rtnetlink.AF_BRIDGE)
                .u8(0)
                .u16(0)
                .u32(PORT)
                .u16(Neighbours.NUD_REACHABLE)
                .u8(0)
                .u8(0)
                .attr(Neighbours.NDA_LLADDR, GUEST.toBytes())
                .attrU32(Neighbours.NDA_MASTER, BRIDGE)
                .attr(Neighbours.NDA_VLAN, new byte[3])
                .build();
        assertThrows(MalformedMessageException.class, () -> read(shortVlan));
        byte[] shortMac = new MessageWriter(Rtnetlink.RTM_NEWNEIGH, 0)
                .u8(Rtnetlink.AF_BRIDGE)
                .u8(0)
                .u16(0)
                .u32(PORT)
                .u16(Neighbours.NUD_REACHABLE)
                .u8(0)
                .u8(0)
                .attr(Neighbours.NDA_LLADDR, new byte[5])
                .attrU32(Neighbours.NDA_MASTER, BRIDGE)
                .build();
        assertThrows(MalformedMessageException.class, () -> read(shortMac));
    }

    /**
     * Every mutation of a valid entry (bytes flipped, set to extremes, the datagram cut or grown) either reads, is
     * reported by the splitter, or is a {@link MalformedMessageException}: the watch's reader never sees another
     * exception from the kernel's bytes.
     */
    @Test
    void anyDamageToAnEntryIsReadOrRejectedAsMalformed() {
        byte[] valid =
                fdb(Rtnetlink.RTM_DELNEIGH, Rtnetlink.AF_BRIDGE, PORT, Neighbours.NUD_STALE, 0, GUEST, BRIDGE, 3);
        SplittableRandom random = new SplittableRandom(0x6272_6964_6765L);
        for (int i = 0; i < 20_000; i++) {
            byte[] d = java.util.Arrays.copyOf(valid, random.nextInt(valid.length + 8));
            for (int m = 1 + random.nextInt(4); m > 0; m--) {
                if (d.length > 0) {
                    int at = random.nextInt(d.length);
                    d[at] = switch (random.nextInt(4)) {
                        case 0 -> (byte) random.nextInt(256);
                        case 1 -> (byte) 0xff;
                        case 2 -> 0;
                        default -> (byte) (d[at] ^ (1 << random.nextInt(8)));
                    };
                }
            }
            for (NetlinkMessage msg : MessageSplitter.split(d, d.length, r -> {})) {
                try {
                    BridgePortEntry.of(msg, BRIDGE).ifPresent(e -> {
                        assertTrue(
                                !e.mac().isMulticast() && !e.mac().equals(MacAddress.ZERO) && e.port() > 0,
                                e.toString());
                        assertNotEquals(BRIDGE, e.port());
                    });
                } catch (MalformedMessageException expected) {
                    // counted and skipped by the reader
                }
            }
        }
    }

    @Test
    void theDumpNamesTheBridgeAsItsMaster() throws Exception {
        byte[] request = BridgePortEntry.dumpRequest(BRIDGE);
        ByteBuffer b = ByteBuffer.wrap(request).order(ByteOrder.nativeOrder());
        assertEquals(Rtnetlink.RTM_GETNEIGH, b.getShort(4));
        assertEquals(Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP, b.getShort(6));
        assertEquals(Rtnetlink.AF_BRIDGE, b.get(16));
        Attributes a = Attributes.parse(
                ByteBuffer.wrap(request, 16, request.length - 16).slice(), Neighbours.NDMSG_LENGTH);
        assertEquals(Optional.of((long) BRIDGE), a.u32(Neighbours.NDA_MASTER));
    }

    @Test
    void theNotificationFilterKeepsOnlyBridgeEntryChanges() {
        byte[] filter = BridgePortEntry.notificationFilter();
        assertTrue(ClassicBpf.run(filter, learned(GUEST, PORT), k -> 0) != 0);
        assertTrue(ClassicBpf.run(
                        filter,
                        fdb(Rtnetlink.RTM_DELNEIGH, Rtnetlink.AF_BRIDGE, PORT, 0, 0, GUEST, BRIDGE, null),
                        k -> 0)
                != 0);
        // The vxlan's misses and the IP neighbours never reach the watch.
        assertEquals(
                0,
                ClassicBpf.run(
                        filter,
                        fdb(Rtnetlink.RTM_GETNEIGH, Rtnetlink.AF_BRIDGE, PORT, 0, 0, GUEST, null, null),
                        k -> 0));
        assertEquals(
                0,
                ClassicBpf.run(
                        filter, fdb(Rtnetlink.RTM_GETNEIGH, Rtnetlink.AF_INET, PORT, 0, 0, GUEST, null, null), k -> 0));
        assertEquals(
                0,
                ClassicBpf.run(
                        filter,
                        fdb(Rtnetlink.RTM_NEWNEIGH, Rtnetlink.AF_INET6, PORT, 0, 0, GUEST, null, null),
                        k -> 0));
        assertEquals(
                0,
                ClassicBpf.run(
                        filter,
                        fdb(Rtnetlink.RTM_NEWLINK, Rtnetlink.AF_BRIDGE, PORT, 0, 0, GUEST, null, null),
                        k -> 0));
    }
}
