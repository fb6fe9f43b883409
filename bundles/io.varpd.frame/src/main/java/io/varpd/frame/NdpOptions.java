// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.frame;

/**
 * The option area of a neighbour discovery message (RFC 4861 section 4.6): type, length in units of 8 bytes, data. A
 * receiver discards a message with a zero-length option or one that runs past the payload; both the proxy's
 * solicitations and the device's announcements are read this way.
 */
final class NdpOptions {
    private NdpOptions() {}

    /**
     * Walks the options in {@code frame[start, end)} and returns the offset of the last one of {@code type}, or -1 when
     * none; rejected, naming {@code message}, when an option has length 0 or runs past {@code end}. A single trailing
     * byte is ignored, as the original did.
     */
    static Validation<Integer> find(byte[] frame, int start, int end, int type, String message) {
        int found = -1;
        int opt = start;
        while (end - opt >= 2) {
            int optType = Bytes.u8(frame, opt);
            int optBytes = Bytes.u8(frame, opt + 1) * 8;
            if (optBytes == 0) {
                return Validation.rejected(message + " option type " + optType + " has length 0");
            }
            if (optBytes > end - opt) {
                return Validation.rejected(message + " option type " + optType + " of " + optBytes
                        + " bytes runs past the end of the IPv6 payload (" + (end - opt) + " bytes left)");
            }
            if (optType == type) {
                found = opt;
            }
            opt += optBytes;
        }
        return Validation.valid(found);
    }
}
