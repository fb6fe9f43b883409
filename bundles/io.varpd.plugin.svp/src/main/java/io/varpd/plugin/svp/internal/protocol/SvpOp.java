// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal.protocol;

/**
 * The SVP v1 operation codes (docs/architecture.md#the-svp-client, {@code svp_op}). Every ack's code is its request's
 * code plus one. The codec knows all of them, but only VL2, VL3, LOG and LOG_RM requests and their acks (and PING/PONG,
 * for completeness of the test vectors) have message types: BULK and SHOOTDOWN are implemented by no server, and
 * sending them crashes portolan.
 */
public enum SvpOp {
    UNKNOWN(0x00),
    PING(0x01),
    PONG(0x02),
    VL2_REQ(0x03),
    VL2_ACK(0x04),
    VL3_REQ(0x05),
    VL3_ACK(0x06),
    BULK_REQ(0x07),
    BULK_ACK(0x08),
    LOG_REQ(0x09),
    LOG_ACK(0x0A),
    LOG_RM(0x0B),
    LOG_RM_ACK(0x0C),
    SHOOTDOWN(0x0D);

    private static final SvpOp[] BY_CODE = values();

    private final int code;

    SvpOp(int code) {
        this.code = code;
    }

    /** The 16-bit code on the wire. */
    public int code() {
        return code;
    }

    /** The op with this code, or null when the code is not an SVP v1 op. */
    public static SvpOp of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /** {@code VL2_ACK (0x04)}, or {@code unknown op 0x1234} for a code that is none. */
    public static String describe(int code) {
        SvpOp op = of(code);
        return op == null ? String.format("unknown op 0x%04x", code) : String.format("%s (0x%02x)", op, code);
    }
}
