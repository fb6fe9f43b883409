// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal.protocol;

import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * One entry of a LOG_ACK: an invalidation the server logged for this compute node, identified by a 16-byte id that the
 * client hands back in LOG_RM once it has applied it.
 */
public sealed interface LogRecord permits Vl2LogRecord, Vl3LogRecord {
    /** {@code SVP_LOG_VL2}. */
    int TYPE_VL2 = 1;
    /** {@code SVP_LOG_VL3}. */
    int TYPE_VL3 = 2;

    /** The record's id (16 raw bytes, most significant first). */
    UUID id();

    /** The virtual network the record is about. */
    long vnetid();

    /** The encoded size, type word included. */
    int size();

    /** Writes the record, type word first. */
    void write(ByteBuffer out);
}
