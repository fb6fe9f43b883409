// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.plugin.svp.internal.protocol.ClientRequest;
import io.varpd.plugin.svp.internal.protocol.LogRequest;
import io.varpd.plugin.svp.internal.protocol.SvpCodec;
import io.varpd.plugin.svp.internal.protocol.SvpGoldenVectors;
import io.varpd.plugin.svp.internal.protocol.SvpGoldenVectors.GoldenReply;
import io.varpd.plugin.svp.internal.protocol.SvpHeader;
import io.varpd.plugin.svp.internal.protocol.SvpMutator;
import io.varpd.plugin.svp.internal.protocol.SvpMutator.Mutant;
import io.varpd.plugin.svp.internal.protocol.SvpProtocolException;
import io.varpd.plugin.svp.internal.protocol.SvpReply;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Whatever bytes a server sends and however TCP cuts them into reads, the {@link FrameReader} of a connection delivers
 * acks or raises an {@link SvpProtocolException} (which resets the connection), never another exception, and never
 * waits for a frame its connection's read buffer cannot hold (that connection would spin on a full buffer until its
 * query timed out).
 *
 * <p>Mutants of the golden replies ({@link SvpMutator}) are fed through a reader the way {@link Connection} does it:
 * into a read buffer of the connection's size, flip, read, compact, with a query awaiting every golden id. Each mutant
 * is fed whole, byte by byte, in random chunks and cut at every byte boundary, and every way must give the same acks
 * and the same refusal. Each delivered ack must re-encode to exactly the bytes it came from. The seed is fixed; a
 * failure names its iteration's seed and the input in hex.
 */
class FrameReaderFuzzTest {
    private static final long SEED = 0x4652_414D_455F_465AL;
    private static final int MUTANTS_PER_VECTOR = 1_500;
    private static final int MUTANTS_CUT_EVERYWHERE = 150;
    private static final List<GoldenReply> GOLDEN = SvpGoldenVectors.replies();
    /** The LOG_REQ counts the awaited log queries ask with: the client's, and the most the field allows. */
    private static final long[] LOG_COUNTS = {LogRequest.DEFAULT_COUNT, 0xFFFF_FFFFL};

    /** The connection-sized read buffer, reused by every feed (the tests of a class run one at a time). */
    private final ByteBuffer readBuffer = ByteBuffer.allocate(Connection.READ_BUFFER_SIZE);

    /** How a stream ended: the acks delivered (id, reply and bytes), then a refusal or the bytes left over. */
    private record Outcome(List<String> delivered, String refusal, int leftover) {}

    /** A query, READING, for every golden reply's id; log queries ask for {@code logCount} bytes. */
    private static Map<Integer, Query> awaitingEveryGoldenId(long logCount) {
        Map<Integer, Query> awaiting = new HashMap<>();
        for (GoldenReply g : GOLDEN) {
            ClientRequest r =
                    g.request() instanceof LogRequest lr ? new LogRequest(logCount, lr.underlayIp()) : g.request();
            Query q = new Query(r, g.id(), (reply, why) -> {});
            q.state = Query.State.READING;
            awaiting.put(g.id(), q);
        }
        return awaiting;
    }

