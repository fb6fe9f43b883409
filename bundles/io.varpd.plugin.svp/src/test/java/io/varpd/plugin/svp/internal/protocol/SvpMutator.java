// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

/**
 * Deterministic mutations of SVP frames, the raw material of the decoder fuzz tests: what a broken or hostile server
 * could put on the wire.
 *
 * <p>A mutant applies one to three operators to a frame: bit flips, byte overwrites, truncation, the header's size, op,
 * version or id field set to an interesting or random value, the status or a LOG_ACK record type word corrupted, bytes
 * inserted into or cut out of the body, trailing garbage, or a second frame after the first. Most random mutations
 * would only ever meet the CRC check, so afterwards the size field is usually made to match the bytes and the CRC is
 * usually recomputed, to carry the mutant past the framing into the body decoders. Every step is named in
 * {@link Mutant#description()} so a failure says what was done.
 */
public final class SvpMutator {
    /** Sizes at the edges of what the codec and a connection judge. */
    static final long[] INTERESTING_SIZES = {
        0,
        1,
        2,
        3,
        4,
        5,
        11,
        12,
        15,
        16,
        19,
        20,
        21,
        27,
        28,
        29,
        32,
        36,
        44,
        48,
        76,
        80,
        84,
        1023,
        1024,
        1027,
        1028,
        1029,
        65_519,
        65_520,
        65_521,
        65_535,
        65_536,
        (1 << 20) - 1,
        1 << 20,
        (1 << 20) + 1,
        0x7FFF_FFFFL,
        0x8000_0000L,
        0xFFFF_FFF0L,
        0xFFFF_FFFFL
    };
    /** Record type words: the two known ones, v2's ROUTE, and out-of-range values. */
    static final long[] INTERESTING_TYPES = {0, 1, 2, 3, 4, 0xFF, 0x100, 0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFFL};

    /** A mutated byte sequence and how it was made. */
    public record Mutant(String description, byte[] bytes) {
        /** The description and the bytes in hex, for failure messages. */
        public String describe() {
            return description + "; " + bytes.length + " bytes: "
                    + HexFormat.ofDelimiter(" ").formatHex(bytes);
        }
    }

    private final SplittableRandom random;
    private final List<byte[]> partners;

    /**
     * @param random the source of every choice (seeded by the caller)
     * @param partners whole frames a mutant may be followed by (two frames in one read)
     */
    public SvpMutator(SplittableRandom random, List<byte[]> partners) {
        this.random = random;
        this.partners = partners.stream().map(byte[]::clone).toList();
    }

    /** One mutant of {@code frame}. */
    public Mutant mutate(byte[] frame) {
        byte[] b = frame.clone();
        List<String> steps = new ArrayList<>();
        boolean sizeSet = false;
        int operators = 1 + random.nextInt(3);
        for (int i = 0; i < operators; i++) {
            int op = random.nextInt(14);
            switch (op) {
                case 0 -> b = flipBits(b, steps);
                case 1 -> b = overwriteBytes(b, steps);
                case 2 -> b = truncate(b, steps);
                case 3 -> {
                    b = setSize(b, steps);
                    sizeSet = true;
                }
                case 4 -> b = setOp(b, steps);
                case 5 -> b = setVersion(b, steps);
                case 6 -> b = setId(b, steps);
                case 7 -> b = setStatus(b, steps);
                case 8, 9 -> b = setRecordType(b, steps);
                case 10 -> b = insertBytes(b, steps);
                case 11 -> b = deleteBytes(b, steps);
                case 12 -> b = appendGarbage(b, steps);
                default -> b = appendPartner(b, steps);
            }
        }
        if (!sizeSet && b.length >= SvpHeader.SIZE && random.nextInt(10) < 6) {
            b = withSizeOfItsBody(b);
            steps.add("size field set to the body length");
        }
        if (b.length >= SvpHeader.SIZE && random.nextInt(10) < 7) {
            b = withCrcFixed(b);
            steps.add("CRC recomputed");
        }
        return new Mutant(String.join(", ", steps), b);
    }

    // --- operators ------------------------------------------------------------------------

