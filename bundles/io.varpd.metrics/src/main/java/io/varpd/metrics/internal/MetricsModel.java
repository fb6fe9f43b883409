// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.metrics.internal;

import io.varpd.api.admin.InstanceInfo;
import io.varpd.api.admin.StrayDevice;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns one {@link VarpdSnapshot} into the metric families of a scrape. Pure: no I/O, no clock, no framework; the same
 * snapshot always gives the same families in the same order.
 *
 * <p>The families, in this order:
 *
 * <ul>
 *   <li>{@value #INSTANCE_STATUS}{link, status} 1: each instance's dladm STATUS (ONLINE, DEGRADED, WAITING, ERROR), one
 *       series per instance;
 *   <li>{@value #INSTANCE_UP}{link, plugin, device}: 1 when ONLINE, else 0;
 *   <li>{@code varpd_<key>_total}{link, plugin, device}: one counter family per key of the instances' counter maps
 *       (core's lookup counters, then the device's {@code device_*} ones), in the order the keys first appear; an
 *       instance without a key simply has no series there;
 *   <li>{@value #STRAY_DEVICE}{type, link, vnetid, location} 1: devices without an instance ({@code vnetid} is empty
 *       when the provider cannot tell);
 *   <li>{@code varpd_device_provider_<key>_total}{type}: each device provider's own counters.
 * </ul>
 *
 * <p>Names and label sets are made unique here, because one duplicate series makes Prometheus reject the whole scrape:
 * two keys that map to one name share a family (its first HELP and TYPE win) and a repeated label set keeps only its
 * first sample.
 */
public final class MetricsModel {
    public static final String INSTANCE_STATUS = "varpd_instance_status";
    public static final String INSTANCE_UP = "varpd_instance_up";
    public static final String STRAY_DEVICE = "varpd_stray_device";
    /** Prefix of the provider-wide counters. */
    public static final String PROVIDER_PREFIX = "varpd_device_provider_";
    /** Prefix core gives a device's counters in {@link InstanceInfo#counters()}. */
    public static final String DEVICE_KEY_PREFIX = "device_";

    /** HELP of the counters whose meaning is known; other keys get a generic sentence. */
    private static final Map<String, String> INSTANCE_COUNTER_HELP = Map.ofEntries(
            Map.entry("lookups", "Lookups (target-cache misses) handed to the overlay instance's plugin."),
            Map.entry("ok", "Lookups the plugin answered with a destination."),
            Map.entry("drop", "Lookups the plugin answered with drop."),
            Map.entry("arp", "ARP requests answered by proxy."),
            Map.entry("ndp", "NDP neighbour solicitations answered by proxy."),
            Map.entry("dhcp", "DHCP requests redirected by proxy."),
            Map.entry("errors", "Plugin or device failures of the overlay instance."),
            Map.entry("published", "Guests this host carries that core handed to the plugin to publish."),
            Map.entry("withdrawn", "Guests this host withdrew (they left, or were withdrawn by hand)."),
            Map.entry("publish_unsupported", "Guests not published because the plugin publishes none."),
            Map.entry("publish_no_point", "Guests not published because the device has no local address."),
            Map.entry("publish_errors", "Publishes and withdrawals the plugin failed."),
            Map.entry("device_misses_received", "Misses the overlay device received."),
            Map.entry("device_entries_installed", "Destinations the overlay device installed."));

    private static final Map<String, String> PROVIDER_COUNTER_HELP =
            Map.of("notifications_lost", "Notifications of the device provider's kernel channel that were lost.");

    /** The families of {@code snapshot}, in the order described above. */
    public List<MetricFamily> families(VarpdSnapshot snapshot) {
        Families out = new Families();
        for (InstanceInfo i : snapshot.instances()) {
            String status = i.status();
            out.sample(
                    INSTANCE_STATUS,
                    MetricType.GAUGE,
                    "The status of each overlay instance as dladm show-overlay -f shows it"
                            + " (ONLINE, DEGRADED, WAITING, ERROR): 1 for its current status.",
                    labels("link", i.link(), "status", status),
                    1);
        }
        for (InstanceInfo i : snapshot.instances()) {
            out.sample(
                    INSTANCE_UP,
                    MetricType.GAUGE,
                    "1 when the overlay instance is ONLINE, else 0.",
                    instanceLabels(i),
                    "ONLINE".equals(i.status()) ? 1 : 0);
        }
        for (InstanceInfo i : snapshot.instances()) {
            for (Map.Entry<String, Long> c : i.counters().entrySet()) {
                if (c.getValue() == null) {
                    continue;
                }
                out.sample(
                        MetricNames.counter(MetricNames.PREFIX, c.getKey()),
                        MetricType.COUNTER,
                        instanceCounterHelp(c.getKey()),
                        instanceLabels(i),
                        c.getValue());
            }
        }
        for (StrayDevice d : snapshot.strayDevices()) {
            out.sample(
                    STRAY_DEVICE,
                    MetricType.GAUGE,
                    "A device that exists although no varpd instance exists for it (degraded).",
                    labels(
                            "type",
                            d.deviceType(),
                            "link",
                            d.linkName(),
                            "vnetid",
                            d.vnetid() < 0 ? "" : Long.toString(d.vnetid()),
                            "location",
                            d.location()),
                    1);
        }
        for (ProviderCounters p : snapshot.providers()) {
            for (Map.Entry<String, Long> c : p.counters().entrySet()) {
                if (c.getValue() == null) {
                    continue;
                }
                out.sample(
                        MetricNames.counter(PROVIDER_PREFIX, c.getKey()),
                        MetricType.COUNTER,
                        PROVIDER_COUNTER_HELP.getOrDefault(
                                c.getKey(),
                                "Device provider counter " + c.getKey() + " (provider-wide, of no one device)."),
                        labels("type", p.type()),
                        c.getValue());
            }
        }
        return out.build();
    }

    private static String instanceCounterHelp(String key) {
        String known = INSTANCE_COUNTER_HELP.get(key);
        if (known != null) {
            return known;
        }
        if (key.startsWith(DEVICE_KEY_PREFIX)) {
            return "Overlay device counter " + key.substring(DEVICE_KEY_PREFIX.length()) + " of the instance's device.";
        }
        return "Overlay instance counter " + key + ".";
    }

    private static Map<String, String> instanceLabels(InstanceInfo i) {
        return labels("link", i.link(), "plugin", i.plugin(), "device", i.device());
    }

    private static Map<String, String> labels(String... nameValue) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int k = 0; k < nameValue.length; k += 2) {
            m.put(nameValue[k], nameValue[k + 1]);
        }
        return m;
    }

    /** Collects samples by family name, keeping first-seen order and unique label sets. */
    private static final class Families {
        private final Map<String, Builder> byName = new LinkedHashMap<>();

        void sample(String name, MetricType type, String help, Map<String, String> labels, long value) {
            byName.computeIfAbsent(name, n -> new Builder(n, help, type)).add(new Sample(labels, value));
        }

        List<MetricFamily> build() {
            List<MetricFamily> families = new ArrayList<>(byName.size());
            byName.values().forEach(b -> families.add(new MetricFamily(b.name, b.help, b.type, b.samples)));
            return families;
        }
    }

    private static final class Builder {
        final String name;
        final String help;
        final MetricType type;
        final List<Sample> samples = new ArrayList<>();
        final Set<Map<String, String>> labelSets = new HashSet<>();

        Builder(String name, String help, MetricType type) {
            this.name = name;
            this.help = help;
            this.type = type;
        }

        void add(Sample s) {
            if (labelSets.add(s.labels())) {
                samples.add(s);
            }
        }
    }
}