    /**
     * Feeds {@code stream} to a new reader in reads ending at {@code cuts} (ascending, the last one the stream's
     * length), as a connection does: each read takes at most what its buffer has room for.
     */
    private Outcome feed(byte[] stream, int[] cuts, long logCount, Supplier<String> context) {
        FrameReader reader = new FrameReader(Connection.READ_BUFFER_SIZE);
        ByteBuffer in = readBuffer.clear();
        Map<Integer, Query> awaiting = awaitingEveryGoldenId(logCount);
        List<String> delivered = new ArrayList<>();
        int pos = 0;
        for (int cut : cuts) {
            while (pos < cut) {
                int n = Math.min(cut - pos, in.remaining());
                assertTrue(n > 0, () -> "the read buffer is full and the reader still waits: " + context.get());
                in.put(stream, pos, n);
                pos += n;
                int streamPos = pos;
                List<Delivery> acks = new ArrayList<>();
                String refusal = null;
                in.flip();
                try {
                    reader.read(in, awaiting::get, (q, reply) -> {
                        awaiting.remove(q.id);
                        acks.add(new Delivery(q.id, reply, streamPos - in.remaining()));
                    });
                } catch (SvpProtocolException e) {
                    refusal = e.getMessage();
                } catch (RuntimeException | Error e) {
                    throw new AssertionError(
                            "the reader threw " + e + " instead of delivering or raising an" + " SvpProtocolException: "
                                    + context.get(),
                            e);
                } finally {
                    in.compact();
                }
                for (Delivery d : acks) {
                    delivered.add(describe(d, stream, context));
                }
                if (refusal != null) {
                    return new Outcome(delivered, refusal, -1);
                }
                int pending = reader.pendingFrameSize();
                assertTrue(
                        pending <= in.capacity(),
                        () -> "the reader awaits a frame of " + pending + " bytes, more" + " than the connection's "
                                + in.capacity() + "-byte read buffer holds: " + context.get());
            }
        }
        return new Outcome(delivered, null, in.position());
    }

    /** An ack handed over by the reader, and where its frame ended in the stream. */
    private record Delivery(int id, SvpReply reply, int end) {}

    /** The ack as delivered; it must be exactly the frame that ends where it ended in the stream. */
    private static String describe(Delivery d, byte[] stream, Supplier<String> context) {
        byte[] encoded = SvpCodec.encode(d.id(), d.reply());
        byte[] came = Arrays.copyOfRange(stream, Math.max(0, d.end() - encoded.length), d.end());
        assertEquals(
                hex(came),
                hex(encoded),
                () -> "the delivered " + d.reply() + " is not the bytes it came from: " + context.get());
        return Integer.toUnsignedString(d.id()) + " " + d.reply() + " " + hex(encoded);
    }

    private static String hex(byte[] b) {
        return HexFormat.ofDelimiter(" ").formatHex(b);
    }

    private static int[] whole(byte[] stream) {
        return new int[] {stream.length};
    }

    private static int[] byteByByte(byte[] stream) {
        return IntStream.rangeClosed(1, stream.length).toArray();
    }

    private static int[] randomCuts(byte[] stream, SplittableRandom random) {
        List<Integer> cuts = new ArrayList<>();
        int at = 0;
        while (at < stream.length) {
            at = Math.min(stream.length, at + 1 + random.nextInt(24));
            cuts.add(at);
        }
        return cuts.stream().mapToInt(Integer::intValue).toArray();
    }

    private static List<byte[]> goldenFrames() {
        return GOLDEN.stream().map(GoldenReply::wire).toList();
    }

    /** Every way of cutting must end like the whole stream read at once. */
    private static void assertSameOutcome(Outcome expected, Outcome actual, String how, Supplier<String> context) {
        assertEquals(
                expected.delivered(), actual.delivered(), () -> "acks differ when fed " + how + ": " + context.get());
        assertEquals(
                expected.refusal(), actual.refusal(), () -> "refusals differ when fed " + how + ": " + context.get());
        if (expected.refusal() == null) {
            assertEquals(
                    expected.leftover(),
                    actual.leftover(),
                    () -> "bytes left differ when fed " + how + ": " + context.get());
        }
    }

