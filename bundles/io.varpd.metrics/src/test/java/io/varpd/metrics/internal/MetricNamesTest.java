// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MetricNamesTest {

    @Test
    void aCounterKeyGetsThePrefixAndTotal() {
        assertEquals("varpd_lookups_total", MetricNames.counter("varpd_", "lookups"));
        assertEquals("varpd_device_misses_received_total", MetricNames.counter("varpd_", "device_misses_received"));
    }

    @Test
    void charactersAMetricNameCannotHoldBecomeUnderscores() {
        assertEquals("varpd_rx_drops_per_q__total", MetricNames.counter("varpd_", "rx-drops.per q\""));
        assertTrue(MetricNames.isMetricName(MetricNames.counter("varpd_", "1st\nline\\ü")));
    }

    @Test
    void aKeyAlreadyEndingInTotalIsNotSuffixedTwice() {
        assertEquals(
                "varpd_device_provider_resyncs_total", MetricNames.counter("varpd_device_provider_", "resyncs_total"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"varpd_up", "_x", "a:b", "A9_"})
    void validMetricNames(String name) {
        assertTrue(MetricNames.isMetricName(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "9a", "a-b", "a b", "a\"", "é"})
    void invalidMetricNames(String name) {
        assertFalse(MetricNames.isMetricName(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"link", "_x", "vnetid2"})
    void validLabelNames(String name) {
        assertTrue(MetricNames.isLabelName(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "__name__", "2x", "a:b", "a-b"})
    void invalidLabelNamesIncludeTheReservedDoubleUnderscore(String name) {
        assertFalse(MetricNames.isLabelName(name));
    }

    @Test
    void aFamilyRefusesAnInvalidName() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> new MetricFamily("varpd-x", "h", MetricType.GAUGE, List.of()));
        assertTrue(e.getMessage().contains("'varpd-x'"), e.getMessage());
    }

    @Test
    void aSampleRefusesAnInvalidLabelName() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new Sample(Map.of("__name__", "x"), 1));
        assertTrue(e.getMessage().contains("'__name__'"), e.getMessage());
    }
}
