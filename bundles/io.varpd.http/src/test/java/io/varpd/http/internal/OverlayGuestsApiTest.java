// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.varpd.api.Errno;
import io.varpd.api.MacAddress;
import io.varpd.api.VarpdException;
import io.varpd.api.admin.InstanceState;
import io.varpd.api.admin.ScriptedVarpdAdmin;
import io.varpd.api.plugin.HostedGuest;
import io.varpd.http.internal.jakarta.HttpGuard;
import io.varpd.http.internal.jakarta.OverlayApiServlet;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: the guests this host publishes, by hand, over HTTP: {@code PUT} and {@code DELETE
 * /overlays/{link}/guests/{mac}} and {@code GET /overlays/{link}/guests}, with the API's error mapping and its
 * cross-origin refusal.
 */
class OverlayGuestsApiTest {
    private static final String GUEST = "/overlays/vxlan1/guests/02:08:20:aa:bb:01";

    private final ScriptedVarpdAdmin admin = new ScriptedVarpdAdmin().put("vxlan1", InstanceState.ACTIVE, false, "");
    private final OverlayApiServlet servlet = new OverlayApiServlet(admin);

    private HttpFakes.Response call(HttpFakes.Request req) throws Exception {
        HttpFakes.Response resp = new HttpFakes.Response();
        servlet.service(req.build(), resp.build());
        return resp;
    }

    private static JsonObject error(HttpFakes.Response resp) {
        return JsonParser.parseString(resp.body()).getAsJsonObject();
    }

    @Test
    void putPublishesTheGuestAndAnswersWhatWasPublished() throws Exception {
        HttpFakes.Response resp = call(new HttpFakes.Request("PUT", GUEST)
                .json("{\"addresses\": [\"10.0.0.11\", \"fd00::11\"], \"at\": \"[2001:db8::7]:4790\"}"));

        assertEquals(200, resp.status, resp.body());
        JsonObject g = JsonParser.parseString(resp.body()).getAsJsonObject();
        assertEquals("02:08:20:aa:bb:01", g.get("mac").getAsString());
        assertEquals("[2001:db8::7]:4790", g.get("destination").getAsString());
        assertEquals("2001:db8::7", g.get("ip").getAsString());
        assertEquals(4790, g.get("port").getAsInt());
        assertEquals("[\"10.0.0.11\",\"fd00::11\"]", g.get("addresses").toString());
        HostedGuest kept = admin.published("vxlan1").get(0);
        assertEquals(MacAddress.parse("02:08:20:aa:bb:01"), kept.mac());
        assertEquals(Set.of(InetAddress.getByName("10.0.0.11"), InetAddress.getByName("fd00::11")), kept.addresses());
    }

    @Test
    void withoutAtTheDevicesLocalPointIsAskedForAndAnEmptyBodyIsAGuestWithoutAddresses() throws Exception {
        assertEquals(200, call(new HttpFakes.Request("PUT", GUEST).json("{}")).status);

        assertEquals(List.of("publish vxlan1 02:08:20:aa:bb:01 [] local"), admin.callsTo("publish"));
    }

    @Test
    void getListsTheGuestsAndDeleteWithdrawsOne() throws Exception {
        call(new HttpFakes.Request("PUT", GUEST).json("{\"addresses\": [\"10.0.0.11\"], \"at\": \"192.0.2.7:4789\"}"));

        HttpFakes.Response list = call(new HttpFakes.Request("GET", "/overlays/vxlan1/guests"));
        assertEquals(200, list.status);
        JsonArray a = JsonParser.parseString(list.body()).getAsJsonArray();
        assertEquals(1, a.size());
        assertEquals(
                "192.0.2.7:4789", a.get(0).getAsJsonObject().get("destination").getAsString());

        assertEquals(204, call(new HttpFakes.Request("DELETE", GUEST)).status);
        HttpFakes.Response again = call(new HttpFakes.Request("DELETE", GUEST));
        assertEquals(404, again.status);
        assertEquals("ENOENT", error(again).get("error").getAsString());
        assertEquals(
                "[]",
                call(new HttpFakes.Request("GET", "/overlays/vxlan1/guests"))
                        .body()
                        .strip());
    }

    @Test
    void coresRefusalsMapAsElsewhere() throws Exception {
        admin.failNext("publish", new VarpdException(Errno.ENOTSUP, "vxlan1: this plugin does not publish guests"));
        HttpFakes.Response unsupported = call(new HttpFakes.Request("PUT", GUEST).json("{}"));
        assertEquals(400, unsupported.status);
        assertEquals(
                "vxlan1: this plugin does not publish guests",
                error(unsupported).get("message").getAsString());

        admin.put("vxlan1", InstanceState.WAITING, false, "plugin 'etcd' is not registered");
        assertEquals(409, call(new HttpFakes.Request("GET", "/overlays/vxlan1/guests")).status);

        assertEquals(
                404, call(new HttpFakes.Request("PUT", "/overlays/vxlan9/guests/02:08:20:aa:bb:01").json("{}")).status);
    }

    @Test
    void aBadBodyOrMacIsA400NamingWhatIsAllowed() throws Exception {
        HttpFakes.Response badAt = call(new HttpFakes.Request("PUT", GUEST).json("{\"at\": \"2001:db8::7:4789\"}"));
        assertEquals(400, badAt.status);
        assertEquals(
                "field 'at': '2001:db8::7:4789' is not an address and port; allowed: ip:port such as"
                        + " 192.0.2.7:4789, or [2001:db8::7]:4789, port 1-65535",
                error(badAt).get("message").getAsString());

        HttpFakes.Response badAddress = call(new HttpFakes.Request("PUT", GUEST).json("{\"addresses\": [\"x\"]}"));
        assertEquals(400, badAddress.status);
        assertEquals(
                "field 'addresses': 'x' is not an IP address; allowed: IPv4 or IPv6 literals such as 10.0.0.11"
                        + " or fd00::11",
                error(badAddress).get("message").getAsString());

        HttpFakes.Response unknown = call(new HttpFakes.Request("PUT", GUEST).json("{\"ips\": []}"));
        assertEquals(400, unknown.status);
        assertEquals(
                "unknown field 'ips'; allowed: addresses, at",
                error(unknown).get("message").getAsString());

        assertEquals(400, call(new HttpFakes.Request("PUT", "/overlays/vxlan1/guests/02:08").json("{}")).status);
        assertEquals(415, call(new HttpFakes.Request("PUT", GUEST).body("{}")).status);
        HttpFakes.Response post = call(new HttpFakes.Request("POST", GUEST).json("{}"));
        assertEquals(405, post.status);
        assertEquals("PUT, DELETE", post.header("Allow"));
        assertEquals(
                List.of(),
                admin.callTexts().stream().filter(c -> c.startsWith("publish")).toList(),
                "core was never asked");
    }

    @Test
    void aPublishFromAnotherOriginNeverReachesTheApi() throws Exception {
        HttpGuard guard = new HttpGuard(HttpGuardTest.config(1024 * 1024, 5, 30));
        HttpFakes.Response resp = new HttpFakes.Response();
        try (StderrCapture log = new StderrCapture()) {
            guard.doFilter(
                    new HttpFakes.Request("PUT", GUEST)
                            .header("Host", "127.0.0.1:8080")
                            .header("Origin", "http://attacker.example")
                            .json("{}")
                            .build(),
                    resp.build(),
                    (rq, rs) ->
                            servlet.service((HttpServletRequest) rq, (jakarta.servlet.http.HttpServletResponse) rs));
        }

        assertEquals(403, resp.status);
        assertEquals(List.of(), admin.callTexts());
    }
}
