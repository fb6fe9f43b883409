// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.varpd.api.admin.InstanceState;
import io.varpd.api.admin.ScriptedVarpdAdmin;
import io.varpd.api.admin.StrayDevice;
import io.varpd.api.device.OverlayDeviceProvider;
import io.varpd.http.internal.HttpFakes;
import io.varpd.metrics.internal.jakarta.MetricsServlet;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsServletTest {

    private final ScriptedVarpdAdmin admin = new ScriptedVarpdAdmin();
    private final MetricsServlet servlet = new MetricsServlet(admin);

    private HttpFakes.Response call(String method) throws Exception {
        HttpFakes.Response c = new HttpFakes.Response();
        c.status = -1; // so a servlet that never sets its status cannot pass for 200
        servlet.service(ServletCall.request(method), c.build());
        return c;
    }

    private static Map<String, Object> serviceProperties(long id, String type) {
        return Map.of("service.id", id, OverlayDeviceProvider.TYPE, type);
    }

    private static JsonObject jsonError(HttpFakes.Response c) {
        assertEquals(MetricsEndpoint.JSON_CONTENT_TYPE, c.header("Content-Type"));
        assertEquals("nosniff", c.header("X-Content-Type-Options"));
        return JsonParser.parseString(c.body()).getAsJsonObject();
    }

    @Test
    void getAnswersEveryFamilyAsPrometheusTextWithItsContentType() throws Exception {
        Map<String, Long> counters = new java.util.LinkedHashMap<>(Instances.coreCounters(3));
        counters.put("device_misses_received", 11L);
        admin.put(Instances.active("vxlan0", "direct", "linux", counters))
                .put(Instances.inState("vxlan1", InstanceState.ERROR, "direct/dest_ip: required"))
                .stray(new StrayDevice("linux", "old0", 9, ""));
        servlet.addDeviceProvider(
                FakeProvider.counting(Map.of("notifications_lost", 4L)), serviceProperties(7, "linux"));

        HttpFakes.Response c = call("GET");

        assertEquals(200, c.status);
        assertEquals("text/plain; version=0.0.4; charset=utf-8", c.header("Content-Type"));
        assertEquals("no-store", c.header("Cache-Control"), "counters are live");
        assertEquals("nosniff", c.header("X-Content-Type-Options"), "label values are text others chose");
        assertEquals(String.valueOf(c.body.size()), c.header("Content-Length"));
        String text = c.body();
        List<String> expected = List.of(
                "# TYPE varpd_instance_status gauge",
                "varpd_instance_status{link=\"vxlan0\",status=\"ONLINE\"} 1",
                "varpd_instance_status{link=\"vxlan1\",status=\"ERROR\"} 1",
                "varpd_instance_up{link=\"vxlan0\",plugin=\"direct\",device=\"linux\"} 1",
                "varpd_instance_up{link=\"vxlan1\",plugin=\"files\",device=\"memory\"} 0",
                "# TYPE varpd_lookups_total counter",
                "varpd_lookups_total{link=\"vxlan0\",plugin=\"direct\",device=\"linux\"} 3",
                "varpd_errors_total{link=\"vxlan0\",plugin=\"direct\",device=\"linux\"} 9",
                "varpd_device_misses_received_total{link=\"vxlan0\",plugin=\"direct\",device=\"linux\"} 11",
                "varpd_stray_device{type=\"linux\",link=\"old0\",vnetid=\"9\",location=\"\"} 1",
                "varpd_device_provider_notifications_lost_total{type=\"linux\"} 4");
        List<String> lines = List.of(text.split("\n"));
        for (String line : expected) {
            assertTrue(lines.contains(line), "missing line '" + line + "' in:\n" + text);
        }
        assertTrue(text.endsWith("\n"));
    }

    @Test
    void eachScrapeReadsTheCountersAnew() throws Exception {
        admin.put(Instances.active("vxlan0", "direct", "memory", Map.of("lookups", 1L)));
        assertTrue(call("GET")
                .body()
                .contains("varpd_lookups_total{link=\"vxlan0\",plugin=\"direct\",device=\"memory\"} 1\n"));

        admin.put(Instances.active("vxlan0", "direct", "memory", Map.of("lookups", 2L)));
        assertTrue(call("GET")
                .body()
                .contains("varpd_lookups_total{link=\"vxlan0\",plugin=\"direct\",device=\"memory\"} 2\n"));
    }

    @Test
    void headAnswersTheHeadersWithoutABody() throws Exception {
        admin.put(Instances.active("vxlan0", "direct", "memory", Instances.coreCounters(0)));

        HttpFakes.Response c = call("HEAD");

        assertEquals(200, c.status);
        assertEquals(PrometheusTextFormat.CONTENT_TYPE, c.header("Content-Type"));
        assertEquals(0, c.body.size());
        assertTrue(Integer.parseInt(c.header("Content-Length")) > 0, "the length a GET would have");
    }

    @Test
    void otherMethodsGet405WithAllowAndTheApisErrorShape() throws Exception {
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
            HttpFakes.Response c = call(method);

            assertEquals(405, c.status, method);
            assertEquals("GET, HEAD", c.header("Allow"));
            JsonObject e = jsonError(c);
            assertEquals("ENOTSUP", e.get("error").getAsString());
            assertTrue(e.get("message").getAsString().contains(method), e.toString());
        }
    }

    @Test
    void aFailingAdminGives500InTheApisErrorShapeAndTheNextScrapeWorks() throws Exception {
        admin.failNext("instances", new IllegalStateException("core is stopping"));

        HttpFakes.Response failed = call("GET");

        assertEquals(500, failed.status);
        JsonObject e = jsonError(failed);
        assertEquals("EIO", e.get("error").getAsString());
        assertTrue(e.get("message").getAsString().contains("core is stopping"), e.toString());

        assertEquals(200, call("GET").status);
    }

    @Test
    void failingStrayDevicesStillExportTheInstances() throws Exception {
        admin.put(Instances.active("vxlan0", "direct", "memory", Instances.coreCounters(0)));
        admin.failAlways("strayDevices", new IllegalStateException("netlink gone"));

        HttpFakes.Response c = call("GET");

        assertEquals(200, c.status);
        assertTrue(c.body().contains("varpd_instance_up{link=\"vxlan0\""), c.body());
        assertFalse(c.body().contains(MetricsModel.STRAY_DEVICE), c.body());
    }

    @Test
    void aProviderThatLeftIsNoLongerExported() throws Exception {
        FakeProvider linux = FakeProvider.counting(Map.of("notifications_lost", 1L));
        servlet.addDeviceProvider(linux, serviceProperties(3, "linux"));
        assertTrue(call("GET").body().contains("varpd_device_provider_notifications_lost_total{type=\"linux\"} 1\n"));

        servlet.removeDeviceProvider(linux, serviceProperties(3, "linux"));

        assertFalse(call("GET").body().contains("varpd_device_provider_"));
    }

    @Test
    void aProviderWhoseTypeChangesIsExportedUnderItsNewType() throws Exception {
        FakeProvider p = FakeProvider.counting(Map.of("resyncs", 1L));
        servlet.addDeviceProvider(p, serviceProperties(3, "linux"));

        servlet.updatedDeviceProvider(p, serviceProperties(3, "linux2"));

        String text = call("GET").body();
        assertTrue(text.contains("varpd_device_provider_resyncs_total{type=\"linux2\"} 1\n"), text);
        assertFalse(text.contains("type=\"linux\""), text);
    }

    @Test
    void theBodyIsUtf8() throws Exception {
        admin.stray(new StrayDevice("linux", "vx0", 1, "netns/grün"));

        HttpFakes.Response c = call("GET");

        assertTrue(new String(c.body.toByteArray(), StandardCharsets.UTF_8).contains("location=\"netns/grün\""));
    }
}
