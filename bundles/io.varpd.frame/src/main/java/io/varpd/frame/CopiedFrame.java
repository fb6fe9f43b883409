// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.frame;

import io.varpd.api.LookupRequest;

/** The check every proxy applies once the frame has been copied: does it match its lookup? */
final class CopiedFrame {
    /** The largest frame varpd copies (1514 plus a VLAN tag). */
    static final int MAX_FRAME = 1518;

    private CopiedFrame() {}

    /** {@code hdrsize + pktsize} without int overflow. */
    static long declaredLength(LookupRequest req) {
        return (long) req.headerSize() + req.payloadSize();
    }

    /**
     * The copied frame must be exactly as long as the lookup declares, and its own MAC header must have the lookup's
     * length and ethertype; the builders rely on both to find the headers.
     */
    static Validation<EthernetHeader> check(LookupRequest req, byte[] frame, int length) {
        if (length < 0 || length > frame.length) {
            return Validation.rejected(
                    "frame length " + length + " is outside the buffer of " + frame.length + " bytes");
        }
        if (length != declaredLength(req)) {
            return Validation.rejected("copied frame is " + length + " bytes, the lookup declares hdrsize "
                    + req.headerSize() + " + pktsize " + req.payloadSize());
        }
        Validation<EthernetHeader> parsed = EthernetHeader.parse(frame, length);
        if (!parsed.isValid()) {
            return parsed;
        }
        EthernetHeader eth = parsed.value();
        if (eth.length() != req.headerSize() || eth.ethertype() != req.sap()) {
            return Validation.rejected("frame's MAC header (" + eth.length() + " bytes, ethertype "
                    + Bytes.hex16(eth.ethertype()) + ") disagrees with the lookup (hdrsize " + req.headerSize()
                    + ", sap " + Bytes.hex16(req.sap()) + ")");
        }
        return parsed;
    }

    /**
     * For the builders: the frame's MAC header, provided the frame also holds {@code payload} bytes after it.
     *
     * @throws IllegalArgumentException otherwise (such a frame cannot have passed validation)
     */
    static EthernetHeader require(byte[] frame, int length, int payload, String what) {
        Validation<EthernetHeader> eth = EthernetHeader.parse(frame, length);
        if (!eth.isValid()) {
            throw new IllegalArgumentException("not " + what + " that passed validation: " + eth.reason());
        }
        if (length - eth.value().length() < payload) {
            throw new IllegalArgumentException("not " + what + " that passed validation: " + length
                    + " bytes hold no " + payload + "-byte payload after the "
                    + eth.value().length()
                    + "-byte MAC header");
        }
        return eth.value();
    }
}
