// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.admin.InstanceInfo;
import io.varpd.api.admin.InstanceState;
import io.varpd.api.admin.StrayDevice;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MetricsModelTest {
    private final MetricsModel model = new MetricsModel();

    private List<MetricFamily> families(
            List<InstanceInfo> instances, List<StrayDevice> strays, List<ProviderCounters> providers) {
        return model.families(new VarpdSnapshot(instances, strays, providers));
    }

    private static MetricFamily family(List<MetricFamily> families, String name) {
        return families.stream()
                .filter(f -> f.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no family " + name + " in "
                        + families.stream().map(MetricFamily::name).collect(Collectors.toList())));
    }

    private static Map<String, String> labels(String... nameValue) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            m.put(nameValue[i], nameValue[i + 1]);
        }
        return m;
    }

    @Test
    void everyCoreCounterIsACounterFamilyWithLinkPluginAndDeviceLabels() {
        List<MetricFamily> fs = families(
                List.of(
                        Instances.active("vxlan0", "direct", "memory", Instances.coreCounters(10)),
                        Instances.active("vxlan1", "files", "linux", Instances.coreCounters(20))),
                List.of(),
                List.of());

        String[] names = {"lookups", "ok", "drop", "arp", "ndp", "dhcp", "errors"};
        for (int i = 0; i < names.length; i++) {
            MetricFamily f = family(fs, "varpd_" + names[i] + "_total");
            assertEquals(MetricType.COUNTER, f.type());
            assertFalse(f.help().isBlank());
            assertEquals(
                    List.of(
                            new Sample(labels("link", "vxlan0", "plugin", "direct", "device", "memory"), 10 + i),
                            new Sample(labels("link", "vxlan1", "plugin", "files", "device", "linux"), 20 + i)),
                    f.samples());
        }
    }

    @Test
    void thePublishingCountersSayWhatTheyCount() {
        Map<String, Long> counters = Instances.coreCounters(0);
        for (String name :
                List.of("published", "withdrawn", "publish_unsupported", "publish_no_point", "publish_errors")) {
            counters.put(name, 1L);
        }

        List<MetricFamily> fs =
                families(List.of(Instances.active("fleet0", "etcd", "linux", counters)), List.of(), List.of());

        assertEquals(
                "Guests this host carries that core handed to the plugin to publish.",
                family(fs, "varpd_published_total").help());
        assertEquals(
                "Guests not published because the device has no local address.",
                family(fs, "varpd_publish_no_point_total").help());
        for (String name : List.of("withdrawn", "publish_unsupported", "publish_errors")) {
            assertFalse(family(fs, "varpd_" + name + "_total").help().startsWith("Overlay instance counter"), name);
        }
    }

    @Test
    void deviceCountersAreFamiliesOfTheirOwnAfterCoresInCoresOrder() {
        Map<String, Long> counters = Instances.coreCounters(0);
        counters.put("device_misses_received", 7L);
        counters.put("device_entries_installed", 5L);
        counters.put("device_queue_overflows", 1L);

        List<MetricFamily> fs =
                families(List.of(Instances.active("vxlan0", "direct", "linux", counters)), List.of(), List.of());

        List<String> counterNames = fs.stream()
                .filter(f -> f.type() == MetricType.COUNTER)
                .map(MetricFamily::name)
                .collect(Collectors.toList());
        assertEquals(
                List.of(
                        "varpd_lookups_total",
                        "varpd_ok_total",
                        "varpd_drop_total",
                        "varpd_arp_total",
                        "varpd_ndp_total",
                        "varpd_dhcp_total",
                        "varpd_errors_total",
                        "varpd_device_misses_received_total",
                        "varpd_device_entries_installed_total",
                        "varpd_device_queue_overflows_total"),
                counterNames);
        assertEquals(
                List.of(new Sample(labels("link", "vxlan0", "plugin", "direct", "device", "linux"), 7)),
                family(fs, "varpd_device_misses_received_total").samples());
        assertTrue(
                family(fs, "varpd_device_queue_overflows_total").help().contains("queue_overflows"),
                "an unknown device counter still says what it is");
    }

    @Test
    void aCounterOnlySomeInstancesHaveHasSeriesOnlyForThem() {
        Map<String, Long> linux = Instances.coreCounters(0);
        linux.put("device_misses_received", 3L);

        List<MetricFamily> fs = families(
                List.of(
                        Instances.active("a0", "direct", "linux", linux),
                        Instances.active("b0", "direct", "memory", Instances.coreCounters(0))),
                List.of(),
                List.of());

        assertEquals(
                List.of(new Sample(labels("link", "a0", "plugin", "direct", "device", "linux"), 3)),
                family(fs, "varpd_device_misses_received_total").samples());
        assertEquals(2, family(fs, "varpd_lookups_total").samples().size());
    }

    @Test
    void statusIsOneSeriesPerInstanceValuedOneForItsCurrentStatus() {
        List<MetricFamily> fs = families(
                List.of(
                        Instances.active("a0", "direct", "memory", Map.of()),
                        Instances.degraded("b0", Map.of()),
                        Instances.inState("c0", InstanceState.WAITING, "plugin 'files' is not registered"),
                        Instances.inState("d0", InstanceState.ERROR, "files/config: no such file")),
                List.of(),
                List.of());

        MetricFamily status = family(fs, MetricsModel.INSTANCE_STATUS);
        assertEquals(MetricType.GAUGE, status.type());
        assertEquals(
                List.of(
                        new Sample(labels("link", "a0", "status", "ONLINE"), 1),
                        new Sample(labels("link", "b0", "status", "DEGRADED"), 1),
                        new Sample(labels("link", "c0", "status", "WAITING"), 1),
                        new Sample(labels("link", "d0", "status", "ERROR"), 1)),
                status.samples());
        MetricFamily up = family(fs, MetricsModel.INSTANCE_UP);
        assertEquals(
                List.of(1L, 0L, 0L, 0L),
                up.samples().stream().map(Sample::value).collect(Collectors.toList()),
                "only ONLINE is up");
    }

    @Test
    void anInstanceInErrorIsDownWithItsStatusAndHasNoCounterSeries() {
        List<MetricFamily> fs = families(
                List.of(Instances.inState("vxlan9", InstanceState.ERROR, "direct/dest_ip: required")),
                List.of(),
                List.of());

        assertEquals(
                List.of(new Sample(labels("link", "vxlan9", "status", "ERROR"), 1)),
                family(fs, MetricsModel.INSTANCE_STATUS).samples());
        assertEquals(
                List.of(new Sample(labels("link", "vxlan9", "plugin", "files", "device", "memory"), 0)),
                family(fs, MetricsModel.INSTANCE_UP).samples());
        assertTrue(fs.stream().noneMatch(f -> f.type() == MetricType.COUNTER), "an ERROR instance counts nothing");
    }

    @Test
    void strayDevicesAreOneSeriesEachWithTypeLinkVnetidAndLocation() {
        List<MetricFamily> fs = families(
                List.of(),
                List.of(
                        new StrayDevice("linux", "vxlan7", 4242, ""),
                        new StrayDevice("linux", "vxlan8", -1, "netns/blue")),
                List.of());

        MetricFamily f = family(fs, MetricsModel.STRAY_DEVICE);
        assertEquals(MetricType.GAUGE, f.type());
        assertEquals(
                List.of(
                        new Sample(labels("type", "linux", "link", "vxlan7", "vnetid", "4242", "location", ""), 1),
                        new Sample(
                                labels("type", "linux", "link", "vxlan8", "vnetid", "", "location", "netns/blue"), 1)),
                f.samples(),
                "an unknown vnetid is an empty label, not -1");
    }

    @Test
    void providerCountersAreCountersLabelledWithTheDeviceType() {
        Map<String, Long> linux = new LinkedHashMap<>();
        linux.put("notifications_lost", 2L);
        linux.put("resyncs", 1L);

        List<MetricFamily> fs = families(
                List.of(),
                List.of(),
                List.of(new ProviderCounters("linux", linux), new ProviderCounters("memory", Map.of())));

        assertEquals(
                List.of("varpd_device_provider_notifications_lost_total", "varpd_device_provider_resyncs_total"),
                fs.stream().map(MetricFamily::name).collect(Collectors.toList()));
        MetricFamily lost = family(fs, "varpd_device_provider_notifications_lost_total");
        assertEquals(MetricType.COUNTER, lost.type());
        assertEquals(List.of(new Sample(labels("type", "linux"), 2)), lost.samples());
    }

    @Test
    void nothingConfiguredGivesNoFamilies() {
        assertEquals(List.of(), families(List.of(), List.of(), List.of()));
    }

    @Test
    void helpAndTypeAppearOncePerFamilyAndBeforeItsSamplesInTheWrittenDocument() {
        Map<String, Long> c = Instances.coreCounters(1);
        c.put("device_misses_received", 1L);
        List<InstanceInfo> many = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            many.add(Instances.active("vxlan" + i, "direct", "linux", c));
        }
        many.add(Instances.inState("vxlan9", InstanceState.ERROR, "bad"));
        String text = PrometheusTextFormat.write(families(
                many,
                List.of(new StrayDevice("linux", "old0", 1, "")),
                List.of(new ProviderCounters("linux", Map.of("notifications_lost", 0L)))));

        Map<String, Integer> helps = new HashMap<>();
        Map<String, Integer> types = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# HELP ")) {
                helps.merge(line.split(" ")[2], 1, Integer::sum);
            } else if (line.startsWith("# TYPE ")) {
                types.merge(line.split(" ")[2], 1, Integer::sum);
            } else {
                String name = line.split("[{ ]")[0];
                assertEquals(1, types.getOrDefault(name, 0), "TYPE of " + name + " comes before its sample: " + line);
            }
        }
        assertEquals(12, helps.size(), text);
        helps.forEach((name, n) -> assertEquals(1, n, "HELP of " + name));
        assertEquals(helps.keySet(), types.keySet());
        types.forEach((name, n) -> assertEquals(1, n, "TYPE of " + name));
    }

    @Test
    void labelValuesFromInstancesAreWrittenEscaped() {
        String text = PrometheusTextFormat.write(
                families(List.of(), List.of(new StrayDevice("linux", "vx0", 1, "netns \"a\\b\"\nx")), List.of()));

        assertTrue(text.contains("location=\"netns \\\"a\\\\b\\\"\\nx\""), text);
    }

    @Test
    void keysThatMapToOneNameShareOneFamilyAndARepeatedLabelSetKeepsItsFirstSample() {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("rx-drops", 1L);
        c.put("rx.drops", 2L);
        c.put("rx_drops_total", 3L);

        List<MetricFamily> fs =
                families(List.of(Instances.active("vxlan0", "direct", "memory", c)), List.of(), List.of());

        assertEquals(
                1,
                fs.stream().filter(f -> f.name().equals("varpd_rx_drops_total")).count());
        assertEquals(
                List.of(new Sample(labels("link", "vxlan0", "plugin", "direct", "device", "memory"), 1)),
                family(fs, "varpd_rx_drops_total").samples());
    }

    @Test
    void aNullCounterValueIsLeftOut() {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("lookups", null);
        c.put("ok", 4L);

        List<MetricFamily> fs =
                families(List.of(Instances.active("vxlan0", "direct", "memory", c)), List.of(), List.of());

        assertTrue(fs.stream().noneMatch(f -> f.name().equals("varpd_lookups_total")));
        assertEquals(4, family(fs, "varpd_ok_total").samples().get(0).value());
    }
}
