// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.MacAddress;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SvpCodecStrictDecodingTest {
    private static final MacAddress MAC = MacAddress.of(0x90c00c525011L);

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    /** A frame with the given header fields and body, with a correct CRC. */
    private static byte[] frame(int version, int op, int size, int id, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(16 + body.length);
        b.putShort((short) version)
                .putShort((short) op)
                .putInt(size)
                .putInt(Integer.reverseBytes(id))
                .putInt(0)
                .put(body);
        CRC32 crc = new CRC32();
        crc.update(b.array());
        b.putInt(12, (int) crc.getValue());
        return b.array();
    }

    private static String refusal(byte[] frame) {
        return assertThrows(SvpProtocolException.class, () -> SvpCodec.decode(frame))
                .getMessage();
    }

    @Test
    void theIdIsWrittenLittleEndianAndReadBackUnchanged() throws Exception {
        byte[] bytes = SvpCodec.encode(0x01020304, new Vl2Request(MAC, 7));
        assertEquals("04 03 02 01", Hex.text(java.util.Arrays.copyOfRange(bytes, 8, 12)));
        assertEquals(0x01020304, SvpCodec.decode(bytes).header().id());
    }

    @Test
    void theCrcIsBigEndianOverTheHeaderWithZeroCrcThenTheBody() throws Exception {
        byte[] bytes = SvpCodec.encode(5, new Vl2Request(MAC, 7));
        byte[] zeroed = bytes.clone();
        zeroed[12] = zeroed[13] = zeroed[14] = zeroed[15] = 0;
        CRC32 crc = new CRC32();
        crc.update(zeroed);
        assertEquals((int) crc.getValue(), ByteBuffer.wrap(bytes).getInt(12));
    }

    @Test
    void aFlippedBodyBitIsACrcMismatch() {
        byte[] bytes = SvpCodec.encode(5, new Vl2Request(MAC, 7));
        bytes[bytes.length - 1] ^= 1;
        assertTrue(refusal(bytes).contains("CRC mismatch"));
    }

    @Test
    void aFlippedHeaderBitIsACrcMismatch() {
        byte[] bytes = SvpCodec.encode(5, new Vl2Request(MAC, 7));
        bytes[9] ^= 1; // inside the id, which the CRC covers too
        assertTrue(refusal(bytes).contains("CRC mismatch"));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2, 0x100})
    void aVersionOtherThanOneIsRefused(int version) {
        String m = refusal(frame(version, SvpOp.VL2_ACK.code(), 20, 1, new byte[20]));
        assertTrue(m.contains("version " + version) && m.contains("allowed: 1"), m);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x00, 0x07, 0x08, 0x0D, 0x0E, 0x0F, 0x1234})
    void unknownAndUnimplementedOpsAreRefused(int op) {
        String m = refusal(frame(1, op, 4, 1, new byte[4]));
        assertTrue(m.contains("is not supported"), m);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 11, 13, 19, 21, 24})
    void eachFixedSizeOpNeedsItsExactSize(int size) {
        // VL2_REQ 12, VL2_ACK 20: every other size is refused, from the header alone.
        if (size != 12) {
            assertTrue(refusal(frame(1, SvpOp.VL2_REQ.code(), size, 1, new byte[size]))
                    .contains("exactly 12"));
        }
        if (size != 20) {
            assertTrue(refusal(frame(1, SvpOp.VL2_ACK.code(), size, 1, new byte[size]))
                    .contains("exactly 20"));
        }
        if (size != 24) {
            assertTrue(refusal(frame(1, SvpOp.VL3_REQ.code(), size, 1, new byte[size]))
                    .contains("exactly 24"));
        }
        assertTrue(
                refusal(frame(1, SvpOp.VL3_ACK.code(), size, 1, new byte[size])).contains("exactly 28"));
        assertTrue(
                refusal(frame(1, SvpOp.LOG_REQ.code(), size, 1, new byte[size])).contains("exactly 20"));
        assertTrue(refusal(frame(1, SvpOp.LOG_RM_ACK.code(), size, 1, new byte[size]))
                .contains("exactly 4"));
        if (size != 0) {
            assertTrue(refusal(frame(1, SvpOp.PING.code(), size, 1, new byte[size]))
                    .contains("exactly 0"));
        }
    }

    @Test
    void aLogAckShorterThanItsStatusIsRefused() {
        assertTrue(refusal(frame(1, SvpOp.LOG_ACK.code(), 3, 1, new byte[3])).contains("allowed: 4-"));
    }

    @Test
    void aLogRmWhoseLengthIsNotFourPlusSixteenPerIdIsRefused() {
        assertTrue(refusal(frame(1, SvpOp.LOG_RM.code(), 21, 1, new byte[21])).contains("4 + 16 per id"));
        byte[] body = ByteBuffer.allocate(20).putInt(2).array(); // says 2 ids, carries 1
        assertTrue(refusal(frame(1, SvpOp.LOG_RM.code(), 20, 1, body)).contains("says 2 ids"));
    }

    @Test
    void aHeaderDeclaringMoreBodyThanGivenIsRefused() {
        byte[] whole = SvpCodec.encode(1, new Vl2Request(MAC, 7));
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 1);
        assertTrue(refusal(cut).contains("declares 12 body bytes but 11"));
    }

    @Test
    void checkHeaderJudgesWithoutTheBody() throws Exception {
        assertEquals(SvpOp.VL3_ACK, SvpCodec.checkHeader(new SvpHeader(1, 6, 28, 9, 0)));
        assertThrows(SvpProtocolException.class, () -> SvpCodec.checkHeader(new SvpHeader(1, 6, -1, 9, 0)));
    }

    @Test
    void vl2AckStatusIsSixteenBitsSoNotFoundReadsAsTwo() throws Exception {
        // The original read this field with a 32-bit swap, making NOTFOUND 0x00020000.
        byte[] body = Hex.bytes("00 02 00 00 00*16");
        SvpFrame f = SvpCodec.decode(frame(1, SvpOp.VL2_ACK.code(), 20, 3, body));
        assertEquals(SvpStatus.NOTFOUND, ((Vl2Ack) f.message()).status());
    }

    @Test
    void vl3AckStatusIsThirtyTwoBits() throws Exception {
        byte[] body = Hex.bytes("00 01 00 00 00*24");
        SvpFrame f = SvpCodec.decode(frame(1, SvpOp.VL3_ACK.code(), 28, 3, body));
        assertEquals(0x10000, ((Vl3Ack) f.message()).status());
        assertFalse(((Vl3Ack) f.message()).ok());
    }

    @Test
    void padsAreWrittenZeroAndIgnoredOnRead() throws Exception {
        byte[] body = Hex.bytes("90 c0 0c 52 50 11 ab cd 00 00 10 92");
        SvpFrame f = SvpCodec.decode(frame(1, SvpOp.VL2_REQ.code(), 12, 3, body));
        assertEquals(new Vl2Request(MAC, 4242), f.message());
        assertEquals("00 00", Hex.text(java.util.Arrays.copyOfRange(SvpCodec.encode(3, f.message()), 22, 24)));
    }

    @Test
    void ipv6AddressesTravelAsTheyAreAndIpv4AsMapped() throws Exception {
        Vl3Request v6 = Vl3Request.of(ip("2001:db8::7"), 9);
        assertEquals(Vl3Request.TYPE_IPV6, v6.type());
        SvpFrame f = SvpCodec.decode(SvpCodec.encode(1, v6));
        assertEquals(v6, f.message());
        assertEquals(Vl3Request.TYPE_IP, Vl3Request.of(ip("10.0.0.1"), 9).type());
    }

    @Test
    void logRequestAcceptsAcksUpToCountPlusFour() throws Exception {
        LogRequest r = new LogRequest(1024, ip("10.88.88.1"));
        assertFalse(r.acceptsReplySize(3));
        assertTrue(r.acceptsReplySize(4));
        assertTrue(r.acceptsReplySize(1028));
        assertFalse(r.acceptsReplySize(1029));
    }

    @Test
    void fixedSizeRequestsAcceptOnlyTheirAckSize() {
        Vl2Request r = new Vl2Request(MAC, 1);
        assertEquals(SvpOp.VL2_ACK, r.replyOp());
        assertTrue(r.acceptsReplySize(20));
        assertFalse(r.acceptsReplySize(28));
        assertTrue(new LogRemove(List.of()).acceptsReplySize(4));
        assertFalse(new LogRemove(List.of()).acceptsReplySize(8));
    }

    @Test
    void logAckRecordsParseInOrder() throws Exception {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        List<LogRecord> records = List.of(new Vl3LogRecord(a, ip("10.1.1.1"), 0, 5), new Vl2LogRecord(b, MAC, 6));
        SvpFrame f = SvpCodec.decode(SvpCodec.encode(1, LogAck.of(SvpStatus.OK, records)));
        assertEquals(records, assertInstanceOf(LogAck.class, f.message()).records());
    }

    @Test
    void aLogAckWithAnUnknownRecordTypeIsRefusedAsABatchNotAsAFrame() throws Exception {
        byte[] entries = ByteBuffer.allocate(32).putInt(9).array();
        SvpFrame f = SvpCodec.decode(SvpCodec.encode(1, LogAck.ofRawEntries(SvpStatus.OK, entries)));
        LogAck ack = (LogAck) f.message();
        String m = assertThrows(SvpProtocolException.class, ack::records).getMessage();
        assertTrue(m.contains("unknown type 9"), m);
    }

    @Test
    void aLogAckWithATruncatedRecordIsRefusedAsABatch() throws Exception {
        ByteBuffer e = ByteBuffer.allocate(32 + 40);
        new Vl2LogRecord(UUID.randomUUID(), MAC, 1).write(e);
        e.putInt(LogRecord.TYPE_VL3); // a VL3 record needs 44 bytes, 40 are left
        LogAck ack = LogAck.ofRawEntries(SvpStatus.OK, e.array());
        String m = assertThrows(SvpProtocolException.class, ack::records).getMessage();
        assertTrue(m.contains("offset 32") && m.contains("needs 44"), m);
        LogAck stub = LogAck.ofRawEntries(SvpStatus.OK, new byte[2]);
        assertTrue(assertThrows(SvpProtocolException.class, stub::records)
                .getMessage()
                .contains("needs 4"));
    }

    @Test
    void valuesOutsideTheirFieldsAreProgrammingErrors() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> new Vl2Request(MAC, 1L << 32));
        assertThrows(IllegalArgumentException.class, () -> new Vl2Ack(0, 65536, ip("::")));
        assertThrows(IllegalArgumentException.class, () -> new Vl3LogRecord(UUID.randomUUID(), ip("::"), -1, 0));
    }
}
