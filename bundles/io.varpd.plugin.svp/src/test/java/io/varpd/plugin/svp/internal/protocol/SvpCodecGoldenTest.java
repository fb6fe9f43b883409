// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.varpd.api.MacAddress;
import java.net.InetAddress;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The golden wire transcripts (recorded against a real portolan), encoded and decoded byte for byte.
 *
 * <p>The transcripts' client wrote its ids big-endian ({@code 00 00 00 02} for id 2), while this codec writes the id
 * integer little-endian as illumos does. The id is opaque and only echoed, so what matters is the 4 bytes: the codec id
 * that produces {@code 00 00 00 02} is {@code Integer.reverseBytes(2)}, which {@link #wireId} computes.
 */
class SvpCodecGoldenTest {
    private static final UUID ID1 = UUID.fromString("6b1e6bfb-e0c5-43aa-8237-6d8e99f7b62b");
    private static final UUID ID2 = UUID.fromString("9407beff-d6e1-4413-9377-1b9af22e0332");

    /** The codec id whose 4 wire bytes are {@code n} big-endian, as in the transcripts. */
    static int wireId(int n) {
        return Integer.reverseBytes(n);
    }

    private static MacAddress mac(String s) {
        try {
            return MacAddress.parse(s);
        } catch (io.varpd.api.VarpdException e) {
            throw new AssertionError(e);
        }
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static Stream<Arguments> transcripts() {
        return Stream.of(
                Arguments.of("PING id=1", 1, new Ping(), "00 01 00 01 00 00 00 00 00 00 00 01 b5 b6 60 88"),
                Arguments.of("PONG id=1", 1, new Pong(), "00 01 00 02 00 00 00 00 00 00 00 01 08 7c 0c 46"),
                Arguments.of(
                        "VL2_REQ id=2",
                        2,
                        new Vl2Request(mac("90:c0:0c:52:50:11"), 4242),
                        "00 01 00 03 00 00 00 0c 00 00 00 02 73 84 e4 66 | 90 c0 0c 52 50 11 00 00 00 00 10 92"),
                Arguments.of(
                        "VL2_ACK id=2 OK",
                        2,
                        new Vl2Ack(SvpStatus.OK, 4789, ip("10.88.88.1")),
                        "00 01 00 04 00 00 00 14 00 00 00 02 45 52 80 c6 | 00 00 12 b5 00*10 ff ff 0a 58 58 01"),
                Arguments.of(
                        "VL2_REQ id=4 unknown mac",
                        4,
                        new Vl2Request(mac("de:ad:be:ef:00:01"), 4242),
                        "00 01 00 03 00 00 00 0c 00 00 00 04 97 72 ff 79 | de ad be ef 00 01 00 00 00 00 10 92"),
                Arguments.of(
                        "VL2_ACK id=4 NOTFOUND",
                        4,
                        new Vl2Ack(SvpStatus.NOTFOUND, 0, ip("::")),
                        "00 01 00 04 00 00 00 14 00 00 00 04 20 4d 45 0f | 00 02 00 00 00*16"),
                Arguments.of(
                        "VL3_REQ id=5",
                        5,
                        new Vl3Request(ip("192.168.100.6"), Vl3Request.TYPE_IP, 4242),
                        "00 01 00 05 00 00 00 18 00 00 00 05 13 48 bd c5 | 00*10 ff ff c0 a8 64 06 00 00 00 01 00 00 10 92"),
                Arguments.of(
                        "VL3_ACK id=5 OK",
                        5,
                        new Vl3Ack(SvpStatus.OK, mac("90:c0:0c:52:50:12"), 4790, ip("10.88.88.2")),
                        "00 01 00 06 00 00 00 1c 00 00 00 05 64 a0 54 ae | 00 00 00 00 90 c0 0c 52 50 12 12 b6"
                                + " 00*10 ff ff 0a 58 58 02"),
                Arguments.of(
                        "VL3_ACK id=7 NOTFOUND",
                        7,
                        new Vl3Ack(SvpStatus.NOTFOUND, MacAddress.ZERO, 0, ip("::")),
                        "00 01 00 06 00 00 00 1c 00 00 00 07 19 a7 8a 1a | 00 00 00 02 00*24"),
                Arguments.of(
                        "LOG_REQ id=8",
                        8,
                        new LogRequest(1024, ip("10.88.88.1")),
                        "00 01 00 09 00 00 00 14 00 00 00 08 2f ed 0b b4 | 00 00 04 00 00*10 ff ff 0a 58 58 01"),
                Arguments.of(
                        "LOG_ACK id=8 VL2+VL3",
                        8,
                        LogAck.of(
                                SvpStatus.OK,
                                List.of(
                                        new Vl2LogRecord(ID1, mac("90:c0:0c:52:50:12"), 4242),
                                        new Vl3LogRecord(ID2, ip("192.168.100.6"), 7, 4242))),
                        "00 01 00 0a 00 00 00 50 00 00 00 08 85 fe cd ad | 00 00 00 00"
                                + " | 00 00 00 01 6b1e6bfb-e0c5-43aa-8237-6d8e99f7b62b 90 c0 0c 52 50 12 00 00 00 00 10 92"
                                + " | 00 00 00 02 9407beff-d6e1-4413-9377-1b9af22e0332 00*10 ff ff c0 a8 64 06"
                                + " 00 00 00 07 00 00 10 92"),
                Arguments.of(
                        "LOG_RM id=9",
                        9,
                        new LogRemove(List.of(ID1, ID2)),
                        "00 01 00 0b 00 00 00 24 00 00 00 09 b7 5a eb ea | 00 00 00 02"
                                + " 6b1e6bfb-e0c5-43aa-8237-6d8e99f7b62b 9407beff-d6e1-4413-9377-1b9af22e0332"),
                Arguments.of(
                        "LOG_RM_ACK id=9 OK",
                        9,
                        new LogRemoveAck(SvpStatus.OK),
                        "00 01 00 0c 00 00 00 04 00 00 00 09 21 35 af 49 | 00 00 00 00"),
                Arguments.of(
                        "LOG_ACK id=10 empty",
                        10,
                        LogAck.of(SvpStatus.OK, List.of()),
                        "00 01 00 0a 00 00 00 04 00 00 00 0a bf 8c 24 84 | 00 00 00 00"),
                Arguments.of(
                        "LOG_ACK id=11 FATAL",
                        11,
                        LogAck.of(SvpStatus.FATAL, List.of()),
                        "00 01 00 0a 00 00 00 04 00 00 00 0b df f0 00 51 | 00 00 00 01"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transcripts")
    void encodesExactlyTheTranscriptBytes(String name, int id, SvpMessage message, String wire) {
        assertEquals(Hex.text(Hex.bytes(wire)), Hex.text(SvpCodec.encode(wireId(id), message)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transcripts")
    void decodesTheTranscriptBytesToTheMessage(String name, int id, SvpMessage message, String wire)
            throws SvpProtocolException {
        SvpFrame frame = SvpCodec.decode(Hex.bytes(wire));
        assertEquals(message, frame.message());
        assertEquals(wireId(id), frame.header().id());
        assertEquals(SvpCodec.VERSION, frame.header().version());
        assertEquals(message.op().code(), frame.header().op());
        assertEquals(message.bodySize(), frame.header().size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transcripts")
    void reEncodingADecodedFrameGivesTheSameBytes(String name, int id, SvpMessage message, String wire)
            throws SvpProtocolException {
        byte[] bytes = Hex.bytes(wire);
        SvpFrame frame = SvpCodec.decode(bytes);
        assertEquals(Hex.text(bytes), Hex.text(SvpCodec.encode(frame.header().id(), frame.message())));
    }
}
