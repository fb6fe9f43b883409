// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal;

import io.varpd.api.Errno;
import io.varpd.api.LookupRequest;
import io.varpd.api.MacAddress;
import io.varpd.api.VarpdException;
import io.varpd.api.plugin.RecordingLookupQuery;

/**
 * The recording lookup query of the api test jar, with this module's request factory. It also records
 * {@code fail(errno, reason)}, which the api's recorder counts as a drop: {@link #failure()} tells a genuine drop
 * (null) from "the server gave no answer".
 */
final class FakeLookupQuery extends RecordingLookupQuery {
    private volatile Errno failure;
    private volatile String reason;

    FakeLookupQuery(LookupRequest request) {
        super(request);
    }

    static FakeLookupQuery of(long vnetid, String destination, int sap) {
        return new FakeLookupQuery(request(vnetid, destination, sap));
    }

    static LookupRequest request(long vnetid, String destination, int sap) {
        try {
            return new LookupRequest(
                    vnetid, MacAddress.parse("02:00:00:00:00:01"), MacAddress.parse(destination), sap, 0, 14, 100);
        } catch (VarpdException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public synchronized boolean fail(Errno errno, String why) {
        if (!isAnswered()) {
            // Set before the drop that releases await(), so a waiting test sees them.
            failure = errno;
            reason = why;
        }
        return drop();
    }

    /** The errno of a fail() answer, or null for any other answer. */
    Errno failure() {
        return failure;
    }

    /** The sentence of a fail() answer, or null. */
    String reason() {
        return reason;
    }
}
