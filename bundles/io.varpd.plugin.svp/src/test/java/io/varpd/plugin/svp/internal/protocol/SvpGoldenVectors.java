// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal.protocol;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The server's side of the golden transcripts ({@link SvpCodecGoldenTest#transcripts()}, recorded against portolan):
 * every reply vector with the request it answers, for tests outside this package (the frame reader's) that need the
 * exact bytes.
 *
 * <p>A reply whose request is in the transcripts (same id, op one less) is paired with it; the others (VL3_ACK id=7,
 * LOG_ACK id=10 and 11) are paired with the request that would have asked for them: a VL3_REQ, and LOG_REQ with the
 * client's default count.
 */
public final class SvpGoldenVectors {
    /**
     * A golden reply.
     *
     * @param name the transcript's name, e.g. {@code VL2_ACK id=2 OK}
     * @param id the header id of the frame as the codec reads it
     * @param request the request it answers
     * @param reply the decoded reply
     * @param wire the frame bytes as portolan sent them (a copy for each caller)
     */
    public record GoldenReply(String name, int id, ClientRequest request, SvpReply reply, byte[] wire) {
        @Override
        public byte[] wire() {
            return wire.clone();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private SvpGoldenVectors() {}

    /** The golden replies in transcript order; their ids are all distinct. */
    public static List<GoldenReply> replies() {
        Map<Long, ClientRequest> requests = new HashMap<>();
        List<Object[]> all =
                SvpCodecGoldenTest.transcripts().map(Arguments::get).toList();
        for (Object[] t : all) {
            if (t[2] instanceof ClientRequest r) {
                requests.put(key(idOf(t), r.op().code()), r);
            }
        }
        List<GoldenReply> out = new ArrayList<>();
        for (Object[] t : all) {
            if (t[2] instanceof SvpReply reply) {
                int id = idOf(t);
                ClientRequest r = requests.get(key(id, reply.op().code() - 1));
                out.add(new GoldenReply(
                        (String) t[0], id, r != null ? r : askingFor(reply), reply, Hex.bytes((String) t[3])));
            }
        }
        return List.copyOf(out);
    }

    /** The header id the codec reads from the transcript's id number. */
    private static int idOf(Object[] transcript) {
        byte[] wire = Hex.bytes((String) transcript[3]);
        return SvpCodec.readHeader(ByteBuffer.wrap(wire)).id();
    }

    private static long key(int id, int op) {
        return ((long) id << 16) | op;
    }

    private static ClientRequest askingFor(SvpReply reply) {
        switch (reply.op()) {
            case VL3_ACK:
                return Vl3Request.of(ip("192.168.100.7"), 4242);
            case LOG_ACK:
                return new LogRequest(LogRequest.DEFAULT_COUNT, ip("10.88.88.1"));
            default:
                throw new AssertionError("no request for " + reply + " in the transcripts");
        }
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
