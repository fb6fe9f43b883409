// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.device;

import io.varpd.api.MacAddress;
import io.varpd.frame.ArpReply;
import io.varpd.frame.NeighborAdvertisement;
import io.varpd.overlay.linux.internal.netlink.MalformedMessageException;
import io.varpd.overlay.linux.internal.netlink.MessageSplitter;
import io.varpd.overlay.linux.internal.netlink.MessageWriter;
import io.varpd.overlay.linux.internal.netlink.NeighbourMiss;
import io.varpd.overlay.linux.internal.netlink.NeighbourRequests;
import io.varpd.overlay.linux.internal.netlink.Neighbours;
import io.varpd.overlay.linux.internal.netlink.Netlink;
import io.varpd.overlay.linux.internal.netlink.NetlinkMessage;
import io.varpd.overlay.linux.internal.netlink.RequestPacker;
import io.varpd.overlay.linux.internal.netlink.Rtnetlink;
import io.varpd.overlay.linux.internal.socket.BatchChannel;
import io.varpd.overlay.linux.internal.socket.KernelException;
import io.varpd.overlay.linux.internal.socket.PacketSender;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the bridge's side of the miss path without effect when a device opens, so the first real miss does not pay for
 * class loading and the interpreter: a cold JVM made the first guest ping take 25-35 ms where a warm one takes about
 * 2-6. Decodes made-up misses of every kind, filters them through a throw-away tracker, builds (never sends) the FDB,
 * neighbour and announcement messages, asks the kernel for an FDB entry that does not exist (the request socket and its
 * error path; nothing changes), sends a batch of installs for a device that does not exist (the batch socket and its
 * error path; refused, nothing changes), and sends one frame to ifindex 0, which the kernel refuses before sending
 * anything, so the packet socket's native binding is made. The first device in the JVM runs the codec often enough for
 * the JIT to compile it; later ones run everything once.
 */
final class HotPathWarmup {
    private static final Logger LOG = LoggerFactory.getLogger(HotPathWarmup.class);
    /** More calls than the C1 compiler waits for (tier 3 starts at 200 invocations) on every codec method. */
    static final int FIRST_ROUNDS = 400;

    static final int KERNEL_ROUNDS = 32;
    /** A locally administered MAC nobody uses: the kernel answers ENOENT for it. */
    static final MacAddress ABSENT = MacAddress.of(0x0eff_ffff_fffeL);

    private static final AtomicBoolean FIRST = new AtomicBoolean(true);

    private HotPathWarmup() {}

    /**
     * Warms the path for a device of {@code ifindex} whose entries are {@code entries}, and the packet socket's send
     * ({@code packets} may be null). Never throws.
     */
    static void run(int ifindex, KernelEntries entries, PacketSender packets, BatchChannel batches) {
        long start = System.nanoTime();
        boolean first = FIRST.getAndSet(false);
        int rounds = first ? FIRST_ROUNDS : 1;
        int kernelRounds = first ? KERNEL_ROUNDS : 1;
        try {
            byte[][] misses = misses(ifindex);
            long sink = 0;
            for (int i = 0; i < rounds; i++) {
                sink += codecRound(ifindex, misses);
            }
            RequestPacker packer = new RequestPacker(256);
            WarmupVerdicts verdicts = new WarmupVerdicts();
            for (int i = 0; i < kernelRounds; i++) {
                sink += entries.getFdb(ABSENT).isPresent() ? 1 : 0;
                // The batch path, refused whole: no device has this index (ENODEV), nothing changes.
                packer.clear();
                packer.fdbReplace(NO_SUCH_INDEX, ABSENT, InetAddress.getLoopbackAddress(), 0);
                packer.neighbourReplace(NO_SUCH_INDEX, InetAddress.getLoopbackAddress(), ABSENT);
                batches.send(packer.bytes(), packer.size(), packer.count(), verdicts);
            }
            sink += verdicts.refused;
            if (packets != null && first) {
                // Binding sendto through JNA costs milliseconds on its first call: pay it here, on
                // ifindex 0, which the kernel refuses (ENXIO) before anything is sent.
                try {
                    packets.send(0, misses[0]);
                } catch (KernelException expected) {
                    sink++;
                }
            }
            LOG.debug(
                    "warm-up: {} rounds, {} kernel gets in {} us ({})",
                    rounds,
                    kernelRounds,
                    (System.nanoTime() - start) / 1000,
                    sink);
        } catch (KernelException | MalformedMessageException | RuntimeException e) {
            LOG.debug("warm-up stopped early: {}", e.toString());
        }
    }

    /** An ifindex no device has: the kernel refuses a request for it before changing anything. */
    static final int NO_SUCH_INDEX = 0x7fff_fff0;