    @Test
    void everyMutatedReplyStreamIsDeliveredOrRefusedTheSameWayHoweverTheReadsCutIt() {
        SplittableRandom seeds = new SplittableRandom(SEED);
        int delivered = 0;
        int refused = 0;
        int incomplete = 0;
        for (GoldenReply golden : GOLDEN) {
            for (int i = 0; i < MUTANTS_PER_VECTOR; i++) {
                long seed = seeds.nextLong();
                SplittableRandom random = new SplittableRandom(seed);
                Mutant m = new SvpMutator(random, goldenFrames()).mutate(golden.wire());
                byte[] s = m.bytes();
                for (long count : LOG_COUNTS) {
                    Supplier<String> context = context(seed, i, golden, count, m);
                    Outcome once = feed(s, whole(s), count, context);
                    assertSameOutcome(once, feed(s, byteByByte(s), count, context), "byte by byte", context);
                    assertSameOutcome(once, feed(s, randomCuts(s, random), count, context), "in random reads", context);
                    delivered += once.delivered().size();
                    refused += once.refusal() != null ? 1 : 0;
                    incomplete += once.refusal() == null && once.leftover() > 0 ? 1 : 0;
                }
            }
        }
        // The fuzz must have produced acks, refusals and frames still waiting for bytes.
        assertTrue(
                delivered > 0 && refused > 0 && incomplete > 0,
                delivered + " acks delivered, " + refused + " refusals, " + incomplete + " incomplete streams");
    }

    @Test
    void everyMutatedReplyCutAtEveryByteBoundaryEndsAsWhenReadWhole() {
        SplittableRandom seeds = new SplittableRandom(SEED ^ 0x0C07L);
        for (GoldenReply golden : GOLDEN) {
            for (int i = 0; i < MUTANTS_CUT_EVERYWHERE; i++) {
                long seed = seeds.nextLong();
                Mutant m = new SvpMutator(new SplittableRandom(seed), goldenFrames()).mutate(golden.wire());
                byte[] s = m.bytes();
                for (long count : LOG_COUNTS) {
                    Supplier<String> context = context(seed, i, golden, count, m);
                    Outcome once = feed(s, whole(s), count, context);
                    for (int k = 1; k < s.length; k++) {
                        assertSameOutcome(
                                once, feed(s, new int[] {k, s.length}, count, context), "cut at byte " + k, context);
                    }
                }
            }
        }
    }

    @Test
    void theGoldenRepliesBackToBackAreDeliveredInOrderWhereverTheStreamIsCut() {
        byte[] stream = SvpMutator.concat(goldenFrames().toArray(byte[][]::new));
        List<String> expected = new ArrayList<>();
        for (GoldenReply g : GOLDEN) {
            expected.add(Integer.toUnsignedString(g.id()) + " " + g.reply() + " " + hex(g.wire()));
        }
        Supplier<String> context = () -> "the golden replies back to back: " + hex(stream);
        Outcome once = feed(stream, whole(stream), LogRequest.DEFAULT_COUNT, context);
        assertEquals(new Outcome(expected, null, 0), once);
        assertSameOutcome(
                once, feed(stream, byteByByte(stream), LogRequest.DEFAULT_COUNT, context), "byte by byte", context);
        for (int k = 1; k < stream.length; k++) {
            assertSameOutcome(
                    once,
                    feed(stream, new int[] {k, stream.length}, LogRequest.DEFAULT_COUNT, context),
                    "cut at byte " + k,
                    context);
        }
    }

    @Test
    void aGoldenReplyTruncatedAtEveryLengthWaitsForTheRestAndIsNeverDelivered() {
        for (GoldenReply golden : GOLDEN) {
            byte[] wire = golden.wire();
            for (int len = 0; len < wire.length; len++) {
                byte[] cut = Arrays.copyOf(wire, len);
                String context = golden + " cut to " + len + " bytes";
                Outcome o = feed(cut, whole(cut), LogRequest.DEFAULT_COUNT, () -> context);
                assertEquals(List.of(), o.delivered());
                assertNull(o.refusal(), context);
                // A complete header is judged and taken at once; the body bytes wait.
                assertEquals(len < SvpHeader.SIZE ? len : len - SvpHeader.SIZE, o.leftover());
            }
        }
    }

    /** What a failure names: the random seed that rebuilds the mutant, where it came from, and its damage. */
    private static Supplier<String> context(long seed, int iteration, GoldenReply golden, long count, Mutant m) {
        return () -> String.format(
                "seed %016x (iteration %d of %s, LOG_REQ count %d): %s", seed, iteration, golden, count, m.describe());
    }
}
