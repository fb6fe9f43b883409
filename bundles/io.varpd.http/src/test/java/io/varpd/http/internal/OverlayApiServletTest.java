// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.varpd.api.Errno;
import io.varpd.api.MacAddress;
import io.varpd.api.PluginMode;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import io.varpd.api.admin.InstanceInfo;
import io.varpd.api.admin.InstanceState;
import io.varpd.api.admin.LookupResult;
import io.varpd.api.admin.PropertyView;
import io.varpd.api.admin.ScriptedVarpdAdmin;
import io.varpd.api.admin.StrayDevice;
import io.varpd.api.device.CacheEntry;
import io.varpd.api.plugin.PropertyDescription;
import io.varpd.api.plugin.PropertyType;
import io.varpd.http.internal.jakarta.OverlayApiServlet;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OverlayApiServletTest {
    private final ScriptedVarpdAdmin admin = new ScriptedVarpdAdmin();
    private final OverlayApiServlet servlet = new OverlayApiServlet(admin);

    private HttpFakes.Response call(HttpFakes.Request req) throws Exception {
        HttpFakes.Response resp = new HttpFakes.Response();
        servlet.service(req.build(), resp.build());
        return resp;
    }

    private static HttpFakes.Request get(String path) {
        return new HttpFakes.Request("GET", path);
    }

    private static JsonElement json(HttpFakes.Response r) {
        assertEquals(JsonResponses.CONTENT_TYPE, r.contentType, "JSON answers say so");
        return JsonParser.parseString(r.body());
    }

    private static void assertError(HttpFakes.Response r, int status, Errno errno, String messagePart) {
        assertEquals(status, r.status, r.body());
        JsonObject o = json(r).getAsJsonObject();
        assertEquals(errno.name(), o.get("error").getAsString());
        String message = o.get("message").getAsString();
        assertTrue(message.contains(messagePart), "'" + message + "' should mention '" + messagePart + "'");
    }

    @Test
    void listingOverlaysGivesEveryInstanceWithStatusAndCounters() throws Exception {
        admin.put(new InstanceInfo(
                        7,
                        "vxlan0",
                        "direct",
                        42,
                        "memory",
                        InstanceState.ACTIVE,
                        true,
                        "svp: no route to server",
                        "io.varpd.overlay.direct~vxlan0",
                        Map.of("lookups", 3L, "drop", 1L)))
                .put("vxlan1", InstanceState.WAITING, false, "plugin 'files' is not registered");

        HttpFakes.Response r = call(get("/overlays"));

        assertEquals(200, r.status);
        assertEquals("no-store", r.header("Cache-Control"));
        JsonArray a = json(r).getAsJsonArray();
        assertEquals(2, a.size());
        JsonObject first = a.get(0).getAsJsonObject();
        assertEquals("vxlan0", first.get("link").getAsString());
        assertEquals(7, first.get("id").getAsLong());
        assertEquals("direct", first.get("plugin").getAsString());
        assertEquals(42, first.get("vnetid").getAsLong());
        assertEquals("memory", first.get("device").getAsString());
        assertEquals("ACTIVE", first.get("state").getAsString());
        assertEquals("DEGRADED", first.get("status").getAsString());
        assertTrue(first.get("degraded").getAsBoolean());
        assertEquals("svp: no route to server", first.get("detail").getAsString());
        assertEquals(3, first.getAsJsonObject("counters").get("lookups").getAsLong());
        assertEquals("WAITING", a.get(1).getAsJsonObject().get("status").getAsString());
    }

    @Test
    void creatingAnOverlayPassesTheSpecAndAnswers201WithLocation() throws Exception {
        HttpFakes.Response r = call(new HttpFakes.Request("POST", "/overlays")
                .json("{\"link\":\"vxlan9\",\"plugin\":\"direct\",\"vnetid\":4096,"
                        + "\"properties\":{\"direct/dest_ip\":\"10.0.0.1\",\"direct/dest_port\":4789,\"x\":null}}"));

        assertEquals(201, r.status, r.body());
        assertEquals("/varpd/api/overlays/vxlan9", r.header("Location"));
        assertEquals("vxlan9", json(r).getAsJsonObject().get("link").getAsString());
        assertEquals("vxlan9", admin.created().get(0).link());
        assertEquals("direct", admin.created().get(0).plugin());
        assertEquals(4096, admin.created().get(0).vnetid());
        assertEquals(
                Map.of("direct/dest_ip", "10.0.0.1", "direct/dest_port", "4789", "x", ""),
                admin.created().get(0).properties());
    }

    @Test
    void vnetidMayBeGivenAsDecimalText() throws Exception {
        call(new HttpFakes.Request("POST", "/overlays")
                .json("{\"link\":\"vxlan9\",\"plugin\":\"direct\",\"vnetid\":\"77\"}"));
        assertEquals(77, admin.created().get(0).vnetid());
        assertEquals(Map.of(), admin.created().get(0).properties());
    }

    @Test
    void creatingAnExistingLinkIs409WithCoresMessage() throws Exception {
        admin.put("vxlan0", InstanceState.ACTIVE, false, "");
        HttpFakes.Response r = call(new HttpFakes.Request("POST", "/overlays")
                .json("{\"link\":\"vxlan0\",\"plugin\":\"direct\",\"vnetid\":1}"));
        assertError(r, 409, Errno.EEXIST, "already exists");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "not JSON              | {link:                                        | not valid JSON",
                "lenient syntax        | {'link':'a','plugin':'d','vnetid':1}           | not valid JSON",
                "trailing data         | {\"link\":\"a\",\"plugin\":\"d\",\"vnetid\":1} x | not valid JSON",
                "array                 | []                                            | must be a JSON object, not an array",
                "missing link          | {\"plugin\":\"d\",\"vnetid\":1}                  | missing field 'link'",
                "link not a string     | {\"link\":5,\"plugin\":\"d\",\"vnetid\":1}       | field 'link' must be a string, not a number",
                "unknown field         | {\"link\":\"a\",\"plugin\":\"d\",\"vnetid\":1,\"vnid\":2} | unknown field 'vnid'; allowed: link, plugin, vnetid, properties",
                "fractional vnetid     | {\"link\":\"a\",\"plugin\":\"d\",\"vnetid\":1.5}  | '1.5' is not a whole number",
                "exponent vnetid       | {\"link\":\"a\",\"plugin\":\"d\",\"vnetid\":1e-999999999} | is not a whole number",
                "vnetid beyond 64 bits | {\"link\":\"a\",\"plugin\":\"d\",\"vnetid\":9999999999999999999} | is not a whole number",
                "properties an array   | {\"link\":\"a\",\"plugin\":\"d\",\"vnetid\":1,\"properties\":[]} | 'properties' must be an object",
                "nested property value | {\"link\":\"a\",\"plugin\":\"d\",\"vnetid\":1,\"properties\":{\"p\":{}}} | property 'p' must be a string",
                "empty body            | ``                                            | body is empty",
            })
    void badCreateBodiesAre400NamingTheProblem(String why, String body, String expected) throws Exception {
        HttpFakes.Response r = call(new HttpFakes.Request("POST", "/overlays").json(body));
        assertError(r, 400, Errno.EINVAL, expected);
        assertFalse(admin.callTexts().stream().anyMatch(c -> c.startsWith("create")), "core was not asked");
    }

    @Test
    void bodyThatIsNotUtf8IsRefused() throws Exception {
        HttpFakes.Request req = new HttpFakes.Request("POST", "/overlays").json("");
        req.body = new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'};
        assertError(call(req), 400, Errno.EINVAL, "not UTF-8");
    }

    @Test
    void oversizedBodyIs413() throws Exception {
        String big = "{\"link\":\"" + "a".repeat(RequestBodies.MAX_BODY_BYTES) + "\"}";
        assertError(call(new HttpFakes.Request("POST", "/overlays").json(big)), 413, Errno.E2BIG, "larger than");
    }

    @ParameterizedTest(name = "{0} {1} with {2}")
    @CsvSource(
            delimiter = '|',
            nullValues = "none",
            value = {
                "POST  | /overlays                        | none",
                "POST  | /overlays                        | text/plain",
                "POST  | /overlays                        | application/x-www-form-urlencoded",
                "PATCH | /overlays/vxlan0                 | multipart/form-data; boundary=x",
                "PUT   | /overlays/vxlan0/targets/0:1:2:3:4:5 | text/plain;charset=UTF-8",
            })
    void mutatingRequestsWithoutJsonContentTypeAre415(String method, String path, String type) throws Exception {
        admin.put("vxlan0", InstanceState.ACTIVE, false, "");
        HttpFakes.Request req = new HttpFakes.Request(method, path).body("{\"properties\":{}}");
        if (type != null) {
            req.header("Content-Type", type);
        }
        HttpFakes.Response r = call(req);
        assertError(r, 415, Errno.EINVAL, "requires Content-Type: application/json");
        assertEquals(List.of(), admin.callTexts(), "nothing reached core");
    }

    @Test
    void jsonContentTypeWithCharsetAndOddCaseIsAccepted() throws Exception {
        admin.put("vxlan0", InstanceState.ACTIVE, false, "");
        HttpFakes.Response r = call(new HttpFakes.Request("PATCH", "/overlays/vxlan0")
                .header("Content-Type", "Application/JSON; charset=utf-8")
                .body("{\"properties\":{\"a\":\"b\"}}"));
        assertEquals(200, r.status, r.body());
    }

    @Test
    void gettingAnOverlayShowsItsProperties() throws Exception {
        admin.put("vxlan0", InstanceState.ACTIVE, false, "");
        admin.properties(
                "vxlan0",
                List.of(
                        new PropertyView(
                                PropertyDescription.builder("direct/dest_ip", PropertyType.IP)
                                        .required()
                                        .description("where frames go")
                                        .build(),
                                InetAddress.getByName("::ffff:10.1.2.3")),
                        new PropertyView(
                                PropertyDescription.builder("direct/dest_port", PropertyType.UINT)
                                        .range(1, 65535)
                                        .defaultValue(4789L)
                                        .build(),
                                null),
                        new PropertyView(
                                PropertyDescription.builder("mode", PropertyType.STRING)
                                        .readOnly()
                                        .options("a", "b")
                                        .build(),
                                "a")));

        HttpFakes.Response r = call(get("/overlays/vxlan0"));

        assertEquals(200, r.status);
        JsonObject o = json(r).getAsJsonObject();
        assertEquals("vxlan0", o.get("link").getAsString());
        JsonArray props = o.getAsJsonArray("properties");
        JsonObject ip = props.get(0).getAsJsonObject();
        assertEquals("direct/dest_ip", ip.get("name").getAsString());
        assertEquals("IP", ip.get("type").getAsString());
        assertEquals("rw", ip.get("perm").getAsString());
        assertTrue(ip.get("required").getAsBoolean());
        assertEquals("10.1.2.3", ip.get("value").getAsString(), "IPv4-mapped shown dotted");
        assertTrue(ip.get("default").isJsonNull());
        assertEquals("where frames go", ip.get("description").getAsString());
        JsonObject port = props.get(1).getAsJsonObject();
        assertTrue(port.get("value").isJsonNull(), "unset is null, not dladm's --");
        assertEquals("4789", port.get("default").getAsString());
        assertEquals("1-65535", port.getAsJsonArray("possible").get(0).getAsString());
        JsonObject mode = props.get(2).getAsJsonObject();
        assertEquals("r-", mode.get("perm").getAsString());
        assertEquals(2, mode.getAsJsonArray("possible").size());
    }

    @Test
    void overlayWhosePluginIsAbsentIsShownWithoutProperties() throws Exception {
        admin.put("vxlan0", InstanceState.WAITING, false, "plugin 'svp' is not registered");

        HttpFakes.Response r = call(get("/overlays/vxlan0"));

        assertEquals(200, r.status);
        JsonObject o = json(r).getAsJsonObject();
        assertTrue(o.get("properties").isJsonNull());
        assertEquals("EAGAIN", o.getAsJsonObject("propertiesError").get("error").getAsString());
    }

    @Test
    void unknownOverlayIs404() throws Exception {
        assertError(call(get("/overlays/nope0")), 404, Errno.ENOENT, "no overlay named 'nope0'");
        assertError(call(get("/overlays/nope0/status")), 404, Errno.ENOENT, "nope0");
        assertError(call(new HttpFakes.Request("DELETE", "/overlays/nope0")), 404, Errno.ENOENT, "nope0");
    }

    @Test
    void patchAndPutBothModifyProperties() throws Exception {
        admin.put("vxlan0", InstanceState.ACTIVE, false, "");
        for (String method : List.of("PATCH", "PUT")) {
            HttpFakes.Response r = call(new HttpFakes.Request(method, "/overlays/vxlan0")
                    .json("{\"properties\":{\"direct/dest_port\":\"4790\",\"direct/dest_ip\":\"\"}}"));
            assertEquals(200, r.status, r.body());
            assertEquals("vxlan0", json(r).getAsJsonObject().get("link").getAsString());
            assertEquals(
                    Map.of("direct/dest_port", "4790", "direct/dest_ip", ""),
                    admin.lastModification().orElseThrow());
        }
    }

    @Test
    void modifyWithoutPropertiesFieldIs400() throws Exception {
        admin.put("vxlan0", InstanceState.ACTIVE, false, "");
        assertError(
                call(new HttpFakes.Request("PATCH", "/overlays/vxlan0").json("{}")),
                400,
                Errno.EINVAL,
                "missing field 'properties'");
    }

    @Test
    void readOnlyPropertyRefusalIs403() throws Exception {
        admin.put("vxlan0", InstanceState.ACTIVE, false, "");
        admin.failNext("modify", new VarpdException(Errno.EPERM, "vxlan0: search: is read-only"));
        assertError(
                call(new HttpFakes.Request("PATCH", "/overlays/vxlan0").json("{\"properties\":{\"search\":\"x\"}}")),
                403,
                Errno.EPERM,
                "read-only");
    }

    @Test
    void deletingAnOverlayIs204WithNoBody() throws Exception {
        admin.put("vxlan0", InstanceState.ACTIVE, false, "");
        HttpFakes.Response r = call(new HttpFakes.Request("DELETE", "/overlays/vxlan0"));
        assertEquals(204, r.status);
        assertEquals("", r.body());
        assertEquals(List.of(), admin.instances());
    }

    @Test
    void statusGivesDladmStatusAndDetail() throws Exception {
        admin.put("vxlan0", InstanceState.ERROR, false, "direct/dest_ip is required");
        JsonObject o = json(call(get("/overlays/vxlan0/status"))).getAsJsonObject();
        assertEquals("vxlan0", o.get("link").getAsString());
        assertEquals("ERROR", o.get("status").getAsString());
        assertEquals("direct/dest_ip is required", o.get("detail").getAsString());
    }

    @Test
    void targetTableListsDestinationsAndDrops() throws Exception {
        admin.put("vxlan0", InstanceState.ACTIVE, false, "");
        admin.table(
                "vxlan0",
                List.of(
                        CacheEntry.to(
                                MacAddress.parse("0:1:2:3:4:5"),
                                TargetPoint.of(InetAddress.getByName("10.0.0.1"), 4789)),
                        CacheEntry.dropping(MacAddress.parse("0:1:2:3:4:6"))));

        JsonArray a = json(call(get("/overlays/vxlan0/targets"))).getAsJsonArray();

        JsonObject to = a.get(0).getAsJsonObject();
        assertEquals("00:01:02:03:04:05", to.get("mac").getAsString());
        assertEquals("10.0.0.1:4789", to.get("destination").getAsString());
        assertFalse(to.get("drop").getAsBoolean());
        assertEquals("10.0.0.1", to.get("ip").getAsString());
        assertEquals(4789, to.get("port").getAsInt());
        JsonObject drop = a.get(1).getAsJsonObject();
        assertEquals("drop", drop.get("destination").getAsString());
        assertTrue(drop.get("drop").getAsBoolean());
        assertNull(drop.get("ip"), "a drop entry has no destination fields");
    }

    @Test
    void targetTableWritesIpv6DestinationsInShortForm() throws Exception {
        admin.put("vxlan0", InstanceState.ACTIVE, false, "");
        admin.table(
                "vxlan0",
                List.of(CacheEntry.to(
                        MacAddress.parse("0:1:2:3:4:5"), TargetPoint.of(InetAddress.getByName("2001:db8::1"), 4789))));

        JsonObject to = json(call(get("/overlays/vxlan0/targets")))
                .getAsJsonArray()
                .get(0)
                .getAsJsonObject();

        assertEquals("[2001:db8::1]:4789", to.get("destination").getAsString());
        assertEquals("2001:db8::1", to.get("ip").getAsString(), "the same spelling as destination");
    }

    @Test
    void targetsOfAnInactiveInstanceAre409() throws Exception {
        admin.put("vxlan0", InstanceState.WAITING, false, "");
        assertError(call(get("/overlays/vxlan0/targets")), 409, Errno.ENXIO, "not active");
    }

    @Test
    void flushingAndRemovingTargetsAre204() throws Exception {
        admin.put("vxlan0", InstanceState.ACTIVE, false, "");
        assertEquals(204, call(new HttpFakes.Request("DELETE", "/overlays/vxlan0/targets")).status);
        assertTrue(admin.callTexts().contains("flushTargets vxlan0"));

        assertEquals(204, call(new HttpFakes.Request("DELETE", "/overlays/vxlan0/targets/DE-AD-BE-EF-00-01")).status);
        assertTrue(
                admin.callTexts().contains("removeTarget vxlan0 de:ad:be:ef:00:01"),
                admin.callTexts().toString());
    }

    @Test
    void settingATargetPassesTheDestinationText() throws Exception {
        admin.put("vxlan0", InstanceState.ACTIVE, false, "");
        HttpFakes.Response r = call(new HttpFakes.Request("PUT", "/overlays/vxlan0/targets/de:ad:be:ef:0:1")
                .json("{\"destination\":\"10.0.0.1:4789\"}"));
        assertEquals(204, r.status, r.body());
        assertEquals(List.of("setTarget vxlan0 de:ad:be:ef:00:01 10.0.0.1:4789"), admin.callsTo("setTarget"));

        call(new HttpFakes.Request("PUT", "/overlays/vxlan0/targets/de:ad:be:ef:0:1")
                .json("{\"destination\":\"drop\"}"));
        assertEquals(
                "setTarget vxlan0 de:ad:be:ef:00:01 drop",
                admin.callsTo("setTarget").get(1));
    }

    @Test
    void settingATargetOnAPointPluginIsUnsupported400() throws Exception {
        admin.put("vxlan0", InstanceState.ACTIVE, false, "");
        admin.failNext("setTarget", new VarpdException(Errno.ENOTSUP, "direct is a POINT plugin"));
        assertError(
                call(new HttpFakes.Request("PUT", "/overlays/vxlan0/targets/0:0:0:0:0:1")
                        .json("{\"destination\":\"drop\"}")),
                400,
                Errno.ENOTSUP,
                "POINT");
    }

    @Test
    void badMacInThePathIs400() throws Exception {
        admin.put("vxlan0", InstanceState.ACTIVE, false, "");
        assertError(
                call(new HttpFakes.Request("DELETE", "/overlays/vxlan0/targets/zz:01")),
                400,
                Errno.EINVAL,
                "is not a MAC address");
    }

    @Test
    void setTargetWithoutDestinationIs400() throws Exception {
        admin.put("vxlan0", InstanceState.ACTIVE, false, "");
        assertError(
                call(new HttpFakes.Request("PUT", "/overlays/vxlan0/targets/0:0:0:0:0:1").json("{\"dest\":\"drop\"}")),
                400,
                Errno.EINVAL,
                "unknown field 'dest'; allowed: destination");
    }

    // ---- GET /overlays/{link}/lookup ----

    private static HttpFakes.Request lookup(String link, String query) {
        HttpFakes.Request req = get("/overlays/" + link + "/lookup");
        if (!query.isEmpty()) {
            for (String pair : query.split("&", -1)) {
                int eq = pair.indexOf('=');
                req.param(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
            }
        }
        return req;
    }

    private boolean coreWasAskedToLookUp() {
        return admin.callTexts().stream().anyMatch(c -> c.startsWith("lookup") || c.startsWith("resolve"));
    }

    @Test
    void lookupOfAMacAnswersWhereItsFramesGo() throws Exception {
        admin.put("vxlan0", InstanceState.ACTIVE, false, "");
        MacAddress mac = MacAddress.parse("de:ad:be:ef:0:1");
        admin.answerLookup(
                "vxlan0",
                mac,
                new LookupResult(
                        true,
                        mac,
                        TargetPoint.of(InetAddress.getByName("10.0.0.2"), 4789),
                        "de:ad:be:ef:00:01 -> 10.0.0.2:4789"));

        HttpFakes.Response r = call(lookup("vxlan0", "mac=DE-AD-BE-EF-00-01"));

        assertEquals(200, r.status, r.body());
        JsonObject o = json(r).getAsJsonObject();
        assertEquals(
                List.of("link", "query", "answered", "mac", "destination", "ip", "port", "detail"),
                List.copyOf(o.keySet()));
        assertEquals("vxlan0", o.get("link").getAsString());
        assertEquals("de:ad:be:ef:00:01", o.get("query").getAsString(), "the query in canonical form");
        assertTrue(o.get("answered").getAsBoolean());
        assertEquals("de:ad:be:ef:00:01", o.get("mac").getAsString());
        assertEquals("10.0.0.2:4789", o.get("destination").getAsString());
        assertEquals("10.0.0.2", o.get("ip").getAsString());
        assertEquals(4789, o.get("port").getAsInt());
        assertEquals("de:ad:be:ef:00:01 -> 10.0.0.2:4789", o.get("detail").getAsString());
        assertTrue(
                admin.callTexts().contains("lookup vxlan0 de:ad:be:ef:00:01"),
                admin.callTexts().toString());
    }

    @Test
    void lookupOfAMacThePluginDropsSaysDropWithNullDestinationFields() throws Exception {
        admin.put("vxlan0", InstanceState.ACTIVE, false, "");

        JsonObject o = json(call(lookup("vxlan0", "mac=dead.beef.0009"))).getAsJsonObject();

        assertFalse(o.get("answered").getAsBoolean());
        assertEquals("de:ad:be:ef:00:09", o.get("mac").getAsString());
        assertEquals("drop", o.get("destination").getAsString());
        assertTrue(o.get("ip").isJsonNull(), "present, and null");
        assertTrue(o.get("port").isJsonNull(), "present, and null");
        assertEquals("de:ad:be:ef:00:09: DROP", o.get("detail").getAsString());
    }

    @Test
    void lookupOfAnIpv6AddressResolvesItAndWritesAddressesInShortForm() throws Exception {
        admin.put("vxlan0", InstanceState.ACTIVE, false, "");
        MacAddress mac = MacAddress.parse("de:ad:be:ef:0:3");
        admin.answerResolve(
                "vxlan0",
                InetAddress.getByName("2001:db8::5"),
                new LookupResult(
                        true,
                        mac,
                        TargetPoint.of(InetAddress.getByName("2001:db8::7:0:0:1"), 4789),
                        "2001:db8::5 is at de:ad:be:ef:00:03 -> [2001:db8::7:0:0:1]:4789"));

        HttpFakes.Response r = call(lookup("vxlan0", "ip=2001:DB8:0::5"));

        assertEquals(200, r.status, r.body());
        JsonObject o = json(r).getAsJsonObject();
        assertEquals("2001:db8::5", o.get("query").getAsString());
        assertTrue(o.get("answered").getAsBoolean());
        assertEquals("de:ad:be:ef:00:03", o.get("mac").getAsString());
        assertEquals("[2001:db8::7:0:0:1]:4789", o.get("destination").getAsString());
        assertEquals("2001:db8::7:0:0:1", o.get("ip").getAsString(), "RFC 5952, not Java's long form");
        assertEquals(4789, o.get("port").getAsInt());
        assertTrue(
                admin.callTexts().contains("resolve vxlan0 2001:db8:0:0:0:0:0:5"),
                admin.callTexts().toString());
    }

    @Test
    void lookupOfAnIpv4MappedAddressAsksArpForTheIpv4Address() throws Exception {
        admin.put("vxlan0", InstanceState.ACTIVE, false, "");
        JsonObject o = json(call(lookup("vxlan0", "ip=::ffff:10.0.0.5"))).getAsJsonObject();
        assertEquals("10.0.0.5", o.get("query").getAsString());
        assertTrue(
                admin.callTexts().contains("resolve vxlan0 10.0.0.5"),
                admin.callTexts().toString());
    }

    @Test
    void lookupOfAnUnknownAddressHasNoMacAndDrops() throws Exception {
        admin.put("vxlan0", InstanceState.ACTIVE, false, "");

        HttpFakes.Response r = call(lookup("vxlan0", "ip=10.0.0.77"));

        assertEquals(200, r.status, "a lookup that finds nothing is still an answer: " + r.body());
        JsonObject o = json(r).getAsJsonObject();
        assertFalse(o.get("answered").getAsBoolean());
        assertTrue(o.get("mac").isJsonNull());
        assertEquals("drop", o.get("destination").getAsString());
        assertEquals("no MAC is known for 10.0.0.77", o.get("detail").getAsString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "no parameter      | ``                         | missing query parameter; allowed: exactly one of mac=<mac>"
                        + " (de:ad:be:ef:0:1) or ip=<ip> (192.0.2.1, 2001:db8::1)",
                "both              | mac=0:1:2:3:4:5&ip=10.0.0.1 | mac and ip cannot be given together; allowed: exactly one of",
                "unknown           | mac=0:1:2:3:4:5&vlan=3     | unknown query parameter 'vlan'; allowed: exactly one of",
                "unknowns          | dst=1&MAC=0:1:2:3:4:5      | unknown query parameters 'MAC', 'dst'; allowed:",
                "repeated          | ip=10.0.0.1&ip=10.0.0.2    | query parameter 'ip' is given 2 times; allowed: exactly one",
                "bad mac           | mac=zz:01                  | query parameter mac: 'zz:01' is not a MAC address; allowed:"
                        + " six hex octets",
                "empty mac         | mac=                       | query parameter mac: '' is not a MAC address",
                "ip as mac         | mac=10.0.0.1               | is not a MAC address; allowed: six hex octets separated by"
                        + " ':' or '-' (de:ad:be:ef:0:1) or three dotted groups (dead.beef.0001); an IP address goes in ip=",
                "bad ip            | ip=10.0.0.256              | query parameter ip: '10.0.0.256' is not an IP address;"
                        + " allowed: an IPv4 or IPv6 literal (192.0.2.1, 2001:db8::1), without brackets or zone",
                "host name         | ip=localhost               | 'localhost' is not an IP address",
                "bracketed v6      | ip=[2001:db8::1]           | '[2001:db8::1]' is not an IP address",
                "zone              | ip=fe80::1%eth0            | 'fe80::1%eth0' is not an IP address",
                "mac as ip         | ip=de:ad:be:ef:0:1         | is not an IP address; allowed: an IPv4 or IPv6 literal"
                        + " (192.0.2.1, 2001:db8::1), without brackets or zone; a MAC address goes in mac=",
            })
    void badLookupQueriesAre400NamingWhatIsAllowed(String why, String query, String expected) throws Exception {
        admin.put("vxlan0", InstanceState.ACTIVE, false, "");
        assertError(call(lookup("vxlan0", query)), 400, Errno.EINVAL, expected);
        assertFalse(coreWasAskedToLookUp(), "core was not asked");
    }

    @Test
    void longLookupValuesAreClippedInMessages() throws Exception {
        admin.put("vxlan0", InstanceState.ACTIVE, false, "");
        HttpFakes.Response r = call(lookup("vxlan0", "ip=" + "1".repeat(5000)));
        assertError(r, 400, Errno.EINVAL, "'" + "1".repeat(40) + "...' is not an IP address");
        assertTrue(r.body().length() < 400, r.body());
    }

    @Test
    void lookupOnAnUnknownOverlayIs404() throws Exception {
        assertError(call(lookup("nope0", "mac=0:1:2:3:4:5")), 404, Errno.ENOENT, "nope0: no overlay of that name");
    }

    @Test
    void lookupOnAnInactiveOverlayIs409() throws Exception {
        admin.put("vxlan0", InstanceState.WAITING, false, "");
        assertError(call(lookup("vxlan0", "ip=10.0.0.5")), 409, Errno.ENXIO, "not active");
    }

    @Test
    void lookupThatThePluginDidNotAnswerInTimeIs504() throws Exception {
        admin.put("vxlan0", InstanceState.ACTIVE, false, "");
        admin.failNext(
                "lookup",
                new VarpdException(Errno.ETIME, "lookup of 00:01:02:03:04:05: the plugin did not answer within 5 s"));
        assertError(call(lookup("vxlan0", "mac=0:1:2:3:4:5")), 504, Errno.ETIME, "did not answer within 5 s");
    }

    @Test
    void pluginsAreListed() throws Exception {
        admin.plugin("direct", PluginMode.POINT).plugin("svp", PluginMode.DYNAMIC);
        JsonArray a = json(call(get("/plugins"))).getAsJsonArray();
        assertEquals(2, a.size());
        JsonObject svp = a.get(1).getAsJsonObject();
        assertEquals("svp", svp.get("name").getAsString());
        assertEquals("DYNAMIC", svp.get("mode").getAsString());
        assertTrue(svp.get("active").getAsBoolean());
        assertEquals("io.varpd.plugin.svp 1.0.0", svp.get("bundle").getAsString());
    }

    @Test
    void devicesWithoutAnInstanceAreListedAsDegraded() throws Exception {
        admin.stray(new StrayDevice("linux", "vx7", 7, "blue"));
        JsonArray a = json(call(get("/stray-devices"))).getAsJsonArray();
        assertEquals(1, a.size());
        JsonObject d = a.get(0).getAsJsonObject();
        assertEquals("vx7", d.get("link").getAsString());
        assertEquals("linux", d.get("type").getAsString());
        assertEquals(7, d.get("vnetid").getAsLong());
        assertEquals("blue", d.get("location").getAsString());
        assertEquals("DEGRADED", d.get("status").getAsString());
        assertEquals("no varpd instance exists", d.get("detail").getAsString());
    }

    @ParameterizedTest
    @CsvSource(
            nullValues = "none",
            value = {
                "none",
                "/",
                "/overlay",
                "/stray-devices/vx7",
                "/overlays/a/b",
                "/overlays//targets",
                "/overlays/a/targets/m/x",
                "/overlays/a/lookup/m",
                "/plugins/direct",
                "/../overlays"
            })
    void unknownPathsAre404Json(String path) throws Exception {
        assertError(call(get(path)), 404, Errno.ENOENT, "no such resource");
    }

    @Test
    void oneTrailingSlashIsTolerated() throws Exception {
        assertEquals(200, call(get("/overlays/")).status);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "DELETE, /overlays, 'GET, POST'",
        "POST, /overlays/vxlan0, 'GET, PUT, PATCH, DELETE'",
        "GET, /overlays/vxlan0/targets/0:0:0:0:0:1, 'PUT, DELETE'",
        "HEAD, /plugins, GET",
        "POST, /overlays/vxlan0/lookup, GET",
        "OPTIONS, /overlays, 'GET, POST'",
    })
    void wrongMethodIs405WithAllow(String method, String path, String allow) throws Exception {
        HttpFakes.Response r = call(new HttpFakes.Request(method, path).json("{}"));
        assertError(r, 405, Errno.ENOTSUP, "allowed: " + allow);
        assertEquals(allow, r.header("Allow"));
    }

    @Test
    void coreBugIs500WithAReferenceNotTheExceptionAndTheServletKeepsServing() throws Exception {
        admin.put("vxlan0", InstanceState.ACTIVE, false, "");
        admin.failNext("delete", new IllegalStateException("boom at internal detail"));
        HttpFakes.Response r = call(new HttpFakes.Request("DELETE", "/overlays/vxlan0"));
        assertError(r, 500, Errno.EIO, "reference");
        assertFalse(r.body().contains("boom") || r.body().contains("IllegalStateException"), r.body());
        assertEquals(200, call(get("/overlays")).status);
    }

    @ParameterizedTest
    @CsvSource({
        "ENOENT, 404",
        "EEXIST, 409",
        "EAGAIN, 409",
        "ENXIO, 409",
        "EBUSY, 409",
        "EINVAL, 400",
        "EOVERFLOW, 400",
        "E2BIG, 400",
        "ENOTSUP, 400",
        "EPERM, 403",
        "ETIME, 504",
        "EHOSTUNREACH, 503",
        "EIO, 500",
        "ENOMEM, 500"
    })
    void errnoMapsToItsDocumentedStatus(Errno errno, int status) throws Exception {
        admin.put("vxlan0", InstanceState.ACTIVE, false, "");
        admin.failNext("delete", new VarpdException(errno, "because"));
        assertError(call(new HttpFakes.Request("DELETE", "/overlays/vxlan0")), status, errno, "because");
    }

    @Test
    void errorTextIsJsonThatNoBrowserSniffsAsMarkup() throws Exception {
        HttpFakes.Response r = call(get("/overlays/<script>alert(\"1\")</script>"));
        assertEquals(404, r.status);
        assertTrue(
                json(r).getAsJsonObject().get("message").getAsString().contains("<script>alert(\"1\")"),
                "the text survives JSON escaping intact");
        assertEquals("nosniff", r.header("X-Content-Type-Options"));
        assertEquals("no-store", r.header("Cache-Control"));
    }

    @Test
    void longClientTextIsClippedInMessages() throws Exception {
        HttpFakes.Response r = call(new HttpFakes.Request("POST", "/overlays")
                .json("{\"link\":\"a\",\"plugin\":\"d\",\"vnetid\":\"" + "9".repeat(5000) + "\"}"));
        assertError(r, 400, Errno.EINVAL, "'" + "9".repeat(40) + "...' is not a whole number");
        assertTrue(r.body().length() < 400, r.body());
    }

    // ---- issue 12: status codes and request checks ------------------------------------------

    private static HttpFakes.Request create(String body) {
        return new HttpFakes.Request("POST", "/overlays").json(body);
    }

    private static final String FILES_CREATE = "{\"link\":\"vxlan1\",\"plugin\":\"files\",\"vnetid\":1,"
            + "\"properties\":{\"files/config\":\"/etc/varpd/missing.json\"}}";

    @Test
    void aCreateNamingAMissingMappingFileIs400NamingTheFile() throws Exception {
        admin.failNext("create", new VarpdException(Errno.ENOENT, "vxlan1: /etc/varpd/missing.json: no such file"));

        assertError(call(create(FILES_CREATE)), 400, Errno.ENOENT, "/etc/varpd/missing.json");
    }

    @Test
    void aCreateWithoutARequiredPropertyIs400() throws Exception {
        admin.failNext(
                "create",
                new VarpdException(Errno.EAGAIN, "vxlan1: cannot start: unset required property: files/config"));

        assertError(
                call(create("{\"link\":\"vxlan1\",\"plugin\":\"files\",\"vnetid\":1}")),
                400,
                Errno.EAGAIN,
                "unset required property: files/config");
    }

    @Test
    void aChangeNamingAMissingFileIs400AndAChangeOfAnUnknownOverlayStays404() throws Exception {
        admin.put("vxlan0", InstanceState.ACTIVE, false, "");
        admin.failNext("modify", new VarpdException(Errno.ENOENT, "vxlan0: /etc/varpd/gone.json: no such file"));

        assertError(
                call(new HttpFakes.Request("PATCH", "/overlays/vxlan0")
                        .json("{\"properties\":{\"files/config\":\"/etc/varpd/gone.json\"}}")),
                400,
                Errno.ENOENT,
                "gone.json");
        assertError(
                call(new HttpFakes.Request("PATCH", "/overlays/nope0").json("{\"properties\":{\"vnetid\":\"3\"}}")),
                404,
                Errno.ENOENT,
                "no overlay named 'nope0'");
        assertEquals(
                List.of("modify vxlan0 {files/config=/etc/varpd/gone.json}"),
                admin.callsTo("modify"),
                "core was not asked to change a missing overlay");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "top level     | {\"link\":\"a\",\"plugin\":\"d\",\"vnetid\":1,\"link\":\"b\"} | field 'link' appears twice in the same object at line 1, column 43 ($.link)",
                "in properties | {\"link\":\"a\",\"plugin\":\"d\",\"vnetid\":1,\"properties\":{\"device\":\"memory\",\"device\":\"linux\"}} | field 'device' appears twice in the same object",
            })
    void duplicateJsonFieldsAre400(String why, String body, String expected) throws Exception {
        assertError(call(create(body)), 400, Errno.EINVAL, expected);
        assertFalse(admin.callTexts().stream().anyMatch(c -> c.startsWith("create")), "core was not asked");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "single quotes    | {'link':'a'}                 | not valid JSON at line 1, column 2: strict JSON is required",
                "trailing comma   | {\"link\":\"a\",}             | not valid JSON at line 1, column 13: expected name",
                "cut short        | {\"link\":                    | not valid JSON at line 1, column 8: the body ends before the JSON value does",
                "second line      | `{\n  \"link\" \"a\"}`          | not valid JSON at line 2, column",
            })
    void jsonSyntaxErrorsSayWhereWithoutTheParsersOwnAdvice(String why, String body, String expected) throws Exception {
        HttpFakes.Response r = call(create(body));

        assertError(r, 400, Errno.EINVAL, expected);
        String message = json(r).getAsJsonObject().get("message").getAsString();
        assertFalse(message.contains("JsonReader") || message.contains("LENIENT") || message.contains("http"), message);
    }

    @Test
    void deeplyNestedBodiesAreRefusedNamingTheLimit() throws Exception {
        String body = "{\"properties\":" + "[".repeat(20_000) + "]".repeat(20_000) + "}";

        assertError(
                call(new HttpFakes.Request("PATCH", "/overlays/vxlan0").json(body)),
                400,
                Errno.EINVAL,
                "deeper than 32 levels");
    }

    @Test
    void numbersInPropertiesAreUsedAsWritten() throws Exception {
        call(create("{\"link\":\"a0\",\"plugin\":\"d\",\"vnetid\":1,\"properties\":{\"p\":1e2,\"q\":4789}}"));

        assertEquals(Map.of("p", "1e2", "q", "4789"), admin.created().get(0).properties());
    }

    @Test
    void aLookupWhoseServerIsUnreachableIs503WithThePluginsReason() throws Exception {
        admin.put("vxlan0", InstanceState.ACTIVE, false, "");
        admin.failNext(
                "resolve",
                new VarpdException(
                        Errno.EHOSTUNREACH,
                        "vxlan0: resolution of 10.0.0.5 failed: svp server 192.0.2.9:1296 is unreachable"));

        assertError(call(lookup("vxlan0", "ip=10.0.0.5")), 503, Errno.EHOSTUNREACH, "192.0.2.9:1296 is unreachable");
    }

    @Test
    void anAddressResolvedToAMacWithoutDestinationShowsTheMac() throws Exception {
        admin.put("vxlan0", InstanceState.ACTIVE, false, "");
        MacAddress mac = MacAddress.parse("2:0:0:0:0:5");
        admin.answerResolve(
                "vxlan0",
                InetAddress.getByName("10.0.0.5"),
                new LookupResult(false, mac, null, "10.0.0.5 is at 02:00:00:00:00:05, which has no destination"));

        JsonObject o = json(call(lookup("vxlan0", "ip=10.0.0.5"))).getAsJsonObject();

        assertEquals("02:00:00:00:00:05", o.get("mac").getAsString());
        assertEquals("drop", o.get("destination").getAsString());
    }
}