    private static final class WarmupVerdicts implements BatchChannel.Verdicts {
        int refused;

        @Override
        public void failed(int index, KernelException e) {
            refused++;
        }

        @Override
        public void lost(KernelException e) {
            refused++;
        }
    }

    /** One pass over every kind of miss: split, decode, filter, and build what the answer sends. */
    private static long codecRound(int ifindex, byte[][] misses) throws MalformedMessageException {
        MissTracker tracker = new MissTracker(System::nanoTime);
        RequestPacker packer = new RequestPacker(512);
        long sink = 0;
        NeighbourMiss.Reader reader = new NeighbourMiss.Reader();
        for (byte[] datagram : misses) {
            // In place, as the monitor reads misses (NamespaceSession.message)...
            ByteBuffer view = ByteBuffer.wrap(datagram).order(ByteOrder.nativeOrder());
            int length = MessageSplitter.messageLength(view, 0, datagram.length, 0, reason -> {});
            NeighbourMiss.Kind kind =
                    reader.read(view, Netlink.HEADER_LENGTH, length, Short.toUnsignedInt(view.getShort(6)));
            sink += kind == NeighbourMiss.Kind.L2_MISS
                    ? reader.macBits() & 1
                    : reader.address().hashCode() & 1;
            // ...and whole, as the fuzz test and other readers do.
            for (NetlinkMessage m : MessageSplitter.split(datagram, datagram.length, reason -> {})) {
                NeighbourMiss miss = NeighbourMiss.of(m).orElseThrow();
                Object key = miss.kind() == NeighbourMiss.Kind.L2_MISS ? miss.mac() : miss.address();
                if (tracker.begin(key)) {
                    tracker.succeeded(key);
                }
                if (miss.address() != null) {
                    InetAddress a = miss.address();
                    sink += a.isLinkLocalAddress()
                                    || a.isMulticastAddress()
                                    || a.isAnyLocalAddress()
                                    || a.isLoopbackAddress()
                            ? 1
                            : 0;
                    MacAddress mac = MacAddress.of(0x0242_0000_0000L | (sink & 0xff));
                    sink += NeighbourRequests.neighbourReplace(ifindex, a, mac).length;
                    sink += NeighbourRequests.fdbReplace(ifindex, mac, a, 0, -1).length;
                    packer.fdbReplace(ifindex, mac, a, 0);
                    packer.neighbourReplace(ifindex, a, mac);
                    packer.neighbourComplete(ifindex, a, mac);
                    sink += a instanceof Inet4Address
                            ? ArpReply.build(0, mac, (Inet4Address) a, MacAddress.BROADCAST, (Inet4Address) a).length
                            : NeighborAdvertisement.unsolicited(
                                            0,
                                            mac,
                                            (Inet6Address) a,
                                            NeighborAdvertisement.ALL_NODES_MAC,
                                            NeighborAdvertisement.ALL_NODES)
                                    .length;
                } else {
                    sink += miss.mac().isMulticast() ? 1 : 0;
                    sink += NeighbourRequests.fdbGet(ifindex, miss.mac()).length;
                    packer.fdbReplace(ifindex, miss.mac(), InetAddress.getLoopbackAddress(), 4790);
                }
            }
        }
        return sink + packer.size();
    }

    /** An L2 miss, IPv4 and IPv6 L3 misses and an app probe, as the kernel sends them, for {@code ifindex}. */
    static byte[][] misses(int ifindex) {
        try {
            byte[] v4 = InetAddress.getByAddress(new byte[] {10, 0, 0, 2}).getAddress();
            byte[] v6 = InetAddress.getByName("fd00::2").getAddress();
            return new byte[][] {
                miss(ifindex, 0, Rtnetlink.AF_INET, Neighbours.NDA_LLADDR, ABSENT.toBytes()),
                miss(ifindex, 0, Rtnetlink.AF_INET, Neighbours.NDA_DST, v4),
                miss(ifindex, 0, Rtnetlink.AF_INET6, Neighbours.NDA_DST, v6),
                miss(ifindex, Netlink.NLM_F_REQUEST, Rtnetlink.AF_INET, Neighbours.NDA_DST, v4)
            };
        } catch (UnknownHostException e) {
            throw new AssertionError("literal addresses", e);
        }
    }

    private static byte[] miss(int ifindex, int flags, int family, int attribute, byte[] value) {
        return new MessageWriter(Rtnetlink.RTM_GETNEIGH, flags)
                .u8(family)
                .u8(0)
                .u16(0)
                .u32(ifindex)
                .u16(Neighbours.NUD_STALE)
                .u8(0)
                .u8(1)
                .attr(attribute, value)
                .attrU32(Neighbours.NDA_VNI, 0)
                .build();
    }
}
