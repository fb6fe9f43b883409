package io.varpd.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.PluginMode;
import io.varpd.api.admin.InstanceInfo;
import io.varpd.api.admin.InstanceState;
import io.varpd.api.admin.PluginInfo;
import io.varpd.api.admin.StrayDevice;
import io.varpd.api.admin.VarpdAdmin;
import io.varpd.api.admin.VarpdAdminAdapter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OverlayPageTest {
    private static InstanceInfo instance(String link, InstanceState state, boolean degraded, String detail,
            Map<String, Long> counters) {
        return new InstanceInfo(3, link, "direct", 4096, "memory", state, degraded, detail,
                "io.varpd.overlay.direct~" + link, counters);
    }

    private static final PluginInfo DIRECT = new PluginInfo("direct", PluginMode.POINT,
            "io.varpd.plugin.direct 1.0.0", true, "");

    private final OverlayPage page = new OverlayPage("/system/console");

    @Test
    void instanceRowShowsEveryColumn() {
        String html = page.render(List.of(instance("vxlan0", InstanceState.ACTIVE, true, "server unreachable",
                Map.of())), List.of(DIRECT));

        for (String cell : List.of("vxlan0", "direct", "4096", "memory", "ACTIVE", "DEGRADED", "server unreachable")) {
            assertTrue(html.contains("<td>" + cell + "</td>"), cell + " in " + html);
        }
        assertTrue(html.contains("<tr class=\"varpd-degraded\">"));
        assertTrue(html.contains("1 overlay, 1 not online; 1 plugin."), html);
    }

    @Test
    void countersColumnAppearsOnlyWhenSomeInstanceHasCounters() {
        String without = page.render(List.of(instance("vxlan0", InstanceState.ACTIVE, false, "", Map.of())), List.of());
        assertFalse(without.contains("Counters"));

        String with = page.render(List.of(
                instance("vxlan0", InstanceState.ACTIVE, false, "", Map.of("ok", 5L, "lookups", 7L, "drop", 2L)),
                instance("vxlan1", InstanceState.WAITING, false, "", Map.of())), List.of());
        assertTrue(with.contains("<th>Counters</th>"));
        assertTrue(with.contains("<td>drop=2, lookups=7, ok=5</td>"), "sorted by name: " + with);
        assertTrue(with.contains("<td>WAITING</td><td>WAITING</td><td></td><td></td>"),
                "an instance without counters still fills the column: " + with);
    }

    @Test
    void everyValueIsEscaped() {
        String evil = "<script>alert('x')</script>&\"";
        InstanceInfo i = new InstanceInfo(1, "vx<b>0", evil, 1, "<img src=x onerror=alert(1)>",
                InstanceState.ERROR, false, evil, "pid\"><script>", Map.of("<i>", 1L));
        PluginInfo p = new PluginInfo("<svg onload=alert(1)>", PluginMode.DYNAMIC, evil, true, evil);

        String html = page.render(List.of(i), List.of(p));

        assertFalse(html.contains("<script"), html);
        assertFalse(html.contains("<img"), html);
        assertFalse(html.contains("<svg"), html);
        assertFalse(html.contains("<b>"), html);
        assertFalse(html.contains("<i>"), html);
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;"), html);
        assertTrue(html.contains("<td>vx&lt;b&gt;0</td>"), html);
        assertTrue(html.contains("href=\"/system/console/configMgr/pid%22%3E%3Cscript%3E\""), html);
    }

    @Test
    void consoleTemplateSyntaxInValuesIsNotLeftForTheConsoleToExpand() {
        // The console's output filter expands ${...} and eats backslashes in text/html answers.
        String html = page.render(List.of(instance("vxlan0", InstanceState.ERROR, false,
                "bad ${head.cssLinks} value \\$ here", Map.of())), List.of());

        assertFalse(html.contains("${"), html);
        assertFalse(html.contains("\\"), html);
        assertTrue(html.contains("bad &#36;{head.cssLinks} value &#92;&#36; here"), html);
    }

    @Test
    void eachActivePluginLinksToItsFactoryCreationForm() {
        PluginInfo refused = new PluginInfo("direct", PluginMode.POINT, "other.bundle 2.0.0", false,
                "a plugin named 'direct' is already registered");

        String html = page.render(List.of(), List.of(DIRECT, refused));

        assertTrue(html.contains("<a href=\"/system/console/configMgr/io.varpd.overlay.direct?factoryCreate=true\">"
                + "create direct overlay</a>"), html);
        assertEquals(1, html.split("factoryCreate", -1).length - 1, "no link for the refused duplicate");
        assertTrue(html.contains("<td>no (refused)</td>"));
        assertTrue(html.contains("a plugin named &#39;direct&#39; is already registered"));
    }

    @Test
    void eachInstanceLinksToItsConfiguration() {
        String html = page.render(List.of(instance("vxlan0", InstanceState.ACTIVE, false, "", Map.of())), List.of());
        assertTrue(html.contains("<a href=\"/system/console/configMgr/io.varpd.overlay.direct~vxlan0\">edit</a>"), html);
    }

    @Test
    void emptyStateSaysWhatToDo() {
        String html = page.render(List.of(), List.of());
        assertTrue(html.contains("No overlay is configured"));
        assertTrue(html.contains("No lookup plugin is registered"));
        assertTrue(html.contains("0 overlays; 0 plugins."), html);
    }

    @Test
    void linksUseTheConsoleRootItRunsUnder() {
        assertEquals("/admin/configMgr/io.varpd.overlay.svp?factoryCreate=true",
                new OverlayPage("/admin").configLink("io.varpd.overlay.svp", true));
    }

    // ---- through the servlet, as the console calls it ----

    @Test
    void servletWritesThePageForGetUsingTheConsoleRoot() throws Exception {
        StringWriter body = new StringWriter();
        Map<String, Object> attributes = new HashMap<>(Map.of("felix.webconsole.appRoot", "/ops/console"));
        Map<String, String> calls = new HashMap<>();
        HttpServletRequest req = fake(HttpServletRequest.class, (name, args) -> {
            if (name.equals("getAttribute")) {
                return attributes.get((String) args[0]);
            }
            throw new UnsupportedOperationException(name);
        });
        PrintWriter out = new PrintWriter(body);
        HttpServletResponse resp = fake(HttpServletResponse.class, (name, args) -> {
            switch (name) {
                case "setContentType":
                    calls.put(name, (String) args[0]);
                    return null;
                case "getWriter":
                    return out;
                default:
                    throw new UnsupportedOperationException(name);
            }
        });

        new OverlayConsolePlugin(new ListingAdmin(List.of(instance("vxlan0", InstanceState.ACTIVE, false, "",
                Map.of())), List.of(DIRECT))).doGet(req, resp);

        assertEquals("text/html;charset=UTF-8", calls.get("setContentType"));
        assertTrue(body.toString().contains("<td>vxlan0</td>"), body.toString());
        assertTrue(body.toString().contains("href=\"/ops/console/configMgr/io.varpd.overlay.direct?factoryCreate=true\""));
    }

    @Test
    void oddConsoleRootFallsBackToTheDefault() {
        for (Object root : new Object[] {null, "javascript:alert(1)", "//evil.example/x", 42}) {
            HttpServletRequest req = fake(HttpServletRequest.class, (name, args) -> root);
            assertEquals("/system/console", OverlayConsolePlugin.appRoot(req), String.valueOf(root));
        }
    }

    @FunctionalInterface
    private interface Handler {
        Object call(String method, Object[] args);
    }

    private static <T> T fake(Class<T> type, Handler h) {
        return type.cast(Proxy.newProxyInstance(OverlayPageTest.class.getClassLoader(), new Class<?>[] {type},
                (proxy, m, args) -> h.call(m.getName(), args)));
    }

    /** A VarpdAdmin that can only list; the page must not call anything else. */
    private static final class ListingAdmin extends VarpdAdminAdapter {
        private final List<InstanceInfo> instances;
        private final List<PluginInfo> plugins;

        ListingAdmin(List<InstanceInfo> instances, List<PluginInfo> plugins) {
            this.instances = instances;
            this.plugins = plugins;
        }

        @Override
        public List<InstanceInfo> instances() {
            return instances;
        }

        @Override
        public List<PluginInfo> plugins() {
            return plugins;
        }










        // The page only lists: a diagnostic lookup from it would be a bug, so these fail the test.

    }

    @Test
    void devicesWithoutAnInstanceGetTheirOwnTableAsDegraded() {
        String html = page.render(List.of(), List.of(new StrayDevice("linux", "vx<7>", 7, "")), List.of());
        assertTrue(html.contains("<h2>Devices without an instance</h2>"), html);
        assertTrue(html.contains("<td>vx&lt;7&gt;</td><td>linux</td><td>7</td><td>-</td><td>DEGRADED</td>"
                + "<td>no varpd instance exists</td>"), html);
        assertFalse(page.render(List.of(), List.of()).contains("without an instance"));
    }
}
