// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.MacAddress;
import io.varpd.plugin.svp.internal.protocol.ClientRequest;
import io.varpd.plugin.svp.internal.protocol.LogAck;
import io.varpd.plugin.svp.internal.protocol.LogRequest;
import io.varpd.plugin.svp.internal.protocol.SvpCodec;
import io.varpd.plugin.svp.internal.protocol.SvpProtocolException;
import io.varpd.plugin.svp.internal.protocol.SvpReply;
import io.varpd.plugin.svp.internal.protocol.SvpStatus;
import io.varpd.plugin.svp.internal.protocol.Vl2Ack;
import io.varpd.plugin.svp.internal.protocol.Vl2LogRecord;
import io.varpd.plugin.svp.internal.protocol.Vl2Request;
import io.varpd.plugin.svp.internal.protocol.Vl3Ack;
import io.varpd.plugin.svp.internal.protocol.Vl3Request;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Framing of a connection's byte stream into acks (docs/architecture.md#the-svp-client), without a socket. */
class FrameReaderTest {
    private final Map<Integer, Query> awaiting = new HashMap<>();
    private final List<String> delivered = new ArrayList<>();
    private final FrameReader reader = new FrameReader(Connection.READ_BUFFER_SIZE);
    private final ByteBuffer in = ByteBuffer.allocate(Connection.READ_BUFFER_SIZE);

    private Query awaits(int id, ClientRequest request) {
        Query q = new Query(request, id, (r, why) -> {});
        q.state = Query.State.READING;
        awaiting.put(id, q);
        return q;
    }

    /** Appends {@code bytes} to the stream and lets the reader consume what it can. */
    private void feed(byte[] bytes) throws SvpProtocolException {
        in.put(bytes);
        in.flip();
        try {
            reader.read(in, awaiting::get, (q, r) -> {
                awaiting.remove(q.id);
                delivered.add(q.id + ":" + describe(r));
            });
        } finally {
            in.compact();
        }
    }

    private static String describe(SvpReply r) {
        return r.op() + "/" + SvpStatus.name(r.status());
    }

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    @Test
    void aFrameSplitAcrossManyReadsIsDeliveredOnceComplete() throws Exception {
        awaits(7, new Vl2Request(MacAddress.of(1), 1));
        byte[] frame = SvpCodec.encode(7, new Vl2Ack(SvpStatus.OK, 4789, ip("10.0.0.1")));
        for (int i = 0; i < frame.length - 1; i++) {
            feed(new byte[] {frame[i]});
            assertEquals(List.of(), delivered, "after " + (i + 1) + " bytes");
        }
        feed(new byte[] {frame[frame.length - 1]});
        assertEquals(List.of("7:VL2_ACK/OK"), delivered);
    }

    @Test
    void severalFramesInOneReadAreDeliveredInOrder() throws Exception {
        awaits(1, new Vl2Request(MacAddress.of(1), 1));
        awaits(2, Vl3Request.of(ip("10.0.0.9"), 1));
        awaits(3, new Vl2Request(MacAddress.of(2), 1));
        feed(concat(
                SvpCodec.encode(2, new Vl3Ack(SvpStatus.NOTFOUND, MacAddress.ZERO, 0, ip("::"))),
                SvpCodec.encode(1, new Vl2Ack(SvpStatus.OK, 1, ip("10.0.0.1"))),
                SvpCodec.encode(3, new Vl2Ack(SvpStatus.NOTFOUND, 0, ip("::")))));
        assertEquals(List.of("2:VL3_ACK/NOTFOUND", "1:VL2_ACK/OK", "3:VL2_ACK/NOTFOUND"), delivered);
    }

    @Test
    void aReadEndingInsideTheSecondHeaderKeepsItsBytes() throws Exception {
        awaits(1, new Vl2Request(MacAddress.of(1), 1));
        awaits(2, new Vl2Request(MacAddress.of(2), 1));
        byte[] two = concat(
                SvpCodec.encode(1, new Vl2Ack(SvpStatus.OK, 1, ip("10.0.0.1"))),
                SvpCodec.encode(2, new Vl2Ack(SvpStatus.OK, 2, ip("10.0.0.2"))));
        feed(java.util.Arrays.copyOf(two, 36 + 9));
        assertEquals(List.of("1:VL2_ACK/OK"), delivered);
        feed(java.util.Arrays.copyOfRange(two, 36 + 9, two.length));
        assertEquals(List.of("1:VL2_ACK/OK", "2:VL2_ACK/OK"), delivered);
    }

