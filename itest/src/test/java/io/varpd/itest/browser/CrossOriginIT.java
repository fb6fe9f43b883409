// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.itest.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;
import io.varpd.itest.process.RuntimeProcess;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.JavascriptExecutor;

/**
 * Issue 13, section 1, in the browser where it was found: the operator is logged in to the console and the API, and
 * opens pages served from another origin (a server of the test on another loopback port, as any local web server or ssh
 * tunnel gives). Those pages send the state-changing requests the console's own pages send: create an overlay through
 * the Configuration page's POST, delete one, stop the svp plugin bundle ({@code POST /system/console/bundles/<id>
 * action=stop}), and create, change and delete overlays through the HTTP API (a text/plain form POST, a PATCH, a DELETE
 * from a script). The browser attaches the operator's login to each request it sends by itself. None may change
 * anything: afterwards, read through the HTTP API, every overlay and bundle is as it was. The screenshots show what the
 * browser showed for each answer.
 */
class CrossOriginIT {
    @TempDir
    Path dir;

    /**
     * The attacking pages, by path. Each form page submits its form at once, at the top level (a navigation of the
     * whole tab, which carries the login whatever site the page came from); the fetch page sends the API calls a script
     * can make and names each outcome in the page's title when all are settled.
     */
    private static Map<String, String> attackPages(String console, String api, long svpBundle) {
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put(
                "/console-create",
                formPage(
                        console + "/configMgr/__Temporary%20PID%20replaced%20by%20real%20PID%20upon%20save__",
                        "",
                        """
                <input type="hidden" name="apply" value="true">
                <input type="hidden" name="factoryPid" value="io.varpd.overlay.direct">
                <input type="hidden" name="action" value="ajaxConfigManager">
                <input type="hidden" name="$location" value="">
                <input type="hidden" name="link" value="evil1">
                <input type="hidden" name="vnetid" value="6661">
                <input type="hidden" name="direct/dest_ip" value="192.0.2.66">
                <input type="hidden" name="direct/dest_port" value="4789">
                <input type="hidden" name="device" value="memory">
                <input type="hidden" name="propertylist"
                    value="link,vnetid,direct/dest_ip,direct/dest_port,device">"""));
        pages.put("/console-delete", formPage(console + "/configMgr/io.varpd.overlay.direct~demo0", "", """
                <input type="hidden" name="apply" value="1">
                <input type="hidden" name="delete" value="1">"""));
        pages.put("/console-stop-svp", formPage(console + "/bundles/" + svpBundle, "", """
                <input type="hidden" name="action" value="stop">"""));
        // A JSON body smuggled in a text/plain form: the classic cross-site POST to a JSON API.
        pages.put("/api-create", formPage(api + "/overlays", " enctype=\"text/plain\"", """
                <input type="hidden" name='{"link":"evil2","plugin":"direct","vnetid":6662,"properties":\
                {"direct/dest_ip":"192.0.2.67","direct/dest_port":"4789","device":"memory"},"x":"' value='"}'>"""));
        pages.put("/api-scripts", """
                <!doctype html>
                <html><head><meta charset="utf-8"><title>sending</title></head>
                <body>
                <h1>Not the varpd console</h1>
                <p>A page from another origin, opened by the logged-in operator, calls the varpd API:</p>
                <ol id="log"></ol>
                <script>
                  let pending = 0;
                  const settled = what => {
                    const li = document.createElement('li');
                    li.textContent = what;
                    document.getElementById('log').appendChild(li);
                    if (--pending === 0) document.title = 'all sent';
                  };
                  const call = (name, url, init) => {
                    pending++;
                    fetch(url, Object.assign({credentials: 'include'}, init)).then(
                        r => settled(name + ': answered ' + (r.type === 'opaque' ? '(opaque to this page)' : r.status)),
                        e => settled(name + ': not sent by the browser (' + e + ')'));
                  };
                  call('PATCH victim2', '{api}/overlays/victim2', {method: 'PATCH',
                      headers: {'Content-Type': 'application/json'},
                      body: JSON.stringify({properties: {'direct/dest_port': '4790'}})});
                  call('DELETE victim3', '{api}/overlays/victim3', {method: 'DELETE'});
                  call('POST evil3 (no-cors, text/plain)', '{api}/overlays', {method: 'POST', mode: 'no-cors',
                      headers: {'Content-Type': 'text/plain'},
                      body: JSON.stringify({link: 'evil3', plugin: 'direct', vnetid: 6663,
                          properties: {'direct/dest_ip': '192.0.2.68', 'direct/dest_port': '4789'}})});
                </script>
                </body></html>
                """.replace("{api}", api));
        return pages;
    }

    private static String formPage(String action, String enctype, String fields) {
        return """
                <!doctype html>
                <html><head><meta charset="utf-8"><title>not the console</title></head>
                <body onload="document.forms[0].submit()">
                <form method="post" action="%s"%s>
                %s
                </form>
                </body></html>
                """.formatted(action, enctype, fields);
    }

