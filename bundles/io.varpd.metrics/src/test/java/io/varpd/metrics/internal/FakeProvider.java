// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.metrics.internal;

import io.varpd.api.VarpdException;
import io.varpd.api.device.DeviceListener;
import io.varpd.api.device.DeviceSettings;
import io.varpd.api.device.OverlayDevice;
import io.varpd.api.device.OverlayDeviceProvider;
import java.util.Map;

/** A device provider that only has counters; opening a device fails the test. */
final class FakeProvider implements OverlayDeviceProvider {
    private final Map<String, Long> counters;
    private final RuntimeException failure;

    private FakeProvider(Map<String, Long> counters, RuntimeException failure) {
        this.counters = counters;
        this.failure = failure;
    }

    static FakeProvider counting(Map<String, Long> counters) {
        return new FakeProvider(counters, null);
    }

    /** A provider whose counters() throws {@code failure}. */
    static FakeProvider broken(RuntimeException failure) {
        return new FakeProvider(Map.of(), failure);
    }

    @Override
    public OverlayDevice open(DeviceSettings settings, DeviceListener listener) throws VarpdException {
        throw new UnsupportedOperationException("open");
    }

    @Override
    public Map<String, Long> counters() {
        if (failure != null) {
            throw failure;
        }
        return counters;
    }
}
