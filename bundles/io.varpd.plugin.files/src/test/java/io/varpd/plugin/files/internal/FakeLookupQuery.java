// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.files.internal;

import io.varpd.api.LookupRequest;
import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import io.varpd.api.plugin.RecordingLookupQuery;

/**
 * The recording lookup query of the api test jar, whose reply can also be made to land on a fake device in a chosen
 * order.
 */
final class FakeLookupQuery extends RecordingLookupQuery {
    /** Runs inside {@link #reply} before the answer lands on the device; null for none. */
    private final Runnable beforeReplyLands;
    /** Where a reply is recorded as landing on the device; null for nowhere. */
    private final FakeProvider device;

    FakeLookupQuery(LookupRequest request) {
        this(request, null, null);
    }

    /**
     * A query whose reply runs {@code beforeReplyLands} first and then records itself on {@code device}: the order in
     * which a slow reply and a concurrent injection reach a device.
     */
    FakeLookupQuery(LookupRequest request, Runnable beforeReplyLands, FakeProvider device) {
        super(request);
        this.beforeReplyLands = beforeReplyLands;
        this.device = device;
    }

    /** A request from {@code source} to {@code destination} with ethertype {@code sap}, untagged. */
    static FakeLookupQuery of(String source, String destination, int sap) {
        return new FakeLookupQuery(request(source, destination, sap));
    }

    static LookupRequest request(String source, String destination, int sap) {
        try {
            return new LookupRequest(4242, MacAddress.parse(source), MacAddress.parse(destination), sap, 0, 14, 100);
        } catch (io.varpd.api.VarpdException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public boolean reply(TargetPoint t) {
        if (beforeReplyLands != null) {
            beforeReplyLands.run();
        }
        boolean first = super.reply(t);
        if (first && device != null) {
            device.answered(request().destination(), t);
        }
        return first;
    }
}