    private static JsonObject json(HttpResponse<String> r) {
        assertTrue(r.statusCode() / 100 == 2, r.statusCode() + " " + r.body());
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    /** The id of the svp plugin's bundle, from the console's bundle list. */
    private static long svpBundle(RuntimeProcess varpd) throws Exception {
        return varpd.consoleBundle("io.varpd.plugin.svp")
                .orElseThrow(() -> new AssertionError("no io.varpd.plugin.svp bundle in the runtime"))
                .get("id")
                .getAsLong();
    }

    private static String bundleState(RuntimeProcess varpd, long id) throws Exception {
        return json(varpd.consoleGet("/bundles/" + id + ".json"))
                .getAsJsonArray("data")
                .get(0)
                .getAsJsonObject()
                .get("state")
                .getAsString();
    }

    private static void create(RuntimeProcess varpd, String link, int vnetid) throws Exception {
        HttpResponse<String> r = varpd.post("/overlays", """
                {"link": "%s", "plugin": "direct", "vnetid": %d,
                 "properties": {"direct/dest_ip": "192.0.2.70", "direct/dest_port": "4789", "device": "memory"}}""".formatted(link, vnetid));
        assertEquals(201, r.statusCode(), r.body());
    }

    /** What the page must not have done, as the API shows it now; empty when nothing was done. */
    private static List<String> changes(RuntimeProcess varpd, long svp) throws Exception {
        List<String> changes = new ArrayList<>();
        List<String> links = Overlays.links(varpd);
        for (String evil : List.of("evil1", "evil2", "evil3")) {
            if (links.contains(evil)) {
                changes.add("overlay " + evil + " was created");
            }
        }
        if (!links.contains("demo0")) {
            changes.add("overlay demo0 was deleted");
        }
        if (!links.contains("victim3")) {
            changes.add("overlay victim3 was deleted");
        }
        JsonObject victim2 = Overlays.find(varpd, "victim2");
        if (victim2 != null && !"4789".equals(Overlays.property(victim2, "direct/dest_port"))) {
            changes.add("overlay victim2's direct/dest_port was changed");
        }
        String state = bundleState(varpd, svp);
        if (!state.equals("Active")) {
            changes.add("bundle io.varpd.plugin.svp was stopped (now " + state + ")");
        }
        return changes;
    }

    /**
     * {@code 127.0.0.1}: another port of the console's own address, so another origin but the same site (the browser
     * says {@code Sec-Fetch-Site: same-site}); {@code localhost}: another site as well. Both reach the operator's
     * loopback.
     */
    @ParameterizedTest(name = "page served from http://{0}:<another port>")
    @ValueSource(strings = {"127.0.0.1", "localhost"})
    void aPageFromAnotherOriginChangesNothingWhileTheOperatorIsLoggedIn(String attackerHost) throws Exception {
        Browser.assumeInstalled();
        HttpServer attacker = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        try (RuntimeProcess varpd = RuntimeProcess.copyInto(dir)) {
            varpd.start();
            Overlays.await(
                    varpd, "demo0", "ONLINE", o -> o.get("status").getAsString().equals("ONLINE"));
            create(varpd, "victim2", 6672);
            create(varpd, "victim3", 6673);
            long svp = svpBundle(varpd);
            assertEquals(List.of(), changes(varpd, svp), "the runtime before the attack");

            String target = "http://127.0.0.1:" + varpd.port();
            Map<String, String> pages = attackPages(target + "/system/console", target + "/varpd/api", svp);
            attacker.createContext("/", exchange -> {
                String html = pages.get(exchange.getRequestURI().getPath());
                byte[] body = (html == null ? "no such page" : html).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(html == null ? 404 : 200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            attacker.start();
            String origin =
                    "http://" + attackerHost + ":" + attacker.getAddress().getPort();

            try (Browser browser = Browser.start("CrossOriginIT-" + attackerHost)) {
                browser.logIn(varpd);
                List<String> answers = new ArrayList<>();
                for (String form : List.of("/console-create", "/console-delete", "/console-stop-svp", "/api-create")) {
                    browser.open(origin + form);
                    // The form's submission leaves the page: wait until the tab shows the answer.
                    browser.await(
                            "the form of " + origin + form + " submitted",
                            d -> d.getCurrentUrl().startsWith(target)
                                    && "complete"
                                            .equals(((JavascriptExecutor) d)
                                                    .executeScript("return document.readyState")));
                    browser.screenshot("cross-origin-" + attackerHost + "-answer-to" + form.replace('/', '-'));
                    String shown = browser.text().replaceAll("\\s+", " ");
                    answers.add(form + " -> " + browser.driver().getCurrentUrl() + " showing: "
                            + shown.substring(0, Math.min(160, shown.length())));
                }
                browser.open(origin + "/api-scripts");
                browser.await(
                        "the page " + origin + "/api-scripts has sent everything",
                        d -> d.getTitle().equals("all sent"));
                browser.screenshot("cross-origin-" + attackerHost + "-api-scripts");
                answers.add("/api-scripts: " + browser.text());

                // Configuration Admin and core act within milliseconds; give them 3 s to show any change.
                long until = System.nanoTime() + 3_000_000_000L;
                List<String> changes = changes(varpd, svp);
                while (changes.isEmpty() && System.nanoTime() - until < 0) {
                    Thread.sleep(200);
                    changes = changes(varpd, svp);
                }

                // The operator is still logged in: the console opens without asking.
                browser.open(varpd, "/system/console/varpd");
                browser.await("the varpd page, still logged in", d -> Overlays.consoleRow(browser, "victim2") != null);
                browser.screenshot("cross-origin-" + attackerHost + "-2-varpd-page-after");
                assertEquals(
                        List.of(),
                        changes,
                        "pages from " + origin + " (another origin than the console's "
                                + target
                                + ") changed the runtime through the operator's browser; what the browser showed:\n"
                                + String.join("\n", answers));
            }
        } finally {
            attacker.stop(0);
        }
    }
}