    @Test
    void anIdNoQueryAwaitsIsAViolationFromTheHeaderAlone() throws Exception {
        awaits(1, new Vl2Request(MacAddress.of(1), 1));
        byte[] frame = SvpCodec.encode(9, new Vl2Ack(SvpStatus.OK, 1, ip("10.0.0.1")));
        String m = assertThrows(SvpProtocolException.class, () -> feed(java.util.Arrays.copyOf(frame, 16)))
                .getMessage();
        assertTrue(m.contains("id 9"), m);
    }

    @Test
    void aQueryStillBeingWrittenCannotBeAnswered() throws Exception {
        Query q = awaits(1, new Vl2Request(MacAddress.of(1), 1));
        q.state = Query.State.WRITING;
        assertThrows(
                SvpProtocolException.class,
                () -> feed(SvpCodec.encode(1, new Vl2Ack(SvpStatus.OK, 1, ip("10.0.0.1")))));
    }

    @Test
    void anAckOfTheWrongKindIsAViolation() throws Exception {
        awaits(1, new Vl2Request(MacAddress.of(1), 1));
        String m = assertThrows(
                        SvpProtocolException.class,
                        () -> feed(SvpCodec.encode(1, new Vl3Ack(SvpStatus.OK, MacAddress.of(5), 1, ip("10.0.0.1")))))
                .getMessage();
        assertTrue(m.contains("allowed: VL2_ACK"), m);
    }

    @Test
    void requestsSentByTheServerAreViolations() throws Exception {
        awaits(1, new Vl2Request(MacAddress.of(1), 1));
        assertThrows(SvpProtocolException.class, () -> feed(SvpCodec.encode(1, new Vl2Request(MacAddress.of(1), 1))));
    }

    @Test
    void aLogAckUpToCountPlusFourIsTakenAndOneByteMoreIsAViolation() throws Exception {
        List<Vl2LogRecord> records = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            records.add(new Vl2LogRecord(UUID.randomUUID(), MacAddress.of(i + 1), 1));
        }
        awaits(1, new LogRequest(64, ip("10.0.0.1")));
        feed(SvpCodec.encode(1, LogAck.of(SvpStatus.OK, records))); // 4 + 64 = count + 4
        assertEquals(List.of("1:LOG_ACK/OK"), delivered);
        awaits(2, new LogRequest(63, ip("10.0.0.1")));
        String m = assertThrows(
                        SvpProtocolException.class, () -> feed(SvpCodec.encode(2, LogAck.of(SvpStatus.OK, records))))
                .getMessage();
        assertTrue(m.contains("68-byte LOG_ACK") && m.contains("allowed: 4 to 67 bytes"), m);
    }

    @Test
    void aLogAckTooBigForTheReadBufferIsAViolationFromTheHeaderAlone() throws Exception {
        // A count of 1 MiB invites a LOG_ACK the connection could never hold whole: waiting for it
        // would spin on a full read buffer until the query timed out.
        awaits(1, new LogRequest(1 << 20, ip("10.0.0.1")));
        int size = Connection.READ_BUFFER_SIZE - 16 + 1;
        byte[] frame = SvpCodec.encode(1, LogAck.ofRawEntries(SvpStatus.OK, new byte[size - 4]));
        byte[] header = java.util.Arrays.copyOf(frame, 16);
        String m = assertThrows(SvpProtocolException.class, () -> feed(header)).getMessage();
        assertTrue(m.contains(size + "-byte LOG_ACK") && m.contains("allowed: at most " + (size - 1) + " bytes"), m);
    }

    @Test
    void aLogAckFillingTheReadBufferExactlyIsDelivered() throws Exception {
        awaits(1, new LogRequest(1 << 20, ip("10.0.0.1")));
        int size = Connection.READ_BUFFER_SIZE - 16;
        feed(SvpCodec.encode(1, LogAck.ofRawEntries(SvpStatus.OK, new byte[size - 4])));
        assertEquals(List.of("1:LOG_ACK/OK"), delivered);
    }

    @Test
    void aBadCrcIsAViolationOnceTheBodyIsIn() throws Exception {
        awaits(1, new Vl2Request(MacAddress.of(1), 1));
        byte[] frame = SvpCodec.encode(1, new Vl2Ack(SvpStatus.OK, 1, ip("10.0.0.1")));
        frame[20] ^= 1;
        feed(java.util.Arrays.copyOf(frame, 30)); // header accepted, body incomplete
        assertThrows(SvpProtocolException.class, () -> feed(java.util.Arrays.copyOfRange(frame, 30, frame.length)));
        assertEquals(List.of(), delivered);
    }
}
