// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal.protocol;

/**
 * Bytes that are not a valid SVP v1 message: a bad version, an op that is not expected, a size that does not fit the
 * op, a CRC mismatch, or a malformed body. On a connection this means the stream can no longer be trusted and the
 * connection is reset.
 */
public final class SvpProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    public SvpProtocolException(String message) {
        super(message);
    }
}
