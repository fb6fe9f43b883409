// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

/**
 * The SVP v1 wire codec: the 16-byte header, the CRC, and every message the client and portolan exchange.
 *
 * <h2>Theory</h2>
 *
 * <p>SVP (the SDC VXLAN Protocol, docs/architecture.md#the-svp-client) is a request/reply protocol over one long-lived
 * TCP connection. Every message is a 16-byte header (version, op, body size, an opaque request id, a CRC-32) and a body
 * whose layout the op fixes. Every integer is big-endian except the id, which the server only echoes: it is written
 * little-endian here, as the illumos client does on x86, so a reply is matched to its request by exact bytes. The CRC
 * covers the header with its CRC field zero and then the body; both sides check it.
 *
 * <p>Messages are small immutable values ({@link io.varpd.plugin.svp.internal.protocol.SvpMessage}): a
 * {@link io.varpd.plugin.svp.internal.protocol.ClientRequest} is one of the four requests the client may send (VL2,
 * VL3, LOG, LOG_RM); PING/PONG exist for completeness but are never sent, and BULK and SHOOTDOWN have no type at all,
 * because no server implements them and portolan crashes on them. An
 * {@link io.varpd.plugin.svp.internal.protocol.SvpReply} is an ack, whose first field is a status. Two fixes over the
 * original live here: the VL2_ACK status is read as the 16-bit field it is (the original swapped 32 bits), and a
 * LOG_ACK may be up to count + 4 bytes, because portolan does not count its status word (the original compared against
 * a byte-swapped count).
 *
 * <p>Decoding is strict ({@link io.varpd.plugin.svp.internal.protocol.SvpCodec}): version, op and size are judged from
 * the header alone, before any body is awaited, and the CRC before any field is read. What a connection does with a
 * refusal (reset) is the client's business, not the codec's. LOG_ACK records are kept as bytes and parsed on demand,
 * because a malformed batch is refused as a batch (docs/architecture.md#the-svp-client) while the connection that
 * carried it is fine.
 */
package io.varpd.plugin.svp.internal.protocol;
