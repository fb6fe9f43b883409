// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.IpAddresses;
import io.varpd.api.MacAddress;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "A malformed kernel message is counted and skipped, never fatal", checked by mutation: every kernel vector (and a few
 * messages built with the project's own writers, re-typed as the kernel would send them) is damaged in many
 * deterministic ways and fed through the decoders exactly as the socket readers call them. Each input must either
 * decode, or be reported by the splitter, or make the decoder throw {@link MalformedMessageException}: nothing else (no
 * runtime exception, no error) and no decoded value that breaks its own documented contract.
 *
 * <p>Everything is seeded from {@link #SEED}; a failure names the input, the iteration, the iteration's seed and the
 * mutations applied, and prints the input in hex, so it can be replayed with {@link Hex#bytes(String)}. An infinite
 * loop would show as a hung test (no timed assertion).
 */
class NetlinkDecoderFuzzTest {
    private static final Logger LOG = LoggerFactory.getLogger(NetlinkDecoderFuzzTest.class);
    private static final long SEED = 0x7661_7270_645f_6e6cL; // "varpd_nl"
    private static final int RANDOM_ITERATIONS_PER_INPUT = 4000;
    /** Stacked mutations per random iteration, at most. */
    private static final int MAX_MUTATIONS = 4;

    /** Every message type a reader of ours decodes, and a few it ignores. */
    private static final int[] TYPES = {
        Netlink.NLMSG_NOOP,
        Netlink.NLMSG_ERROR,
        Netlink.NLMSG_DONE,
        Netlink.NLMSG_OVERRUN,
        Rtnetlink.RTM_NEWLINK,
        Rtnetlink.RTM_DELLINK,
        Rtnetlink.RTM_GETLINK,
        Rtnetlink.RTM_NEWADDR,
        Rtnetlink.RTM_DELADDR,
        Rtnetlink.RTM_NEWNEIGH,
        Rtnetlink.RTM_DELNEIGH,
        Rtnetlink.RTM_GETNEIGH,
        0,
        0xffff
    };

    private static final int[] FLAGS = {
        0,
        Netlink.NLM_F_REQUEST,
        Netlink.NLM_F_MULTI,
        Netlink.NLM_F_CAPPED,
        Netlink.NLM_F_ACK_TLVS,
        Netlink.NLM_F_CAPPED | Netlink.NLM_F_ACK_TLVS,
        Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK_TLVS,
        0xffff
    };
    private static final int[] FAMILIES = {
        Rtnetlink.AF_UNSPEC, Rtnetlink.AF_INET, Rtnetlink.AF_BRIDGE, Rtnetlink.AF_INET6, 0xff
    };

    @BeforeAll
    static void littleEndian() {
        Assumptions.assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "vectors are from x86-64");
    }

    // ---- the tests ----

    @Test
    void everyInputDecodesCleanlyBeforeItIsMutated() {
        for (Input in : inputs()) {
            Outcome o = decodeAsTheSocketReadersDo(in.bytes(), in.bytes().length);
            assertEquals(0, o.splitterReports() + o.rejected(), in.name() + " is not clean: " + Hex.text(in.bytes()));
            assertTrue(o.decoded() > 0, in.name() + " reached no decoder");
        }
    }

    @Test
    void everyMutationOfAKernelVectorDecodesOrIsRejectedAsMalformed() {
        Campaign c = new Campaign();
        SplittableRandom master = new SplittableRandom(SEED);
        for (Input in : inputs()) {
            for (int i = 0; i < RANDOM_ITERATIONS_PER_INPUT; i++) {
                long seed = master.nextLong();
                Mutator m = new Mutator(new SplittableRandom(seed), in.bytes());
                int count = 1 + m.random.nextInt(MAX_MUTATIONS);
                for (int k = 0; k < count; k++) {
                    m.mutateOnce();
                }
                c.feed(
                        in.name() + ", iteration " + i + " (iteration seed 0x" + Long.toHexString(seed) + "): " + m.log,
                        m.bytes,
                        m.bytes.length);
            }
        }
        c.assertNothingEscapedAndEveryOutcomeSeen();
    }

    @Test
    void everyTruncationOfAKernelVectorDecodesOrIsRejectedAsMalformed() {
        Campaign c = new Campaign();
        for (Input in : inputs()) {
            byte[] b = in.bytes();
            for (int cut = 0; cut <= b.length; cut++) {
                // As received short (the header still claims the whole message) ...
                c.feed(in.name() + " received as its first " + cut + " bytes", b, cut);
                // ... and cut with the header claiming exactly what is left, so the decoders see it.
                byte[] fitted = Arrays.copyOf(b, cut);
                if (cut >= 4) {
                    putU32(fitted, 0, cut);
                }
                c.feed(in.name() + " cut to " + cut + " bytes, nlmsg_len " + cut, fitted, cut);
                // ... and every attribute header also shrunk to fit, so nests end exactly there.
                byte[] nested = fitted.clone();
                for (LengthField f : Layout.of(nested).lengths) {
                    if (f.width == 2 && f.offset + 2 <= cut) {
                        putU16(nested, f.offset, (int) Math.min(u16(nested, f.offset), cut - f.offset));
                    }
                }
                c.feed(in.name() + " cut to " + cut + " bytes with every length shrunk to fit", nested, cut);
            }
        }
        c.assertNothingEscapedAndEveryOutcomeSeen();
    }

    @Test
    void everyLengthFieldAtAnEdgeValueDecodesOrIsRejectedAsMalformed() {
        Campaign c = new Campaign();
        for (Input in : inputs()) {
            for (LengthField f : Layout.of(in.bytes()).lengths) {
                for (long v : f.edgeValues(in.bytes())) {
                    byte[] b = in.bytes().clone();
                    f.set(b, v);
                    c.feed(in.name() + ", " + f + " set to " + v, b, b.length);
                }
            }
        }
        c.assertNothingEscapedAndEveryOutcomeSeen();
    }

    @Test
    void everyBitFlipOfAKernelVectorDecodesOrIsRejectedAsMalformed() {
        Campaign c = new Campaign();
        for (Input in : inputs()) {
            for (int at = 0; at < in.bytes().length; at++) {
                for (int bit = 0; bit < 8; bit++) {
                    byte[] b = in.bytes().clone();
                    b[at] ^= (byte) (1 << bit);
                    c.feed(in.name() + ", bit " + bit + " of byte " + at + " flipped", b, b.length);
                }
                for (int v : new int[] {0x00, 0xff, 0x80, 0x7f}) {
                    byte[] b = in.bytes().clone();
                    b[at] = (byte) v;
                    c.feed(in.name() + ", byte " + at + " set to 0x" + Integer.toHexString(v), b, b.length);
                }
            }
        }
        c.assertNothingEscapedAndEveryOutcomeSeen();
    }

    @Test
    void aKernelVectorRetypedAsAnyMessageOrAttributeDecodesOrIsRejectedAsMalformed() {
        Campaign c = new Campaign();
        for (Input in : inputs()) {
            Layout layout = Layout.of(in.bytes());
            for (int start : layout.messages) {
                for (int type : TYPES) {
                    for (int flags : FLAGS) {
                        byte[] b = in.bytes().clone();
                        putU16(b, start + 4, type);
                        putU16(b, start + 6, flags);
                        c.feed(
                                in.name() + ", message at " + start + " as type " + type + " flags 0x"
                                        + Integer.toHexString(flags),
                                b,
                                b.length);
                    }
                }
                for (int family : FAMILIES) {
                    if (start + Netlink.HEADER_LENGTH < in.bytes().length) {
                        byte[] b = in.bytes().clone();
                        b[start + Netlink.HEADER_LENGTH] = (byte) family;
                        c.feed(in.name() + ", message at " + start + " of family " + family, b, b.length);
                    }
                }
            }
            for (int at : layout.attributeTypes) {
                for (int type = 0; type <= 24; type++) {
                    for (int bits : new int[] {0, 0x8000, 0x4000}) {
                        byte[] b = in.bytes().clone();
                        putU16(b, at, type | bits);
                        c.feed(
                                in.name() + ", attribute type at " + at + " set to 0x"
                                        + Integer.toHexString(type | bits),
                                b,
                                b.length);
                    }
                }
            }
        }
        c.assertNothingEscaped();
        assertTrue(c.decoded > 0 && c.rejected > 0, c.summary());
    }

    @Test
    void aMalformedMessageDoesNotCostTheMessagesAfterItInTheSameDatagram() {
        // Only the first message's body is damaged (its nlmsg_len stays), so the splitter still
        // finds the intact L2 miss after it, and the miss must come out whole.
        Campaign c = new Campaign();
        SplittableRandom master = new SplittableRandom(SEED ^ 1);
        byte[] tail = KernelVectors.L2_MISS;
        MacAddress wanted = MacAddress.of(new byte[] {0x02, 0x42, 0x0a, 0x2a, 0x00, 0x02});
        int rejectedFirsts = 0;
        for (Input in : inputs()) {
            int firstLength = (int) u32(in.bytes(), 0);
            if (firstLength != in.bytes().length) {
                continue; // multi-message inputs: the first message's end is not the datagram's
            }
            for (int i = 0; i < 500; i++) {
                long seed = master.nextLong();
                SplittableRandom r = new SplittableRandom(seed);
                byte[] first = in.bytes().clone();
                for (int k = 0; k < 1 + r.nextInt(6); k++) {
                    int at = Netlink.HEADER_LENGTH + r.nextInt(first.length - Netlink.HEADER_LENGTH);
                    first[at] = (byte) r.nextInt(256);
                }
                byte[] datagram = Arrays.copyOf(first, Netlink.align(first.length) + tail.length);
                System.arraycopy(tail, 0, datagram, Netlink.align(first.length), tail.length);
                String where = in.name() + " body-damaged, iteration " + i + " (seed 0x" + Long.toHexString(seed) + ")";
                Outcome o = c.feed(where, datagram, datagram.length);
                if (o == null) {
                    continue; // escaped: reported by assertNothingEscaped below
                }
                List<NetlinkMessage> ms = MessageSplitter.split(datagram, datagram.length, reason -> {
                    throw new AssertionError(where + ": splitter complained: " + reason + "; " + Hex.text(datagram));
                });
                assertEquals(2, ms.size(), where + ": " + Hex.text(datagram));
                if (o.rejected() > 0) {
                    rejectedFirsts++;
                }
                try {
                    NeighbourMiss miss = NeighbourMiss.of(ms.get(1)).orElseThrow();
                    assertEquals(wanted, miss.mac(), where + ": " + Hex.text(datagram));
                } catch (MalformedMessageException e) {
                    throw new AssertionError(
                            where + ": the intact miss after it was rejected: " + e.getMessage() + "; input "
                                    + Hex.text(datagram),
                            e);
                }
            }
        }
        c.assertNothingEscaped();
        assertTrue(rejectedFirsts > 0, "no damaged first message was ever rejected: the test proves nothing");
    }

    // ---- the decode path, as the socket readers take it ----

    /** What one datagram came to. */
    private record Outcome(int messages, int decoded, int rejected, int splitterReports) {}

    /**
     * Decodes {@code buf[0, n)} the way the readers do: {@code MessageSplitter.split} (monitor and request socket),
     * then per type what {@code NamespaceSession.message} (the monitor's handler), {@code RequestChannel} (acks and
     * dump ends), {@code KernelEntries} and {@code VxlanLinks} (dump and get replies) call. Each reader runs on its
     * own: one rejecting a message does not hide what another would do with it. Throws anything other than a
     * {@link MalformedMessageException}, and an {@link AssertionError} for a decoded value that breaks its contract.
     */
    private static Outcome decodeAsTheSocketReadersDo(byte[] buf, int n) {
        int[] reports = {0};
        List<NetlinkMessage> ms = MessageSplitter.split(buf, n, reason -> {
            invariant(reason != null && !reason.isBlank(), "splitter reports a reason", "empty reason");
            reports[0]++;
        });
        invariant(
                ms.size() <= Math.max(0, n) / Netlink.HEADER_LENGTH,
                "splitter finds at most n/16 messages",
                ms.size() + " messages in " + n + " bytes");
        long used = 0;
        for (NetlinkMessage m : ms) {
            invariant(
                    m.length() >= 0 && m.body().position() == 0 && m.body().limit() == m.length(),
                    "a payload is a buffer from 0 to its length",
                    m.body().toString());
            used += Netlink.HEADER_LENGTH + m.length();
        }
        invariant(used <= Math.max(0, n), "messages fit in the datagram", used + " bytes in " + n);
        int decoded = 0;
        int rejected = 0;
        for (NetlinkMessage m : ms) {
            for (Reader r : readersOf(m.type())) {
                try {
                    r.read(m);
                    decoded++;
                } catch (MalformedMessageException e) {
                    invariant(
                            e.getMessage() != null && !e.getMessage().isBlank(), "a rejection says why", "no message");
                    rejected++;
                }
            }
        }
        return new Outcome(ms.size(), decoded, rejected, reports[0]);
    }

    @FunctionalInterface
    private interface Reader {
        void read(NetlinkMessage m) throws MalformedMessageException;
    }

    private static List<Reader> readersOf(int type) {
        switch (type) {
            case Netlink.NLMSG_ERROR:
                return List.of(NetlinkDecoderFuzzTest::readAsAnAck);
            case Netlink.NLMSG_DONE:
                return List.of(NetlinkDecoderFuzzTest::readAsADumpEnd);
            case Rtnetlink.RTM_GETNEIGH:
                return List.of(NetlinkDecoderFuzzTest::readAsAMiss, NetlinkDecoderFuzzTest::readAsADumpEntry);
            case Rtnetlink.RTM_NEWNEIGH:
            case Rtnetlink.RTM_DELNEIGH:
                return List.of(NetlinkDecoderFuzzTest::readAsADumpEntry);
            case Rtnetlink.RTM_NEWLINK:
            case Rtnetlink.RTM_DELLINK:
                return List.of(NetlinkDecoderFuzzTest::readAsALink);
            case Rtnetlink.RTM_NEWADDR:
            case Rtnetlink.RTM_DELADDR:
                return List.of(NetlinkDecoderFuzzTest::readAsAnAddress);
            default:
                return List.of(); // every reader skips other types unread
        }
    }

    /** {@code RequestChannel.check}: the verdict on a request. */
    private static void readAsAnAck(NetlinkMessage m) throws MalformedMessageException {
        NetlinkAck a = NetlinkAck.decode(m);
        invariant(
                a.isAck() || a.errno() > 0,
                "errno() is the positive errno, 0 for an ACK",
                "error " + a.error() + " gives errno " + a.errno());
        invariant(
                a.message() != null && a.message().map(s -> !s.isEmpty()).orElse(true),
                "the extended-ack text is absent or not empty",
                String.valueOf(a.message()));
    }

    /** {@code RequestChannel.dumpOnce}: the status of NLMSG_DONE. */
    private static void readAsADumpEnd(NetlinkMessage m) {
        if (m.length() >= 4) {
            m.body().order(ByteOrder.nativeOrder()).getInt(0);
        }
    }

    /** {@code NamespaceSession.message} for RTM_GETNEIGH: the device by ifindex, then the miss. */
    private static void readAsAMiss(NetlinkMessage m) throws MalformedMessageException {
        if (m.length() < Neighbours.NDMSG_LENGTH) {
            throw new MalformedMessageException("neighbour message of " + m.length() + " bytes"); // deviceOf
        }
        m.body().getInt(4);
        if (m.type() == Rtnetlink.RTM_GETNEIGH) {
            String onePass = missVerdict(() -> NeighbourMiss.of(m));
            String full =
                    missVerdict(() -> NeighbourMiss.of(NeighbourMessage.decode(m), m.hasFlag(Netlink.NLM_F_REQUEST)));
            invariant(
                    onePass.equals(full),
                    "the one-pass decode of a miss agrees with the full decode",
                    onePass + " / " + full);
        }
        Optional<NeighbourMiss> miss = NeighbourMiss.of(m);
        if (miss.isPresent()) {
            NeighbourMiss x = miss.get();
            if (x.kind() == NeighbourMiss.Kind.L2_MISS) {
                invariant(x.mac() != null && x.address() == null, "an L2 miss has a MAC and no address", x.toString());
            } else {
                invariant(
                        x.mac() == null && x.address() != null,
                        "an L3 miss or probe has an address and no MAC",
                        x.toString());
                int family = x.address() instanceof Inet4Address ? Rtnetlink.AF_INET : Rtnetlink.AF_INET6;
                invariant(
                        NeighbourMessage.decode(m).family() == family,
                        "an address miss has its address's family",
                        x.toString());
                invariant(
                        (x.kind() == NeighbourMiss.Kind.APP_PROBE) == m.hasFlag(Netlink.NLM_F_REQUEST),
                        "an app probe is exactly an address miss with NLM_F_REQUEST",
                        x.toString());
            }
        }
    }

    private interface MissDecode {
        Optional<NeighbourMiss> decode() throws MalformedMessageException;
    }

    /** The miss decoded, or "malformed". */
    private static String missVerdict(MissDecode d) {
        try {
            return d.decode().toString();
        } catch (MalformedMessageException e) {
            return "malformed";
        }
    }

    /** {@code KernelEntries} (FDB and neighbour dumps, FDB get) and {@code NamespaceSession.fdbDeleted}. */
    private static void readAsADumpEntry(NetlinkMessage m) throws MalformedMessageException {
        if (m.length() < Neighbours.NDMSG_LENGTH) {
            throw new MalformedMessageException("neighbour message of " + m.length() + " bytes"); // deviceOf
        }
        NeighbourMessage n = NeighbourMessage.decode(m);
        n.hasFlag(Neighbours.NTF_SELF);
        n.hasState(Neighbours.NUD_PERMANENT);
        Optional<MacAddress> mac = n.lladdr();
        Optional<InetAddress> dst = n.destination();
        Optional<Integer> port = n.port();
        Optional<Long> vni = n.vni();
        invariant(mac != null && dst != null && port != null && vni != null, "accessors never return null", "");
        port.ifPresent(p -> invariant(p >= 0 && p <= 0xffff, "a port is a u16", "port " + p));
        vni.ifPresent(v -> invariant(v >= 0 && v <= 0xffff_ffffL, "NDA_VNI is a u32", "vni " + v));
        dst.ifPresent(a -> invariant(
                a.getAddress().length == 4 || a.getAddress().length == 16,
                "an address has 4 or 16 bytes",
                a.toString()));
    }

    /** {@code NamespaceSession.link} and {@code VxlanLinks.find/all}. */
    private static void readAsALink(NetlinkMessage m) throws MalformedMessageException {
        LinkMessage l = LinkMessage.decode(m);
        invariant(l.name() != null && l.kind() != null, "name and kind are never null", l.toString());
        invariant(
                l.mtu() >= 0 && l.mtu() <= 0xffff_ffffL && l.master() >= 0 && l.master() <= 0xffff_ffffL,
                "mtu and master are u32",
                l.toString());
        l.isUp();
        if (l.vxlan() != null) {
            invariant(Links.KIND_VXLAN.equals(l.kind()), "vxlan settings only for kind vxlan", l.toString());
            invariant(l.vxlan().port() >= 0 && l.vxlan().port() <= 0xffff, "the vxlan port is a u16", l.toString());
            invariant(l.vxlan().vni() >= 0 && l.vxlan().vni() <= 0xffff_ffffL, "the VNI is a u32", l.toString());
            l.vxlan().underlayHint();
        }
    }

    /** {@code NamespaceSession.message} and {@code refreshAddresses}. */
    private static void readAsAnAddress(NetlinkMessage m) throws MalformedMessageException {
        AddressMessage a = AddressMessage.decode(m);
        if (a.address() != null) {
            invariant(
                    a.address().getAddress().length == 4 || a.address().getAddress().length == 16,
                    "an address has 4 or 16 bytes",
                    a.toString());
        }
    }

    /** A decoded value that breaks the contract of the type that produced it. */
    private static final class InvariantViolation extends AssertionError {
        private static final long serialVersionUID = 1L;
        final String rule;

        InvariantViolation(String rule, String detail) {
            super("broken rule '" + rule + "': " + detail);
            this.rule = rule;
        }
    }

    private static void invariant(boolean holds, String rule, String detail) {
        if (!holds) {
            throw new InvariantViolation(rule, detail);
        }
    }

    // ---- running many inputs and reporting what escaped ----

    /** Feeds inputs, counts outcomes, and keeps the first example of each distinct escape. */
    private static final class Campaign {
        private final Map<String, String> firstByKind = new LinkedHashMap<>();
        private final Map<String, Integer> countByKind = new LinkedHashMap<>();
        int inputs;
        long decoded;
        long rejected;
        long splitterReports;

        /** The outcome, or null when something escaped (recorded). */
        Outcome feed(String where, byte[] buf, int n) {
            inputs++;
            try {
                Outcome o = decodeAsTheSocketReadersDo(buf, n);
                decoded += o.decoded();
                rejected += o.rejected();
                splitterReports += o.splitterReports();
                return o;
            } catch (Throwable t) { // everything, errors included: that is what must not happen
                String kind = kindOf(t);
                countByKind.merge(kind, 1, Integer::sum);
                firstByKind.computeIfAbsent(
                        kind,
                        k -> where + "\n    input (" + n + " of " + buf.length + " bytes): "
                                + Hex.text(Arrays.copyOf(buf, Math.max(0, Math.min(n, buf.length)))) + "\n    threw: "
                                + t
                                + "\n" + frames(t));
                return null;
            }
        }

        void assertNothingEscaped() {
            LOG.info("{}", summary());
            if (firstByKind.isEmpty()) {
                return;
            }
            StringBuilder sb = new StringBuilder(summary()).append("; escapes by kind:");
            firstByKind.forEach((kind, first) -> sb.append("\n* ")
                    .append(kind)
                    .append(" (")
                    .append(countByKind.get(kind))
                    .append(" inputs); first: ")
                    .append(first));
            throw new AssertionError(sb.toString());
        }

        /**
         * {@link #assertNothingEscaped}, and the campaign was not vacuous: its inputs reached the decoders, broke some
         * of them, and made the splitter report some.
         */
        void assertNothingEscapedAndEveryOutcomeSeen() {
            assertNothingEscaped();
            assertTrue(decoded > 0 && rejected > 0 && splitterReports > 0, summary());
        }

        String summary() {
            return inputs + " inputs: " + decoded + " reads decoded, " + rejected + " rejected as malformed, "
                    + splitterReports + " splitter reports, "
                    + countByKind.values().stream().mapToInt(i -> i).sum()
                    + " escaped";
        }

        private static String kindOf(Throwable t) {
            if (t instanceof InvariantViolation v) {
                return "invariant: " + v.rule;
            }
            for (StackTraceElement e : t.getStackTrace()) {
                if (e.getClassName().startsWith("io.varpd") && !e.getClassName().contains("FuzzTest")) {
                    return t.getClass().getName() + " at " + e;
                }
            }
            return t.getClass().getName();
        }

        private static String frames(Throwable t) {
            StringBuilder sb = new StringBuilder();
            StackTraceElement[] st = t.getStackTrace();
            for (int i = 0; i < Math.min(8, st.length); i++) {
                sb.append("      at ").append(st[i]).append('\n');
            }
            return sb.toString();
        }
    }

    // ---- the inputs ----

    /** A valid datagram, named. */
    private record Input(String name, byte[] bytes) {}

    /** Every {@code byte[]} in {@link KernelVectors}, then messages built by our writers as the kernel sends them. */
    private static List<Input> inputs() {
        List<Input> out = new ArrayList<>();
        for (Field f : KernelVectors.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == byte[].class) {
                try {
                    f.setAccessible(true);
                    out.add(new Input("KernelVectors." + f.getName(), ((byte[]) f.get(null)).clone()));
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        assertTrue(out.size() >= 9, "kernel vectors found: " + out.size());
        InetAddress v4 = IpAddresses.parse("192.0.2.1").orElseThrow();
        InetAddress v6 = IpAddresses.parse("2001:db8::1").orElseThrow();
        MacAddress mac = MacAddress.of(new byte[] {0x02, 0x42, 0x0a, 0x2a, 0x00, 0x09});
        out.add(new Input(
                "vxlan link, IPv4 local",
                asKernel(
                        LinkRequests.createVxlan(new VxlanSpec("vx0", 4242, v4, 4789, 2, 1450, 0)),
                        Rtnetlink.RTM_NEWLINK,
                        0)));
        out.add(new Input(
                "vxlan link, IPv6 local, in a bridge",
                asKernel(
                        LinkRequests.createVxlan(new VxlanSpec("vx-tenant-42", 42, v6, 4790, 7, 0, 9)),
                        Rtnetlink.RTM_NEWLINK,
                        0)));
        out.add(new Input(
                "vxlan link deleted",
                asKernel(
                        LinkRequests.createVxlan(new VxlanSpec("vx1", 1, null, 4789, 0, 0, 0)),
                        Rtnetlink.RTM_DELLINK,
                        0)));
        out.add(new Input("vxlan link, IPv6 remote", vxlanWithRemote6()));
        out.add(new Input("bridge link", bridgeLink()));
        out.add(new Input(
                "IPv4 address with local",
                new MessageWriter(Rtnetlink.RTM_NEWADDR, 0)
                        .u8(Rtnetlink.AF_INET)
                        .u8(24)
                        .u8(0)
                        .u8(0)
                        .u32(3)
                        .attr(Addresses.IFA_ADDRESS, new byte[] {10, 42, 0, (byte) 255})
                        .attr(Addresses.IFA_LOCAL, new byte[] {10, 42, 0, 1})
                        .build()));
        out.add(new Input(
                "IPv6 address deleted",
                new MessageWriter(Rtnetlink.RTM_DELADDR, 0)
                        .u8(Rtnetlink.AF_INET6)
                        .u8(64)
                        .u8(0)
                        .u8(0)
                        .u32(3)
                        .attr(Addresses.IFA_ADDRESS, v6.getAddress())
                        .build()));
        out.add(new Input(
                "capped ACK",
                Hex.bytes("24 00 00 00 02 00 00 01 2a 00 00 00 11 22 00 00 | 00 00 00 00 |"
                        + " 30 00 00 00 1c 00 05 05 2a 00 00 00 00 00 00 00")));
        out.add(new Input(
                "capped error with text",
                new MessageWriter(Netlink.NLMSG_ERROR, Netlink.NLM_F_CAPPED | Netlink.NLM_F_ACK_TLVS)
                        .u32(-17)
                        .u32(48)
                        .u16(Rtnetlink.RTM_NEWLINK)
                        .u16(0x605)
                        .u32(5)
                        .u32(0)
                        .attrString(Netlink.NLMSGERR_ATTR_MSG, "A VXLAN device with the specified VNI already exists.")
                        .attrU32(Netlink.NLMSGERR_ATTR_OFFS, 36)
                        .build()));
        out.add(new Input(
                "uncapped error echoing the request",
                new MessageWriter(Netlink.NLMSG_ERROR, Netlink.NLM_F_ACK_TLVS)
                        .u32(-22)
                        .raw(NeighbourRequests.neighbourDelete(3, v4))
                        .attrString(Netlink.NLMSGERR_ATTR_MSG, "No link layer address given")
                        .build()));
        out.add(new Input(
                "FDB get reply",
                asKernel(NeighbourRequests.fdbReplace(3, mac, v4, 4789, 42), Rtnetlink.RTM_NEWNEIGH, 0)));
        out.add(new Input(
                "FDB entry deleted",
                asKernel(NeighbourRequests.fdbReplace(3, mac, v6, 0, -1), Rtnetlink.RTM_DELNEIGH, 0)));
        byte[] entry =
                asKernel(NeighbourRequests.neighbourReplace(3, v6, mac), Rtnetlink.RTM_NEWNEIGH, Netlink.NLM_F_MULTI);
        byte[] done = new MessageWriter(Netlink.NLMSG_DONE, Netlink.NLM_F_MULTI)
                .u32(0)
                .build();
        out.add(new Input("neighbour dump: two entries and DONE", concat(entry, KernelVectors.FDB_ADDED, done)));
        out.add(new Input(
                "interrupted dump's DONE",
                new MessageWriter(Netlink.NLMSG_DONE, Netlink.NLM_F_MULTI | Netlink.NLM_F_DUMP_INTR)
                        .u32(-4)
                        .build()));
        return out;
    }

    /** A request re-typed as the kernel's message of the same layout (port id 0, our flags gone). */
    private static byte[] asKernel(byte[] request, int type, int flags) {
        byte[] b = request.clone();
        putU16(b, 4, type);
        putU16(b, 6, flags);
        return b;
    }

    private static byte[] vxlanWithRemote6() {
        MessageWriter w = new MessageWriter(Rtnetlink.RTM_NEWLINK, 0)
                .u8(Rtnetlink.AF_UNSPEC)
                .u8(0)
                .u16(1)
                .u32(4)
                .u32(0x1043)
                .u32(0);
        w.attrString(Links.IFLA_IFNAME, "vx4").attrU32(Links.IFLA_MTU, 1450);
        int info = w.beginNested(Links.IFLA_LINKINFO);
        w.attrString(Links.IFLA_INFO_KIND, Links.KIND_VXLAN);
        int data = w.beginNested(Links.IFLA_INFO_DATA);
        w.attrU32(Links.IFLA_VXLAN_ID, 14);
        w.attr(
                Links.IFLA_VXLAN_GROUP6,
                IpAddresses.parse("fd00:0:46::2").orElseThrow().getAddress());
        w.attrBe16(Links.IFLA_VXLAN_PORT, 4789);
        w.attrU8(Links.IFLA_VXLAN_LEARNING, 0)
                .attrU8(Links.IFLA_VXLAN_PROXY, 1)
                .attrU8(Links.IFLA_VXLAN_L2MISS, 1)
                .attrU8(Links.IFLA_VXLAN_L3MISS, 1);
        w.endNested(data);
        w.endNested(info);
        return w.build();
    }

    private static byte[] bridgeLink() {
        MessageWriter w = new MessageWriter(Rtnetlink.RTM_NEWLINK, 0)
                .u8(Rtnetlink.AF_UNSPEC)
                .u8(0)
                .u16(1)
                .u32(9)
                .u32(0x1003)
                .u32(0);
        w.attrString(Links.IFLA_IFNAME, "br0").attrU32(Links.IFLA_MTU, 1500);
        int info = w.beginNested(Links.IFLA_LINKINFO);
        w.attrString(Links.IFLA_INFO_KIND, "bridge");
        int data = w.beginNested(Links.IFLA_INFO_DATA);
        w.attrU32(1, 1500).attrU32(2, 200);
        w.endNested(data);
        w.endNested(info);
        return w.build();
    }

    private static byte[] concat(byte[]... messages) {
        int total = 0;
        for (byte[] m : messages) {
            total += Netlink.align(m.length);
        }
        byte[] out = new byte[total];
        int at = 0;
        for (byte[] m : messages) {
            System.arraycopy(m, 0, out, at, m.length);
            at += Netlink.align(m.length);
        }
        return out;
    }

    // ---- where the lengths and types are, found by walking a (possibly damaged) datagram ----

    /** A length field: {@code nlmsg_len} or the echoed request's (4 bytes), or an {@code nla_len} (2). */
    private record LengthField(String what, int offset, int width, int room) {
        /** 0, 1, 3, just under and over a header, off by one, the room left, the room plus one, the maxima. */
        List<Long> edgeValues(byte[] b) {
            long current = width == 4 ? u32(b, offset) : u16(b, offset);
            long header = width == 4 ? Netlink.HEADER_LENGTH : Netlink.ATTRIBUTE_HEADER_LENGTH;
            long max = width == 4 ? 0xffff_ffffL : 0xffff;
            List<Long> v = new ArrayList<>(List.of(
                    0L,
                    1L,
                    2L,
                    3L,
                    header - 1,
                    header,
                    header + 1,
                    current - 1,
                    current + 1,
                    current + 3,
                    current + 4,
                    (long) room,
                    room + 1L,
                    room + 4L,
                    max,
                    max - 3,
                    (max >>> 1) + 1,
                    max >>> 1));
            v.removeIf(x -> x < 0 || x > max);
            return v.stream().distinct().toList();
        }

        void set(byte[] b, long v) {
            if (width == 4) {
                putU32(b, offset, v);
            } else {
                putU16(b, offset, (int) v);
            }
        }

        @Override
        public String toString() {
            return what + " at " + offset;
        }
    }

    /** The structure of a datagram as far as it can be followed. */
    private static final class Layout {
        final List<LengthField> lengths = new ArrayList<>();
        final List<Integer> attributeTypes = new ArrayList<>();
        final List<Integer> messages = new ArrayList<>();
        final List<int[]> bodies = new ArrayList<>();

        static Layout of(byte[] d) {
            Layout l = new Layout();
            int off = 0;
            while (d.length - off >= Netlink.HEADER_LENGTH) {
                long len = u32(d, off);
                l.messages.add(off);
                l.lengths.add(new LengthField("nlmsg_len", off, 4, d.length - off));
                if (len < Netlink.HEADER_LENGTH || len > d.length - off) {
                    break;
                }
                int end = off + (int) len;
                int body = off + Netlink.HEADER_LENGTH;
                l.bodies.add(new int[] {body, end});
                int type = u16(d, off + 4);
                int flags = u16(d, off + 6);
                if (type == Netlink.NLMSG_ERROR && end - body >= 4 + Netlink.HEADER_LENGTH) {
                    l.lengths.add(new LengthField("echoed nlmsg_len", body + 4, 4, end - body - 4));
                    long echoed = u32(d, body + 4);
                    long tlvs = (flags & Netlink.NLM_F_CAPPED) != 0
                            ? body + 4 + Netlink.HEADER_LENGTH
                            : body + 4 + ((echoed + 3) & ~3L);
                    if ((flags & Netlink.NLM_F_ACK_TLVS) != 0 && tlvs <= end) {
                        l.attributes(d, (int) tlvs, end, t -> false, t -> false);
                    }
                } else if (NeighbourMessage.isNeighbourType(type)) {
                    l.attributes(d, body + Neighbours.NDMSG_LENGTH, end, t -> false, t -> false);
                } else if (LinkMessage.isLinkType(type)) {
                    l.attributes(
                            d,
                            body + Links.IFINFOMSG_LENGTH,
                            end,
                            t -> t == Links.IFLA_LINKINFO,
                            t -> t == Links.IFLA_INFO_DATA);
                } else if (AddressMessage.isAddressType(type)) {
                    l.attributes(d, body + Addresses.IFADDRMSG_LENGTH, end, t -> false, t -> false);
                }
                off += Netlink.align((int) len);
            }
            return l;
        }

        /** Attributes in {@code d[p, end)}; {@code nest} says which are nests, {@code inner} the nests in those. */
        private void attributes(byte[] d, int p, int end, IntPredicate nest, IntPredicate inner) {
            while (p >= 0 && end - p >= Netlink.ATTRIBUTE_HEADER_LENGTH) {
                int len = u16(d, p);
                int type = u16(d, p + 2) & Netlink.NLA_TYPE_MASK;
                lengths.add(new LengthField("nla_len of attribute " + type, p, 2, end - p));
                attributeTypes.add(p + 2);
                if (len < Netlink.ATTRIBUTE_HEADER_LENGTH || len > end - p) {
                    return;
                }
                if (nest.test(type)) {
                    attributes(d, p + Netlink.ATTRIBUTE_HEADER_LENGTH, p + len, inner, t -> false);
                }
                p += Netlink.align(len);
            }
        }
    }

    // ---- the mutations ----

    /** Applies random damage to a copy of one input, logging each step so a failure can be read. */
    private static final class Mutator {
        final SplittableRandom random;
        final List<String> log = new ArrayList<>();
        byte[] bytes;

        Mutator(SplittableRandom random, byte[] input) {
            this.random = random;
            this.bytes = input.clone();
        }

        void mutateOnce() {
            Layout layout = Layout.of(bytes);
            switch (random.nextInt(12)) {
                case 0 -> flipBit();
                case 1 -> setByte();
                case 2, 3 -> setLength(layout);
                case 4 -> setAttributeType(layout);
                case 5 -> setMessageType(layout);
                case 6 -> truncate();
                case 7 -> appendGarbage();
                case 8 -> duplicate();
                case 9 -> insertOrDelete();
                case 10 -> setFamily(layout);
                default -> damageBody(layout);
            }
        }

        private void flipBit() {
            if (bytes.length == 0) {
                return;
            }
            int at = random.nextInt(bytes.length);
            int bit = random.nextInt(8);
            bytes[at] ^= (byte) (1 << bit);
            log.add("flip bit " + bit + " of byte " + at);
        }

        private void setByte() {
            if (bytes.length == 0) {
                return;
            }
            int at = random.nextInt(bytes.length);
            int[] values = {0, 0xff, 0x7f, 0x80, random.nextInt(256)};
            int v = values[random.nextInt(values.length)];
            bytes[at] = (byte) v;
            log.add("byte " + at + " = 0x" + Integer.toHexString(v));
        }

        private void setLength(Layout layout) {
            if (layout.lengths.isEmpty()) {
                flipBit();
                return;
            }
            LengthField f = layout.lengths.get(random.nextInt(layout.lengths.size()));
            List<Long> values = f.edgeValues(bytes);
            long v = values.get(random.nextInt(values.size()));
            f.set(bytes, v);
            log.add(f + " = " + v);
        }

        private void setAttributeType(Layout layout) {
            if (layout.attributeTypes.isEmpty()) {
                flipBit();
                return;
            }
            int at = layout.attributeTypes.get(random.nextInt(layout.attributeTypes.size()));
            int type =
                    random.nextInt(25) | (random.nextInt(4) == 0 ? 0x8000 : 0) | (random.nextInt(8) == 0 ? 0x4000 : 0);
            putU16(bytes, at, type);
            log.add("attribute type at " + at + " = 0x" + Integer.toHexString(type));
        }

        private void setMessageType(Layout layout) {
            if (layout.messages.isEmpty()) {
                flipBit();
                return;
            }
            int at = layout.messages.get(random.nextInt(layout.messages.size()));
            int type = TYPES[random.nextInt(TYPES.length)];
            int flags = FLAGS[random.nextInt(FLAGS.length)];
            putU16(bytes, at + 4, type);
            putU16(bytes, at + 6, flags);
            log.add("message at " + at + ": type " + type + ", flags 0x" + Integer.toHexString(flags));
        }

        private void setFamily(Layout layout) {
            if (layout.bodies.isEmpty()) {
                flipBit();
                return;
            }
            int[] body = layout.bodies.get(random.nextInt(layout.bodies.size()));
            if (body[0] >= body[1]) {
                return;
            }
            int family = FAMILIES[random.nextInt(FAMILIES.length)];
            bytes[body[0]] = (byte) family;
            log.add("family at " + body[0] + " = " + family);
        }

        /** Random bytes inside a message body, its header left alone. */
        private void damageBody(Layout layout) {
            if (layout.bodies.isEmpty()) {
                flipBit();
                return;
            }
            int[] body = layout.bodies.get(random.nextInt(layout.bodies.size()));
            if (body[0] >= body[1]) {
                return;
            }
            int at = body[0] + random.nextInt(body[1] - body[0]);
            bytes[at] = (byte) random.nextInt(256);
            log.add("body byte " + at + " = 0x" + Integer.toHexString(bytes[at] & 0xff));
        }

        private void truncate() {
            int cut = random.nextInt(bytes.length + 1);
            bytes = Arrays.copyOf(bytes, cut);
            boolean fit = random.nextBoolean() && cut >= 4;
            if (fit) {
                putU32(bytes, 0, cut);
            }
            log.add("cut to " + cut + (fit ? " with nlmsg_len " + cut : ""));
        }

        private void appendGarbage() {
            int n = 1 + random.nextInt(48);
            byte[] more = new byte[n];
            boolean zeros = random.nextBoolean();
            if (!zeros) {
                random.nextBytes(more);
            }
            byte[] out = Arrays.copyOf(bytes, bytes.length + n);
            System.arraycopy(more, 0, out, bytes.length, n);
            bytes = out;
            log.add("append " + n + (zeros ? " zero" : " random") + " bytes");
        }

        /** Appends another copy of the datagram, or of a pristine kernel vector, after padding. */
        private void duplicate() {
            byte[] other = random.nextBoolean() ? bytes.clone() : KernelVectors.L3_MISS_V6;
            int at = random.nextBoolean() ? Netlink.align(bytes.length) : bytes.length;
            byte[] out = Arrays.copyOf(bytes, at + other.length);
            System.arraycopy(other, 0, out, at, other.length);
            log.add("append " + (other == KernelVectors.L3_MISS_V6 ? "L3_MISS_V6" : "a copy") + " at " + at);
            bytes = out;
        }

        /** Shifts everything after a point, fixing nlmsg_len (sometimes) so the decoders see the shift. */
        private void insertOrDelete() {
            int at = random.nextInt(bytes.length + 1);
            int n = 1 + random.nextInt(8);
            byte[] out;
            if (random.nextBoolean()) {
                out = new byte[bytes.length + n];
                System.arraycopy(bytes, 0, out, 0, at);
                for (int i = 0; i < n; i++) {
                    out[at + i] = (byte) random.nextInt(256);
                }
                System.arraycopy(bytes, at, out, at + n, bytes.length - at);
                log.add("insert " + n + " bytes at " + at);
            } else {
                n = Math.min(n, bytes.length - at);
                out = new byte[bytes.length - n];
                System.arraycopy(bytes, 0, out, 0, at);
                System.arraycopy(bytes, at + n, out, at, bytes.length - at - n);
                log.add("delete " + n + " bytes at " + at);
            }
            if (random.nextBoolean() && out.length >= 4 && at >= 4) {
                putU32(out, 0, out.length);
                log.add("nlmsg_len = " + out.length);
            }
            bytes = out;
        }
    }

    // ---- native-order access (the vectors are little-endian; see littleEndian()) ----

    private static long u32(byte[] b, int at) {
        return Integer.toUnsignedLong(
                ByteBuffer.wrap(b).order(ByteOrder.nativeOrder()).getInt(at));
    }

    private static int u16(byte[] b, int at) {
        return Short.toUnsignedInt(
                ByteBuffer.wrap(b).order(ByteOrder.nativeOrder()).getShort(at));
    }

    private static void putU32(byte[] b, int at, long v) {
        ByteBuffer.wrap(b).order(ByteOrder.nativeOrder()).putInt(at, (int) v);
    }

    private static void putU16(byte[] b, int at, int v) {
        ByteBuffer.wrap(b).order(ByteOrder.nativeOrder()).putShort(at, (short) v);
    }
}
