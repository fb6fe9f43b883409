// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.plugin.svp.internal.protocol.SvpGoldenVectors.GoldenReply;
import io.varpd.plugin.svp.internal.protocol.SvpMutator.Mutant;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Whatever bytes a server sends, the codec's decoding ends in a reply or an {@link SvpProtocolException}, never another
 * exception: mutations of every golden reply (recorded against a real portolan) go through {@link SvpCodec#decode} and,
 * for a LOG_ACK, through {@link LogAck#records()}, which is the path a LOG_ACK takes in the client (the connection
 * frames and decodes, the shootdown parses the records).
 *
 * <p>The random seed is fixed, so every run checks the same inputs; each failure names the random seed of its own
 * iteration and the input in hex, so it can be replayed alone. Besides "no other exception", a decoded reply must
 * re-encode to exactly its bytes (nothing dropped or invented), and the run must reach past the CRC into the body and
 * record decoders, or it proved little.
 */
class SvpDecoderFuzzTest {
    /** Fixed: the same mutants on every run. */
    private static final long SEED = 0x5356_505F_4655_5A5AL;

    private static final int MUTANTS_PER_VECTOR = 5_000;

    private static final List<GoldenReply> GOLDEN = SvpGoldenVectors.replies();

    /** What became of the inputs, to show the fuzz got past the framing. */
    private static final class Tally {
        int decoded;
        int refused;
        int refusedForCrc;
        int recordsParsed;
        int recordsRefused;
    }

    /**
     * Decodes {@code bytes} as the client would (frame, then LOG_ACK records); fails, naming {@code context}, on
     * anything other than a reply or an {@link SvpProtocolException}.
     */
    private static void decodeOrRefuse(byte[] bytes, Supplier<String> context, Tally tally) {
        SvpFrame frame;
        try {
            frame = SvpCodec.decode(bytes);
        } catch (SvpProtocolException e) {
            assertFalse(
                    e.getMessage() == null || e.getMessage().isBlank(),
                    () -> "a refusal without a reason: " + context.get());
            tally.refused++;
            if (e.getMessage().contains("CRC mismatch")) {
                tally.refusedForCrc++;
            }
            return;
        } catch (RuntimeException | Error e) {
            throw new AssertionError(
                    "decoding threw " + e + " instead of a reply or an SvpProtocolException: " + context.get(), e);
        }
        tally.decoded++;
        if (frame.message() instanceof SvpReply reply) {
            assertEquals(
                    Hex.text(bytes),
                    Hex.text(SvpCodec.encode(frame.header().id(), reply)),
                    () -> "the decoded " + reply + " does not re-encode to its bytes: " + context.get());
        }
        if (frame.message() instanceof LogAck ack) {
            List<LogRecord> records;
            try {
                records = ack.records();
            } catch (SvpProtocolException e) {
                assertFalse(
                        e.getMessage() == null || e.getMessage().isBlank(),
                        () -> "a refusal without a reason: " + context.get());
                tally.recordsRefused++;
                return;
            } catch (RuntimeException | Error e) {
                throw new AssertionError(
                        "parsing the records threw " + e + " instead of an SvpProtocolException: " + context.get(), e);
            }
            assertEquals(
                    ack.rawEntries().length,
                    records.stream().mapToInt(LogRecord::size).sum(),
                    () -> "the records do not cover the entries: " + context.get());
            tally.recordsParsed++;
        }
    }

    private static List<byte[]> goldenFrames() {
        return GOLDEN.stream().map(GoldenReply::wire).toList();
    }

    @Test
    void everyMutationOfAGoldenReplyDecodesOrIsRejectedAsAProtocolError() {
        Tally tally = new Tally();
        SplittableRandom seeds = new SplittableRandom(SEED);
        for (GoldenReply golden : GOLDEN) {
            for (int i = 0; i < MUTANTS_PER_VECTOR; i++) {
                long seed = seeds.nextLong();
                Mutant m = new SvpMutator(new SplittableRandom(seed), goldenFrames()).mutate(golden.wire());
                int iteration = i;
                decodeOrRefuse(
                        m.bytes(),
                        () -> String.format(
                                "seed %016x (iteration %d of %s): %s", seed, iteration, golden, m.describe()),
                        tally);
            }
        }
        // The fuzz must have reached every stage, or it proved little.
        assertTrue(tally.decoded > 0, "no mutant decoded");
        assertTrue(tally.refusedForCrc > 0, "no mutant was refused for its CRC");
        assertTrue(tally.refused - tally.refusedForCrc > 0, "every refusal was the CRC's: no body was judged");
        assertTrue(
                tally.recordsParsed > 0 && tally.recordsRefused > 0,
                "the LOG_ACK record parser saw " + tally.recordsParsed + " good and " + tally.recordsRefused
                        + " bad batches; both are needed");
    }

    @Test
    void aGoldenReplyTruncatedAtEveryLengthIsRefusedAndStillDecodesOrIsRefusedOnceReframed() {
        Tally tally = new Tally();
        for (GoldenReply golden : GOLDEN) {
            byte[] wire = golden.wire();
            for (int len = 0; len < wire.length; len++) {
                byte[] cut = Arrays.copyOf(wire, len);
                String context = golden + " cut to " + len + " bytes: " + Hex.text(cut);
                assertThrows(SvpProtocolException.class, () -> SvpCodec.decode(cut), context);
                if (len >= SvpHeader.SIZE) {
                    // Size and CRC made to fit: the body decoders meet a short body.
                    byte[] reframed = SvpMutator.withCrcFixed(SvpMutator.withSizeOfItsBody(cut));
                    int n = len;
                    decodeOrRefuse(
                            reframed, () -> golden + " cut to " + n + " bytes, reframed: " + Hex.text(reframed), tally);
                }
            }
        }
        assertTrue(tally.decoded > 0 && tally.refused > 0, "reframed prefixes both decode (LOG_ACK) and are refused");
    }

    @Test
    void aSizeFieldThatDisagreesWithTheBodyIsRefusedFromTheHeaderAlone() throws Exception {
        for (GoldenReply golden : GOLDEN) {
            long actual = golden.wire().length - SvpHeader.SIZE;
            for (long size : SvpMutator.INTERESTING_SIZES) {
                byte[] b = golden.wire();
                ByteBuffer.wrap(b).putInt(4, (int) size);
                byte[] framed = SvpMutator.withCrcFixed(b);
                String context = golden + " with size field " + size + ": " + Hex.text(framed);
                SvpHeader h = SvpCodec.readHeader(ByteBuffer.wrap(framed));
                SvpOp op;
                try {
                    op = SvpCodec.checkHeader(h);
                } catch (SvpProtocolException e) {
                    op = null;
                }
                if (op != null) {
                    // A header that passes never asks anyone to await more than the sanity bound.
                    assertTrue(size <= SvpCodec.MAX_VARIABLE_BODY, context);
                }
                if (size == actual) {
                    assertEquals(golden.reply(), SvpCodec.decode(framed).message(), context);
                } else {
                    assertThrows(SvpProtocolException.class, () -> SvpCodec.decode(framed), context);
                }
            }
        }
    }

    @Test
    void corruptingTheTypeOfAnyLogAckRecordRefusesTheBatchButNotTheFrame() throws Exception {
        GoldenReply golden = GOLDEN.stream()
                .filter(g -> g.name().equals("LOG_ACK id=8 VL2+VL3"))
                .findFirst()
                .orElseThrow();
        int[] recordOffsets = {SvpHeader.SIZE + 4, SvpHeader.SIZE + 4 + Vl2LogRecord.SIZE};
        int[] originalTypes = {LogRecord.TYPE_VL2, LogRecord.TYPE_VL3};
        int checked = 0;
        for (int r = 0; r < recordOffsets.length; r++) {
            for (long type : SvpMutator.INTERESTING_TYPES) {
                if (type == originalTypes[r]) {
                    continue;
                }
                byte[] b = golden.wire();
                ByteBuffer.wrap(b).putInt(recordOffsets[r], (int) type);
                byte[] framed = SvpMutator.withCrcFixed(b);
                String context = "record " + r + " with type " + type + ": " + Hex.text(framed);
                LogAck ack =
                        assertInstanceOf(LogAck.class, SvpCodec.decode(framed).message(), context);
                String m = assertThrows(SvpProtocolException.class, ack::records, context)
                        .getMessage();
                if (type != LogRecord.TYPE_VL2 && type != LogRecord.TYPE_VL3) {
                    assertTrue(
                            m.contains("unknown type " + type) && m.contains("allowed: 1 (VL2), 2 (VL3)"),
                            context + ": " + m);
                }
                checked++;
            }
        }
        assertEquals(2 * (SvpMutator.INTERESTING_TYPES.length - 1), checked);
    }

    @Test
    void bytesAfterAGoldenReplyAreNeverTakenAsPartOfIt() {
        Tally tally = new Tally();
        SplittableRandom random = new SplittableRandom(SEED);
        for (GoldenReply golden : GOLDEN) {
            for (int n = 1; n <= 64; n++) {
                byte[] garbage = new byte[n];
                for (int i = 0; i < n; i++) {
                    garbage[i] = (byte) random.nextInt(256);
                }
                byte[] longer = SvpMutator.concat(golden.wire(), garbage);
                assertThrows(
                        SvpProtocolException.class,
                        () -> SvpCodec.decode(longer),
                        golden + " and " + n + " bytes of garbage: " + Hex.text(longer));
                byte[] reframed = SvpMutator.withCrcFixed(SvpMutator.withSizeOfItsBody(longer));
                int count = n;
                decodeOrRefuse(
                        reframed,
                        () -> golden + " and " + count + " bytes of garbage, reframed: " + Hex.text(reframed),
                        tally);
            }
            for (byte[] second : goldenFrames()) {
                byte[] two = SvpMutator.concat(golden.wire(), second);
                assertThrows(
                        SvpProtocolException.class,
                        () -> SvpCodec.decode(two),
                        golden + " and a second frame: " + Hex.text(two));
            }
        }
        assertTrue(tally.decoded > 0 && tally.refused > 0, "reframed garbage both decodes (LOG_ACK) and is refused");
    }
}
