// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LinuxDeviceCountersTest {
    @Test
    void exportedNamesAreSnakeCaseInAFixedOrder() {
        assertEquals(
                List.of(
                        "misses_received",
                        "misses_reported",
                        "misses_ignored",
                        "misses_suppressed",
                        "queue_overflows",
                        "entries_installed",
                        "install_failures",
                        "announcements",
                        "reconcile_kept",
                        "reconcile_replaced",
                        "reconcile_removed"),
                List.copyOf(new LinuxDeviceCounters().asMap().keySet()));
    }

    @Test
    void eachExportedValueIsItsOwnCounter() {
        LinuxDeviceCounters c = new LinuxDeviceCounters();
        c.missesReceived.set(1);
        c.missesReported.set(2);
        c.missesIgnored.set(3);
        c.missesSuppressed.set(4);
        c.queueOverflows.set(5);
        c.entriesInstalled.set(6);
        c.installFailures.set(7);
        c.announcements.set(8);
        c.reconcileKept.set(9);
        c.reconcileReplaced.set(10);
        c.reconcileRemoved.set(11);
        assertEquals(
                List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L),
                List.copyOf(c.asMap().values()));
    }

    @Test
    void theExportIsASnapshotNobodyCanChange() {
        LinuxDeviceCounters c = new LinuxDeviceCounters();
        Map<String, Long> before = c.asMap();
        c.missesReceived.incrementAndGet();
        assertEquals(0L, before.get("misses_received"));
        assertThrows(UnsupportedOperationException.class, () -> before.put("misses_received", 9L));
    }

    @Test
    void aProviderWithoutSessionsCountsNothingYet() {
        assertEquals(
                Map.of("notifications_lost", 0L, "resyncs", 0L, "malformed_messages", 0L),
                new LinuxDeviceProvider().counters());
    }
}
