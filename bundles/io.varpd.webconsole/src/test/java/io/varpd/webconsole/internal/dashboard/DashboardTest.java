// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.webconsole.internal.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.Errno;
import io.varpd.api.MacAddress;
import io.varpd.api.PluginMode;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import io.varpd.api.admin.InstanceInfo;
import io.varpd.api.admin.InstanceState;
import io.varpd.api.admin.LookupResult;
import io.varpd.api.admin.PluginInfo;
import io.varpd.api.admin.PropertyView;
import io.varpd.api.admin.ScriptedVarpdAdmin;
import io.varpd.api.admin.StrayDevice;
import io.varpd.api.device.CacheEntry;
import io.varpd.api.plugin.PropertyDescription;
import io.varpd.api.plugin.PropertyType;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DashboardTest {
    private static final String EVIL = "<script>alert('x')</script>&\"${head.cssLinks}\\";
    private final ScriptedVarpdAdmin admin = new ScriptedVarpdAdmin();
    private final ManualClock clock = new ManualClock();
    private final Dashboard dashboard = new Dashboard(admin, clock);
    private final Links links = new Links("/system/console");

    private static final PropertyDescription DEST_IP = PropertyDescription.builder("direct/dest_ip", PropertyType.IP)
            .required()
            .description("Where every frame goes.")
            .build();
    private static final PropertyDescription DEST_PORT = PropertyDescription.builder(
                    "direct/dest_port", PropertyType.UINT)
            .required()
            .description("Its UDP port.")
            .build();

    /** A direct overlay; an active one has counters, {@code lookups} of them and a tenth dropped. */
    static InstanceInfo instance(String link, InstanceState state, boolean degraded, String detail, long lookups) {
        Map<String, Long> counters = state == InstanceState.ACTIVE
                ? Map.of("lookups", lookups, "drop", lookups / 10, "errors", 0L)
                : Map.of();
        return new InstanceInfo(
                3,
                link,
                "direct",
                4096,
                "memory",
                state,
                degraded,
                detail,
                "io.varpd.overlay.direct~" + link,
                new LinkedHashMap<>(counters));
    }

    /** Gives {@code link} the direct plugin's two properties. */
    static void direct(ScriptedVarpdAdmin admin, String link, String ip, long port) throws Exception {
        admin.properties(
                link, List.of(new PropertyView(DEST_IP, InetAddress.getByName(ip)), new PropertyView(DEST_PORT, port)));
    }

    private String overview() {
        Answer a = dashboard.get(links, "", Map.of());
        assertEquals(200, a.status());
        assertTrue(a.fragment());
        return a.body();
    }

    @Test
    void eachStatusHasItsBadgeWithColourClassAndWord() {
        admin.plugin("direct", PluginMode.POINT);
        admin.put(instance("vx1", InstanceState.ACTIVE, false, "", 0))
                .put(instance("vx2", InstanceState.ACTIVE, true, "server unreachable", 0))
                .put(instance("vx3", InstanceState.WAITING, false, "plugin svp is not installed", 0))
                .put(instance("vx4", InstanceState.ERROR, false, "bad vnetid", 0));

        String html = overview();

        for (String s : List.of("ONLINE", "DEGRADED", "WAITING", "ERROR")) {
            assertTrue(
                    html.contains("<span class=\"varpd-badge varpd-badge-" + s.toLowerCase()
                            + "\" data-testid=\"status-badge\">" + s + "</span>"),
                    s + " in " + html);
        }
        assertTrue(html.contains("4 overlays, 1 online, 1 degraded, 1 waiting, 1 in error; 1 plugin."), html);
        assertTrue(html.contains("data-testid=\"status-detail\">server unreachable</div>"), html);
    }

    @Test
    void overviewRowShowsPluginVnetidDeviceKeyPropertiesAndLinks() throws Exception {
        direct(admin.put(instance("vxlan1", InstanceState.ACTIVE, false, "", 0)), "vxlan1", "192.0.2.10", 4789);

        String html = overview();

        assertTrue(html.contains("<tr id=\"varpd-row-vxlan1\" data-link=\"vxlan1\" data-testid=\"overlay-row\""), html);
        assertTrue(
                html.contains("<td>direct</td><td>4096</td><td>memory</td><td>destination 192.0.2.10:4789</td>"), html);
        assertTrue(html.contains("href=\"/system/console/varpd/overlay/vxlan1\">vxlan1</a>"), html);
        assertTrue(html.contains("href=\"/system/console/configMgr/io.varpd.overlay.direct~vxlan1\""), html);
        assertTrue(html.contains("<div class=\"varpd-spark\" data-testid=\"sparkline\"></div>"), html);
        assertTrue(html.contains("src=\"/system/console/varpd/res/uplot/uPlot.iife.min.js\""), html);
    }

    @Test
    void ratesComeFromTheDifferenceOfTwoSamples() {
        admin.put(instance("vx1", InstanceState.ACTIVE, false, "", 100));
        dashboard.tick();
        clock.advanceSeconds(5);
        admin.put(instance("vx1", InstanceState.ACTIVE, false, "", 600));

        String json = dashboard.get(links, "/overview.json", Map.of()).body();

        // 500 lookups and 50 drops in 5 s
        assertTrue(
                json.contains("\"l\":\"vx1\",\"s\":\"ONLINE\",\"d\":\"\",\"since\":1700000000,\"r\":[100,10,0]"), json);
        assertTrue(json.contains("\"tot\":[100,10,0]"), json);
        assertFalse(json.contains("\"h\""), "the refresh carries no history: " + json);
    }

    @Test
    void aCounterThatWentDownCountsAsZeroNotNegative() {
        admin.put(instance("vx1", InstanceState.ACTIVE, false, "", 1000));
        dashboard.tick();
        clock.advanceSeconds(5);
        admin.put(instance("vx1", InstanceState.ACTIVE, false, "", 10)); // re-created: counters restarted

        String json = dashboard.get(links, "/overview.json", Map.of()).body();

        assertTrue(json.contains("\"r\":[0,0,0]"), json);
    }

    @Test
    void historyIsSentOnlyWhenAskedAndKeepsAFewMinutes() {
        admin.put(instance("vx1", InstanceState.ACTIVE, false, "", 0));
        for (int i = 0; i <= History.CAPACITY + 10; i++) {
            admin.put(instance("vx1", InstanceState.ACTIVE, false, "", i * 50L));
            dashboard.tick();
            clock.advanceSeconds(5);
        }

        String json =
                dashboard.get(links, "/overview.json", Map.of("history", "1")).body();

        int from = json.indexOf("\"h\":{\"t\":[");
        assertTrue(from > 0, json);
        String times = json.substring(from, json.indexOf(']', from));
        assertEquals(History.CAPACITY, times.split(",").length, times);
        assertTrue(json.contains("\"th\":{\"t\":["), json);
        assertTrue(json.contains("\"v\":[[10,10,10"), "50 lookups per 5 s: " + json);
    }

    @Test
    void oneRefreshCostsFarLessThanAKilobytePerOverlay() {
        for (int n = 0; n < 100; n++) {
            admin.put(instance(
                    "vxlan" + n,
                    InstanceState.ACTIVE,
                    true,
                    "configuration change refused, previous configuration still running: " + "x".repeat(400),
                    n));
        }
        dashboard.tick();
        clock.advanceSeconds(5);

        String json = dashboard.get(links, "/overview.json", Map.of()).body();

        int perOverlay = json.getBytes(java.nio.charset.StandardCharsets.UTF_8).length / 100;
        assertTrue(perOverlay < 1024, perOverlay + " bytes per overlay");
        assertTrue(json.contains("x\u2026\""), "a long detail is cut in the refresh: " + json.substring(0, 600));
    }

    @Test
    void statusSinceIsKeptByThePageAndSaysWhenItIsOnlyALowerBound() {
        admin.put(instance("vx1", InstanceState.ACTIVE, false, "", 0));
        dashboard.tick();
        String first = dashboard.get(links, "/overlay/vx1", Map.of()).body();
        assertTrue(first.contains("ONLINE since at least 2023-11-14 22:13:20 (when this page began watching"), first);

        clock.advanceSeconds(60);
        admin.put(instance("vx1", InstanceState.ACTIVE, true, "server unreachable", 0));
        dashboard.tick();
        clock.advanceSeconds(30);

        String later = dashboard.get(links, "/overlay/vx1", Map.of()).body();
        assertTrue(later.contains("data-testid=\"status-since\">DEGRADED since 2023-11-14 22:14:20</p>"), later);
        assertTrue(later.contains("data-testid=\"status-sentence\">server unreachable</p>"), later);
    }

    @Test
    void overlayPageShowsPropertiesCountersTargetsMapLookupAndActions() throws Exception {
        direct(admin.put(instance("vx1", InstanceState.ACTIVE, false, "", 10)), "vx1", "192.0.2.10", 4789);
        admin.table(
                "vx1",
                List.of(
                        CacheEntry.to(
                                MacAddress.parse("de:ad:be:ef:00:01"),
                                TargetPoint.of(InetAddress.getByName("192.0.2.20"), 4789)),
                        CacheEntry.to(
                                MacAddress.parse("de:ad:be:ef:00:02"),
                                TargetPoint.of(InetAddress.getByName("192.0.2.20"), 4789)),
                        CacheEntry.dropping(MacAddress.parse("de:ad:be:ef:00:03"))));

        String html = dashboard.get(links, "/overlay/vx1", Map.of()).body();

        assertTrue(html.contains("data-page=\"overlay\" data-link=\"vx1\""), html);
        assertTrue(
                html.contains("<tr data-property=\"direct/dest_ip\"><td>direct/dest_ip</td><td>192.0.2.10</td>"), html);
        assertTrue(html.contains("<tr data-counter=\"lookups\"><td>lookups</td>"), html);
        assertTrue(
                html.contains("data-mac=\"de:ad:be:ef:00:01\"><td>de:ad:be:ef:00:01</td><td>192.0.2.20:4789</td>"),
                html);
        assertTrue(html.contains("3 entries."), html);
        assertTrue(html.contains("<svg id=\"varpd-traffic-map\""), html);
        assertTrue(html.contains(">192.0.2.20:4789</text>"), html);
        assertTrue(html.contains(">2 MACs</text>"), html);
        assertTrue(html.contains("id=\"varpd-lookup\""), html);
        assertTrue(html.contains("id=\"varpd-target-set\""), html);
        assertTrue(html.contains("id=\"varpd-target-flush\""), html);
    }

    @Test
    void theTargetSearchNarrowsTheTable() throws Exception {
        admin.put(instance("vx1", InstanceState.ACTIVE, false, "", 0));
        admin.table(
                "vx1",
                List.of(
                        CacheEntry.to(
                                MacAddress.parse("de:ad:be:ef:00:01"),
                                TargetPoint.of(InetAddress.getByName("192.0.2.20"), 4789)),
                        CacheEntry.to(
                                MacAddress.parse("de:ad:be:ef:00:02"),
                                TargetPoint.of(InetAddress.getByName("192.0.2.30"), 4789))));

        String html = dashboard.get(links, "/overlay/vx1", Map.of("q", "2.30")).body();

        assertFalse(html.contains("<td>de:ad:be:ef:00:01</td>"), html);
        assertTrue(html.contains("<td>de:ad:be:ef:00:02</td>"), html);
        assertTrue(html.contains("2 entries, 1 matching."), html);
    }

    @Test
    void anOverlayThatIsNotRunningSaysWhyInsteadOfItsTables() {
        admin.put(instance("vx1", InstanceState.WAITING, false, "plugin svp is not installed", 0));

        String html = dashboard.get(links, "/overlay/vx1", Map.of()).body();

        assertTrue(html.contains("ENXIO: vx1: the overlay is not active (WAITING: plugin svp is not installed)"), html);
        assertTrue(html.contains("No counters: the overlay is not running."), html);
        assertTrue(
                html.contains("EAGAIN: vx1: the overlay is not active (WAITING: plugin svp is not installed)"), html);
    }

    @Test
    void anUnknownOverlayIs404() {
        Answer a = dashboard.get(links, "/overlay/nosuch0", Map.of());
        assertEquals(404, a.status());
        assertTrue(a.body().contains("No overlay is named <b>nosuch0</b>"), a.body());
        assertEquals(
                404,
                dashboard.get(links, "/overlay.json", Map.of("link", "nosuch0")).status());
    }

    /** What svp's describe says about a server it cannot reach (issue 13, section 2). */
    private static Map<String, String> svpBackingOff() {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("server", "portolan.example:1296");
        m.put(
                "state",
                "degraded: svp server portolan.example port 1296 is unreachable: connecting to 192.0.2.1"
                        + " port 1296 failed: Connection refused");
        m.put("addresses", "192.0.2.1");
        m.put(
                "connection 192.0.2.1",
                "backoff after 3 failed connects, next attempt in 4 s: connecting to"
                        + " 192.0.2.1 port 1296 failed: Connection refused");
        m.put("queries in flight", "0");
        m.put("last answer", "never");
        return m;
    }

    @Test
    void svpOverlayShowsTheConnectionStateItsPluginDescribesInOrder() {
        admin.put(new InstanceInfo(
                4,
                "svp1",
                "svp",
                7,
                "memory",
                InstanceState.ACTIVE,
                true,
                "svp server portolan.example port 1296 is unreachable",
                "pid",
                Map.of()));
        admin.describes("svp1", svpBackingOff());

        String html = dashboard.get(links, "/overlay/svp1", Map.of()).body();

        assertTrue(html.contains("<h3>Mapping server</h3>"), html);
        int previous = html.indexOf("data-testid=\"plugin-state\"");
        assertTrue(previous > 0, html);
        for (Map.Entry<String, String> e : svpBackingOff().entrySet()) {
            String row = "<tr data-label=\"" + e.getKey() + "\"><th>" + e.getKey()
                    + "</th><td data-testid=\"plugin-state-value\">" + e.getValue() + "</td></tr>";
            int at = html.indexOf(row);
            assertTrue(at > previous, "row " + e.getKey() + " in the plugin's order: " + html);
            previous = at;
        }
    }

    @Test
    void theOverlayRefreshCarriesThePluginStateSoTheSectionStaysLive() {
        admin.put(new InstanceInfo(4, "svp1", "svp", 7, "memory", InstanceState.ACTIVE, false, "", "pid", Map.of()));
        admin.describes("svp1", Map.of("state", "connected"));
        String before =
                dashboard.get(links, "/overlay.json", Map.of("link", "svp1")).body();
        admin.describes("svp1", svpBackingOff());

        String after =
                dashboard.get(links, "/overlay.json", Map.of("link", "svp1")).body();

        assertTrue(before.contains("\"p\":[[\"state\",\"connected\"]]"), before);
        assertTrue(after.contains("\"p\":[[\"server\",\"portolan.example:1296\"],[\"state\",\"degraded: svp"), after);
        assertTrue(
                after.contains("[\"connection 192.0.2.1\",\"backoff after 3 failed connects, next attempt in 4 s"),
                after);
    }

    @Test
    void anSvpOverlayThatIsNotActiveSaysWhyItsConnectionCannotBeRead() {
        admin.put(new InstanceInfo(
                4,
                "svp2",
                "svp",
                7,
                "memory",
                InstanceState.WAITING,
                false,
                "plugin svp is not registered",
                "pid",
                Map.of()));

        String html = dashboard.get(links, "/overlay/svp2", Map.of()).body();
        String json =
                dashboard.get(links, "/overlay.json", Map.of("link", "svp2")).body();

        assertTrue(
                html.contains("<p id=\"varpd-plugin-state\" data-testid=\"plugin-state\">The connection state"
                        + " cannot be read: EAGAIN: svp2: the overlay is not active (WAITING: plugin svp is not"
                        + " registered)</p>"),
                html);
        assertFalse(json.contains("\"p\":"), json);
    }

    @Test
    void aPluginThatTellsNothingGetsNoSection() throws Exception {
        direct(admin.put(instance("vx0", InstanceState.ACTIVE, false, "", 5)), "vx0", "192.0.2.5", 4789);

        String html = dashboard.get(links, "/overlay/vx0", Map.of()).body();

        assertFalse(html.contains("plugin-state"), html);
        assertTrue(dashboard
                .get(links, "/overlay.json", Map.of("link", "vx0"))
                .body()
                .contains("\"p\":[]"));
    }

    @Test
    void everyValueIsEscapedOnBothPagesAndInJson() throws Exception {
        InstanceInfo i = new InstanceInfo(
                1,
                "vx<b>0",
                EVIL,
                1,
                "<img src=x onerror=alert(1)>",
                InstanceState.ACTIVE,
                true,
                EVIL,
                "pid\"><script>",
                Map.of("<i>", 1L));
        admin.put(i);
        admin.plugin(new PluginInfo("<svg onload=alert(1)>", PluginMode.DYNAMIC, EVIL + " 1", true, EVIL));
        admin.stray(new StrayDevice("linux", "<x>", 7, EVIL));
        admin.table(i.link(), List.of(CacheEntry.dropping(MacAddress.parse("de:ad:be:ef:00:01"))));
        admin.describes(i.link(), Map.of("<x> " + EVIL, EVIL)); // a plugin's own words

        String page = (overview()
                        + dashboard
                                .get(links, "/overlay/" + Html.urlSegment(i.link()), Map.of())
                                .body())
                // the page's own two scripts are the only script elements allowed
                .replace("<script src=\"/system/console/varpd/res/uplot/uPlot.iife.min.js\"></script>", "")
                .replace("<script src=\"/system/console/varpd/res/varpd.js\"></script>", "");
        String json =
                dashboard.get(links, "/overview.json", Map.of("history", "1")).body()
                        + dashboard
                                .get(links, "/overlay.json", Map.of("link", i.link()))
                                .body();

        for (String bad : List.of("<script", "<img", "<svg onload", "<b>", "<i>", "<x>", "${", "\\")) {
            assertFalse(page.contains(bad), bad + " in " + page);
        }
        assertTrue(page.contains("vx&lt;b&gt;0"), page);
        assertTrue(page.contains("href=\"/system/console/configMgr/pid%22%3E%3Cscript%3E\""), page);
        for (String bad : List.of("<", ">", "&")) {
            assertFalse(json.contains(bad), bad + " in " + json);
        }
        assertTrue(json.contains("\\u003cscript\\u003e"), json);
    }

    @Test
    void theOverlayPathIsDecoded() {
        admin.put(instance("vx 0", InstanceState.ERROR, false, "bad link", 0));
        Answer a = dashboard.get(links, "/overlay/vx%200", Map.of());
        assertEquals(200, a.status(), a.body());
    }

    @Test
    void lookupTakesAMacOrAnAddressAndRefusesAnythingElse() throws Exception {
        admin.put(instance("vx1", InstanceState.ACTIVE, false, "", 0));
        MacAddress asked = MacAddress.parse("de:ad:be:ef:00:01");
        admin.answerLookup(
                "vx1",
                asked,
                new LookupResult(
                        true,
                        asked,
                        TargetPoint.of(InetAddress.getLoopbackAddress(), 4789),
                        "point-to-point overlay: every frame goes to 127.0.0.1:4789"));

        String mac = dashboard
                .get(links, "/lookup.json", Map.of("link", "vx1", "q", "DE-AD-BE-EF-00-01"))
                .body();
        assertEquals(
                "{\"ok\":true,\"query\":\"de:ad:be:ef:00:01\",\"answered\":true,\"mac\":\"de:ad:be:ef:00:01\","
                        + "\"destination\":\"127.0.0.1:4789\",\"detail\":\"point-to-point overlay: every frame goes to"
                        + " 127.0.0.1:4789\"}",
                mac);
        String ip = dashboard
                .get(links, "/lookup.json", Map.of("link", "vx1", "q", "10.0.0.5"))
                .body();
        assertTrue(
                ip.contains("\"mac\":\"--\",\"destination\":\"drop\",\"detail\":\"no MAC is known for 10.0.0.5\""), ip);

        Answer bad = dashboard.get(links, "/lookup.json", Map.of("link", "vx1", "q", "nonsense"));
        assertEquals(400, bad.status());
        assertTrue(bad.body().contains("is neither a MAC (de:ad:be:ef:0:1"), bad.body());
        Answer absent = dashboard.get(links, "/lookup.json", Map.of("link", "nosuch0", "q", "10.0.0.5"));
        assertEquals(404, absent.status());
        assertEquals(List.of(), admin.changes(), "a lookup changes nothing");
    }

    private static Map<String, String> headers(String... kv) {
        Map<String, String> h = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            h.put(kv[i], kv[i + 1]);
        }
        return h;
    }

    @Test
    void actionsChangeTheTargetTableThroughVarpdAdmin() {
        admin.put(instance("vx1", InstanceState.ACTIVE, false, "", 0));
        Map<String, String> own = headers(Dashboard.ACTION_HEADER, "1", "Sec-Fetch-Site", "same-origin");

        assertEquals(
                200,
                dashboard
                        .post(
                                "/action.json",
                                Map.of(
                                        "link",
                                        "vx1",
                                        "action",
                                        "set",
                                        "mac",
                                        "de:ad:be:ef:0:1",
                                        "value",
                                        "192.0.2.5:4789"),
                                own::get)
                        .status());
        assertEquals(
                200,
                dashboard
                        .post(
                                "/action.json",
                                Map.of("link", "vx1", "action", "remove", "mac", "de:ad:be:ef:0:1"),
                                own::get)
                        .status());
        Answer flushed = dashboard.post("/action.json", Map.of("link", "vx1", "action", "flush"), own::get);
        assertEquals("{\"ok\":true,\"message\":\"flushed the target table of vx1\"}", flushed.body());

        assertEquals(
                List.of(
                        "setTarget vx1 de:ad:be:ef:00:01 192.0.2.5:4789",
                        "removeTarget vx1 de:ad:be:ef:00:01",
                        "flushTargets vx1"),
                admin.changes());
    }

    @Test
    void badActionsAreRefusedWithWhatWasWrong() {
        admin.put(instance("vx1", InstanceState.ACTIVE, false, "", 0));
        Map<String, String> own = headers(Dashboard.ACTION_HEADER, "1");
        admin.failNext(
                "setTarget",
                new VarpdException(
                        Errno.EINVAL,
                        "'nowhere' is not a destination (no address);" + " allowed: drop, [mac][,ip][:port]"));

        Answer badValue = dashboard.post(
                "/action.json",
                Map.of("link", "vx1", "action", "set", "mac", "de:ad:be:ef:0:1", "value", "nowhere"),
                own::get);
        assertEquals(400, badValue.status());
        assertTrue(badValue.body().contains("EINVAL: 'nowhere' is not a destination"), badValue.body());
        Answer badAction = dashboard.post("/action.json", Map.of("link", "vx1", "action", "explode"), own::get);
        assertTrue(badAction.body().contains("allowed: set, remove, flush"), badAction.body());
        assertEquals(
                404,
                dashboard
                        .post("/action.json", Map.of("link", "nosuch0", "action", "flush"), own::get)
                        .status());
        assertEquals(
                List.of("setTarget vx1 de:ad:be:ef:00:01 nowhere", "flushTargets nosuch0"),
                admin.changes(),
                "what reached core, core refused");
    }

    @Test
    void postsFromAnythingButThePageItselfChangeNothing() {
        admin.put(instance("vx1", InstanceState.ACTIVE, false, "", 0));
        Map<String, String> form = Map.of("link", "vx1", "action", "flush");

        Answer plainForm = dashboard.post("/action.json", form, headers()::get);
        Answer crossSite = dashboard.post(
                "/action.json", form, headers(Dashboard.ACTION_HEADER, "1", "Sec-Fetch-Site", "cross-site")::get);

        assertEquals(403, plainForm.status());
        assertEquals(403, crossSite.status());
        assertTrue(crossSite.body().contains("another site (Sec-Fetch-Site: cross-site)"), crossSite.body());
        assertEquals(List.of(), admin.changes());
    }

    @Test
    void strayDevicesAndPluginsAreListed() {
        admin.stray(new StrayDevice("linux", "vx7", 7, "ns1"));
        admin.plugin(new PluginInfo("direct", PluginMode.POINT, "io.varpd.plugin.direct 1.1.0", true, ""));
        admin.plugin(new PluginInfo(
                "direct",
                PluginMode.POINT,
                "other.bundle 2.0.0",
                false,
                "a plugin named 'direct' is already registered"));

        String html = overview();

        assertTrue(html.contains("<td>vx7</td><td><span class=\"varpd-badge varpd-badge-degraded\""), html);
        assertTrue(html.contains("<td>linux</td><td>7</td><td>ns1</td><td>no varpd instance exists</td>"), html);
        assertTrue(html.contains("href=\"/system/console/bundles/io.varpd.plugin.direct\""), html);
        assertTrue(html.contains("data-testid=\"plugin-state\">REFUSED</span>"), html);
        assertEquals(1, html.split("factoryCreate", -1).length - 1, "no create link for the refused duplicate");
    }

    @Test
    void emptyStateSaysWhatToDo() {
        String html = new OverviewView(admin, new History(clock)).html(links, List.of(), List.of(), List.of());
        assertTrue(html.contains("No overlay is configured"), html);
        assertTrue(html.contains("No lookup plugin is registered"), html);
    }
}
