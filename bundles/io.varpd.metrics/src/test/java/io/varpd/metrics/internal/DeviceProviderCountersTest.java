// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeviceProviderCountersTest {
    private final DeviceProviderCounters providers = new DeviceProviderCounters();

    @Test
    void eachTypesCountersAreReadNowInTypeOrder() {
        Map<String, Long> linux = new java.util.HashMap<>(Map.of("notifications_lost", 1L));
        providers.put(5, "memory", FakeProvider.counting(Map.of()));
        providers.put(3, "linux", FakeProvider.counting(linux));
        linux.put("notifications_lost", 9L);

        assertEquals(
                List.of(
                        new ProviderCounters("linux", Map.of("notifications_lost", 9L)),
                        new ProviderCounters("memory", Map.of())),
                providers.read());
    }

    @Test
    void ofTwoProvidersOfOneTypeTheFirstRegisteredIsExportedAndTheOtherTakesOverWhenItLeaves() {
        providers.put(8, "linux", FakeProvider.counting(Map.of("resyncs", 2L)));
        providers.put(4, "linux", FakeProvider.counting(Map.of("resyncs", 1L)));

        assertEquals(List.of(new ProviderCounters("linux", Map.of("resyncs", 1L))), providers.read());

        providers.remove(4);

        assertEquals(List.of(new ProviderCounters("linux", Map.of("resyncs", 2L))), providers.read());
    }

    @Test
    void aProviderWhoseCountersThrowIsLeftOutAndTheOthersStay() {
        providers.put(1, "broken", FakeProvider.broken(new IllegalStateException("socket closed")));
        providers.put(2, "linux", FakeProvider.counting(Map.of("resyncs", 1L)));

        assertEquals(List.of(new ProviderCounters("linux", Map.of("resyncs", 1L))), providers.read());
    }

    @Test
    void aProviderWithoutATypeIsIgnoredAsCoreRefusesIt() {
        providers.put(1, null, FakeProvider.counting(Map.of("x", 1L)));
        providers.put(2, 17, FakeProvider.counting(Map.of("x", 1L)));
        providers.put(3, "", FakeProvider.counting(Map.of("x", 1L)));

        assertEquals(List.of(), providers.read());
    }

    @Test
    void aProviderWhoseTypeIsRemovedByAnUpdateIsNoLongerRead() {
        providers.put(1, "linux", FakeProvider.counting(Map.of("x", 1L)));
        providers.put(1, null, FakeProvider.counting(Map.of("x", 1L)));

        assertEquals(List.of(), providers.read());
    }

    @Test
    void aDepartedProviderIsNoLongerRead() {
        providers.put(1, "linux", FakeProvider.counting(Map.of("x", 1L)));
        providers.remove(1);
        providers.remove(99); // unknown: nothing happens

        assertEquals(List.of(), providers.read());
    }

    @Test
    void theServiceIdComesFromTheReferenceProperties() {
        assertEquals(12L, DeviceProviderCounters.serviceId(Map.of("service.id", 12L)));
    }
}
