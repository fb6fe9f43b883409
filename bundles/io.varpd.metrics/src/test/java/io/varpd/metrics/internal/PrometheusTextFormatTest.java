// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextFormatTest {

    private static Map<String, String> labels(String... nameValue) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            m.put(nameValue[i], nameValue[i + 1]);
        }
        return m;
    }

    @Test
    void eachFamilyIsHelpThenTypeThenItsSamplesOneLineFeedEndedLineEach() {
        List<MetricFamily> families = List.of(
                new MetricFamily(
                        "varpd_lookups_total",
                        "Lookups.",
                        MetricType.COUNTER,
                        List.of(
                                new Sample(labels("link", "vxlan0", "plugin", "direct"), 12),
                                new Sample(labels("link", "vxlan1", "plugin", "files"), 0))),
                new MetricFamily(
                        "varpd_instance_up",
                        "Up.",
                        MetricType.GAUGE,
                        List.of(new Sample(labels("link", "vxlan0"), 1))));

        assertEquals(
                "# HELP varpd_lookups_total Lookups.\n"
                        + "# TYPE varpd_lookups_total counter\n"
                        + "varpd_lookups_total{link=\"vxlan0\",plugin=\"direct\"} 12\n"
                        + "varpd_lookups_total{link=\"vxlan1\",plugin=\"files\"} 0\n"
                        + "# HELP varpd_instance_up Up.\n"
                        + "# TYPE varpd_instance_up gauge\n"
                        + "varpd_instance_up{link=\"vxlan0\"} 1\n",
                PrometheusTextFormat.write(families));
    }

    @Test
    void labelValuesEscapeBackslashDoubleQuoteAndNewline() {
        MetricFamily f =
                new MetricFamily("m", "h", MetricType.GAUGE, List.of(new Sample(labels("location", "a\\b\"c\nd"), 1)));

        assertEquals(
                "# HELP m h\n# TYPE m gauge\nm{location=\"a\\\\b\\\"c\\nd\"} 1\n",
                PrometheusTextFormat.write(List.of(f)));
    }

    @Test
    void helpEscapesBackslashAndNewlineButLeavesDoubleQuotes() {
        MetricFamily f = new MetricFamily("m", "say \"hi\"\\\nbye", MetricType.COUNTER, List.of());

        assertEquals("# HELP m say \"hi\"\\\\\\nbye\n# TYPE m counter\n", PrometheusTextFormat.write(List.of(f)));
    }

    @Test
    void nonAsciiLabelValuesAreWrittenAsTheyAre() {
        MetricFamily f = new MetricFamily(
                "m", "h", MetricType.GAUGE, List.of(new Sample(labels("location", "netns/überlay"), 1)));

        assertEquals(
                "# HELP m h\n# TYPE m gauge\nm{location=\"netns/überlay\"} 1\n",
                PrometheusTextFormat.write(List.of(f)));
    }

    @Test
    void aSampleWithoutLabelsHasNoBraces() {
        MetricFamily f = new MetricFamily("varpd_x_total", "h", MetricType.COUNTER, List.of(new Sample(Map.of(), 3)));

        assertEquals(
                "# HELP varpd_x_total h\n# TYPE varpd_x_total counter\nvarpd_x_total 3\n",
                PrometheusTextFormat.write(List.of(f)));
    }

    @Test
    void aNullLabelValueIsWrittenEmpty() {
        MetricFamily f = new MetricFamily("m", "h", MetricType.GAUGE, List.of(new Sample(labels("plugin", null), 0)));

        assertEquals(
                "m{plugin=\"\"} 0\n", PrometheusTextFormat.write(List.of(f)).split("\n", 3)[2]);
    }

    @Test
    void noFamiliesIsAnEmptyDocument() {
        assertEquals("", PrometheusTextFormat.write(List.of()));
    }

    @Test
    void contentTypeIsTheTextFormatVersion004InUtf8() {
        assertEquals("text/plain; version=0.0.4; charset=utf-8", PrometheusTextFormat.CONTENT_TYPE);
    }
}
