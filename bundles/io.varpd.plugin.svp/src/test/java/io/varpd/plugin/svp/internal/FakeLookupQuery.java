package io.varpd.plugin.svp.internal;

import io.varpd.api.LookupRequest;
import io.varpd.api.MacAddress;
import io.varpd.api.VarpdException;
import io.varpd.api.plugin.RecordingLookupQuery;

/**
 * The recording lookup query of the api test jar, with this module's request factory.
 */
final class FakeLookupQuery extends RecordingLookupQuery {
    FakeLookupQuery(LookupRequest request) {
        super(request);
    }

    static FakeLookupQuery of(long vnetid, String destination, int sap) {
        return new FakeLookupQuery(request(vnetid, destination, sap));
    }

    static LookupRequest request(long vnetid, String destination, int sap) {
        try {
            return new LookupRequest(vnetid, MacAddress.parse("02:00:00:00:00:01"), MacAddress.parse(destination), sap,
                    0, 14, 100);
        } catch (VarpdException e) {
            throw new AssertionError(e);
        }
    }
}
