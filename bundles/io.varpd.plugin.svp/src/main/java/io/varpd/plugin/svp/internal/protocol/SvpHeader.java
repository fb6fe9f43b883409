// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal.protocol;

/**
 * The 16-byte SVP header ({@code svp_req_t}), as read from the wire.
 *
 * <p>Byte order: version, op, size and CRC are big-endian; the id is an opaque 4 bytes that the server echoes. Like
 * illumos on x86, the codec writes the id integer little-endian, and {@link #id()} is those 4 bytes read little-endian
 * again, so a reply matches its request by exact bytes whatever the server does with them.
 *
 * @param version {@code svp_ver}, 1 for SVP v1
 * @param op the raw op code (see {@link SvpOp#of})
 * @param size the body length, header excluded (unsigned; a negative int is a size above 2^31)
 * @param id the request id, the 4 opaque bytes read little-endian
 * @param crc the CRC-32 of the header with this field zero, then the body
 */
public record SvpHeader(int version, int op, int size, int id, int crc) {
    /** The header size in bytes. */
    public static final int SIZE = 16;

    /** The size as an unsigned number. */
    public long unsignedSize() {
        return Integer.toUnsignedLong(size);
    }

    @Override
    public String toString() {
        return "svp v" + version + " " + SvpOp.describe(op) + " size " + Integer.toUnsignedString(size) + " id "
                + Integer.toUnsignedString(id) + String.format(" crc %08x", crc);
    }
}
