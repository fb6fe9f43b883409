// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.metrics.internal;

import io.varpd.api.device.OverlayDeviceProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The overlay device providers present now, and their provider-wide counters on demand.
 *
 * <p>As core does, a kind of device has one provider: of several services naming the same
 * {@value OverlayDeviceProvider#TYPE}, the first registered (lowest service id) is the one core uses, and so the one
 * whose counters are exported; the others would only duplicate the series. A provider whose {@code counters()} throws
 * is left out of that scrape (and logged), so one broken provider does not hide the rest. Thread-safe: services come
 * and go while scrapes run.
 */
public final class DeviceProviderCounters {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceProviderCounters.class);

    private record Tracked(String type, OverlayDeviceProvider provider) {}

    /** By service id, so "first registered" is the first of each type in iteration order. */
    private final TreeMap<Long, Tracked> byServiceId = new TreeMap<>();

    /**
     * A provider arrived (or its properties changed). One without a type is ignored, as core refuses it.
     *
     * @param serviceId its {@code service.id}
     * @param type its {@value OverlayDeviceProvider#TYPE}, or null
     */
    public synchronized void put(long serviceId, Object type, OverlayDeviceProvider provider) {
        if (type instanceof String && !((String) type).isEmpty()) {
            byServiceId.put(serviceId, new Tracked((String) type, provider));
        } else {
            byServiceId.remove(serviceId);
        }
    }

    /** A provider left. */
    public synchronized void remove(long serviceId) {
        byServiceId.remove(serviceId);
    }

    /** Each type's counters, read now, by type name. */
    public List<ProviderCounters> read() {
        Map<String, OverlayDeviceProvider> winners = new TreeMap<>();
        synchronized (this) {
            byServiceId.values().forEach(t -> winners.putIfAbsent(t.type(), t.provider()));
        }
        // Outside the lock: a provider's counters() is foreign code and may be slow.
        List<ProviderCounters> out = new ArrayList<>(winners.size());
        winners.forEach((type, provider) -> {
            try {
                out.add(new ProviderCounters(type, provider.counters()));
            } catch (RuntimeException e) {
                LOG.warn("device provider '{}': its counters are left out of the metrics: {}", type, e.toString());
            }
        });
        return out;
    }

    /** The {@code service.id} in a reference's properties (DS passes them to bind methods). */
    public static long serviceId(Map<String, ?> properties) {
        Object id = properties.get("service.id");
        return id instanceof Number ? ((Number) id).longValue() : -1;
    }
}