    private byte[] flipBits(byte[] b, List<String> steps) {
        if (b.length == 0) {
            return b;
        }
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            int at = random.nextInt(b.length);
            int bit = random.nextInt(8);
            b[at] ^= (byte) (1 << bit);
            steps.add("bit " + bit + " of byte " + at + " flipped");
        }
        return b;
    }

    private byte[] overwriteBytes(byte[] b, List<String> steps) {
        if (b.length == 0) {
            return b;
        }
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            int at = random.nextInt(b.length);
            int v = switch (random.nextInt(3)) {
                case 0 -> 0;
                case 1 -> 0xFF;
                default -> random.nextInt(256);
            };
            b[at] = (byte) v;
            steps.add(String.format("byte %d set to %02x", at, v));
        }
        return b;
    }

    private byte[] truncate(byte[] b, List<String> steps) {
        int len = random.nextInt(b.length + 1);
        steps.add("truncated to " + len + " bytes");
        return Arrays.copyOf(b, len);
    }

    private byte[] setSize(byte[] b, List<String> steps) {
        if (b.length < 8) {
            return b;
        }
        long size;
        switch (random.nextInt(4)) {
            case 0 -> size = random.nextLong(1L << 32);
            case 1 -> size = Math.max(0, b.length - SvpHeader.SIZE + random.nextInt(-4, 5));
            default -> size = INTERESTING_SIZES[random.nextInt(INTERESTING_SIZES.length)];
        }
        ByteBuffer.wrap(b).putInt(4, (int) size);
        steps.add("size field set to " + size);
        return b;
    }

    private byte[] setOp(byte[] b, List<String> steps) {
        if (b.length < 4) {
            return b;
        }
        int op = random.nextInt(4) == 0 ? random.nextInt(0x10000) : random.nextInt(0x11);
        ByteBuffer.wrap(b).putShort(2, (short) op);
        steps.add(String.format("op field set to 0x%04x", op));
        return b;
    }

    private byte[] setVersion(byte[] b, List<String> steps) {
        if (b.length < 2) {
            return b;
        }
        int[] versions = {0, 2, 0x100, 0x101, 0xFFFF};
        int v = random.nextInt(3) == 0 ? random.nextInt(0x10000) : versions[random.nextInt(versions.length)];
        ByteBuffer.wrap(b).putShort(0, (short) v);
        steps.add(String.format("version field set to 0x%04x", v));
        return b;
    }

    private byte[] setId(byte[] b, List<String> steps) {
        if (b.length < 12) {
            return b;
        }
        int id = random.nextInt();
        ByteBuffer.wrap(b).putInt(8, id);
        steps.add(String.format("id bytes set to %08x", id));
        return b;
    }

    private byte[] setStatus(byte[] b, List<String> steps) {
        if (b.length < SvpHeader.SIZE + 4) {
            return b;
        }
        int status = random.nextInt(2) == 0 ? random.nextInt(6) : random.nextInt();
        ByteBuffer.wrap(b).putInt(SvpHeader.SIZE, status);
        steps.add(String.format("status word set to %08x", status));
        return b;
    }

    /** Corrupts the type word of one LOG_ACK record, walking the records by their declared types. */
    private byte[] setRecordType(byte[] b, List<String> steps) {
        List<Integer> offsets = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(b);
        int at = SvpHeader.SIZE + LogAck.MIN_SIZE;
        while (at + 4 <= b.length) {
            offsets.add(at);
            int type = in.getInt(at);
            at += type == LogRecord.TYPE_VL3 ? Vl3LogRecord.SIZE : Vl2LogRecord.SIZE;
        }
        if (offsets.isEmpty()) {
            return b;
        }
        int where = offsets.get(random.nextInt(offsets.size()));
        long type = random.nextInt(4) == 0
                ? random.nextInt() & 0xFFFF_FFFFL
                : INTERESTING_TYPES[random.nextInt(INTERESTING_TYPES.length)];
        in.putInt(where, (int) type);
        steps.add("record type word at byte " + where + " set to " + type);
        return b;
    }

    private byte[] insertBytes(byte[] b, List<String> steps) {
        int at = b.length <= SvpHeader.SIZE ? b.length : random.nextInt(SvpHeader.SIZE, b.length + 1);
        byte[] extra = randomBytes(1 + random.nextInt(48));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(b, 0, at);
        out.writeBytes(extra);
        out.write(b, at, b.length - at);
        steps.add(extra.length + " random bytes inserted at byte " + at);
        return out.toByteArray();
    }

    private byte[] deleteBytes(byte[] b, List<String> steps) {
        if (b.length <= SvpHeader.SIZE) {
            return b;
        }
        int at = random.nextInt(SvpHeader.SIZE, b.length);
        int n = 1 + random.nextInt(Math.min(48, b.length - at));
        byte[] out = new byte[b.length - n];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(b, at + n, out, at, b.length - at - n);
        steps.add(n + " bytes cut at byte " + at);
        return out;
    }

    private byte[] appendGarbage(byte[] b, List<String> steps) {
        byte[] extra = randomBytes(1 + random.nextInt(64));
        steps.add(extra.length + " bytes of garbage appended");
        return concat(b, extra);
    }

    private byte[] appendPartner(byte[] b, List<String> steps) {
        if (partners.isEmpty()) {
            return b;
        }
        int i = random.nextInt(partners.size());
        steps.add("golden frame #" + i + " appended");
        return concat(b, partners.get(i));
    }

    private byte[] randomBytes(int n) {
        byte[] extra = new byte[n];
        for (int i = 0; i < n; i++) {
            extra[i] = (byte) random.nextInt(256);
        }
        return extra;
    }

    // --- repairs (so a mutant gets past the framing checks) -------------------------------

    /** {@code frame} with its size field set to the number of bytes after the header. */
    public static byte[] withSizeOfItsBody(byte[] frame) {
        byte[] b = frame.clone();
        ByteBuffer.wrap(b).putInt(4, b.length - SvpHeader.SIZE);
        return b;
    }

    /**
     * {@code frame} with the CRC the first frame in it must carry: over its header with the CRC field zero and then as
     * many of its declared body bytes as there are.
     */
    public static byte[] withCrcFixed(byte[] frame) {
        byte[] b = frame.clone();
        ByteBuffer buf = ByteBuffer.wrap(b);
        long declared = Integer.toUnsignedLong(buf.getInt(4));
        int end = (int) Math.min(b.length, SvpHeader.SIZE + declared);
        buf.putInt(12, 0);
        CRC32 crc = new CRC32();
        crc.update(b, 0, end);
        buf.putInt(12, (int) crc.getValue());
        return b;
    }

    /** {@code frame} answering under header id {@code id} (the 4 id bytes replaced), CRC recomputed. */
    public static byte[] withId(byte[] frame, int id) {
        byte[] b = frame.clone();
        ByteBuffer.wrap(b).putInt(8, Integer.reverseBytes(id));
        return withCrcFixed(b);
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
