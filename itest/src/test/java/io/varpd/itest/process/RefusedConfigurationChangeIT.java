// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.itest.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, section 1, through the two paths Configuration Admin cannot refuse: the web console's configuration form
 * and a {@code .cfg} file read by FileInstall, on the runtime's shipped demo overlay {@code demo0} (direct plugin,
 * memory device). A bad value (vnetid 99999999, dest_ip "nonsense") leaves demo0 ACTIVE on its last good configuration,
 * DEGRADED with a refusal naming the property, its targets and lookups unchanged; a good value through the same path is
 * applied at once (within FileInstall's 1 s poll for the file) and clears the refusal.
 */
class RefusedConfigurationChangeIT {
    private static final String PID = "io.varpd.overlay.direct~demo0";
    private static final String MAC = "02:00:00:00:00:01";
    /** Generous: a change is applied within a second, but the machine is shared. */
    private static final long WAIT_NANOS = 15_000_000_000L;

    @TempDir
    Path dir;

    private static JsonObject json(HttpResponse<String> r) {
        assertTrue(r.statusCode() / 100 == 2, r.statusCode() + " " + r.body());
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    private static JsonObject overlay(RuntimeProcess varpd) throws Exception {
        return json(varpd.get("/overlays/demo0"));
    }

    private static String property(JsonObject overlay, String name) {
        for (JsonElement p : overlay.getAsJsonArray("properties")) {
            if (p.getAsJsonObject().get("name").getAsString().equals(name)) {
                return p.getAsJsonObject().get("value").getAsString();
            }
        }
        throw new AssertionError("no property " + name + " in " + overlay);
    }

    /** What demo0 does: its targets and the answer to a lookup through its plugin. */
    private static String traffic(RuntimeProcess varpd) throws Exception {
        HttpResponse<String> targets = varpd.get("/overlays/demo0/targets");
        assertEquals(200, targets.statusCode(), targets.body());
        String lookup = json(varpd.get("/overlays/demo0/lookup?mac=" + MAC))
                .get("destination")
                .getAsString();
        return "targets " + JsonParser.parseString(targets.body()) + ", lookup " + MAC + " -> " + lookup;
    }

    /**
     * Polls GET /overlays/demo0 until {@code done} holds; fails with the last answer and the log. A 404 counts as "not
     * yet": the API answers before FileInstall has delivered demo0's file.
     */
    private static JsonObject await(RuntimeProcess varpd, String what, Predicate<JsonObject> done) throws Exception {
        long deadline = System.nanoTime() + WAIT_NANOS;
        String last = "";
        while (System.nanoTime() - deadline < 0) {
            HttpResponse<String> r = varpd.get("/overlays/demo0");
            last = r.statusCode() + " " + r.body();
            if (r.statusCode() == 200) {
                JsonObject o = JsonParser.parseString(r.body()).getAsJsonObject();
                if (done.test(o)) {
                    return o;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError(what + ": not seen; last answer " + last + "\nruntime log:\n" + varpd.log());
    }

    /**
     * ACTIVE and ONLINE: a good save clears the refusal. (A new plugin property shows in GET some milliseconds before
     * the status is cleared, so "applied" waits for both.)
     */
    private static boolean online(JsonObject o) {
        return o.get("state").getAsString().equals("ACTIVE")
                && o.get("status").getAsString().equals("ONLINE")
                && o.get("detail").getAsString().isEmpty();
    }

    private static JsonObject awaitRefused(RuntimeProcess varpd, String property) throws Exception {
        return await(
                varpd,
                "a refusal naming " + property,
                o -> o.get("detail").getAsString().startsWith("configuration change refused")
                        && o.get("detail").getAsString().contains(property));
    }

    private static void assertRunsAsBefore(RuntimeProcess varpd, JsonObject refused, long vnetid, String traffic)
            throws Exception {
        assertEquals("ACTIVE", refused.get("state").getAsString(), refused.toString());
        assertEquals("DEGRADED", refused.get("status").getAsString(), refused.toString());
        assertEquals(vnetid, refused.get("vnetid").getAsLong(), "the last good vnetid runs: " + refused);
        assertEquals(traffic, traffic(varpd), "targets and lookups are as before the refused change");
        JsonObject status = json(varpd.get("/overlays/demo0/status"));
        assertEquals(refused.get("detail").getAsString(), status.get("detail").getAsString());
    }

    /**
     * Saves the console's form for demo0 as a browser does: the form's fields come from the console's own JSON for the
     * configuration (what the page renders), {@code changes} replace some values, and every field is posted with apply,
     * factoryPid, action and propertylist.
     */
    private static void saveConsoleForm(RuntimeProcess varpd, Map<String, String> changes) throws Exception {
        JsonObject form = json(varpd.consolePost("/configMgr/" + PID, Map.of()));
        Map<String, String> post = new LinkedHashMap<>();
        post.put("apply", "true");
        post.put("factoryPid", form.get("factoryPid").getAsString());
        post.put("action", "ajaxConfigManager");
        post.put("$location", "");
        StringBuilder list = new StringBuilder();
        for (Map.Entry<String, JsonElement> p :
                form.getAsJsonObject("properties").entrySet()) {
            JsonObject field = p.getValue().getAsJsonObject();
            post.put(
                    p.getKey(),
                    changes.getOrDefault(p.getKey(), field.get("value").getAsString()));
            list.append(list.isEmpty() ? "" : ",").append(p.getKey());
        }
        assertTrue(post.keySet().containsAll(changes.keySet()), "the form has " + changes.keySet() + ": " + form);
        post.put("propertylist", list.toString());
        HttpResponse<String> saved = varpd.consolePost("/configMgr/" + PID, post);
        // The console answers a saved form with a redirect to the configuration's page.
        assertEquals(302, saved.statusCode(), "the console saved the form: " + saved.body());
    }

    @Test
    void aBadValueSavedInTheConsoleFormIsRefusedAndAGoodOneAppliedAtOnce() throws Exception {
        try (RuntimeProcess varpd = RuntimeProcess.copyInto(dir)) {
            varpd.start();
            await(varpd, "demo0 ONLINE", o -> o.get("status").getAsString().equals("ONLINE"));
            String before = traffic(varpd);
            assertTrue(before.contains("192.0.2.10:4789"), before);

            saveConsoleForm(varpd, Map.of("vnetid", "99999999"));
            assertRunsAsBefore(varpd, awaitRefused(varpd, "vnetid"), 4242, before);

            saveConsoleForm(varpd, Map.of("vnetid", "4243"));
            await(
                    varpd,
                    "vnetid 4243 applied, refusal cleared",
                    o -> online(o) && o.get("vnetid").getAsLong() == 4243);
            assertEquals(before, traffic(varpd));

            saveConsoleForm(varpd, Map.of("direct/dest_ip", "nonsense"));
            assertRunsAsBefore(varpd, awaitRefused(varpd, "direct/dest_ip"), 4243, before);
            assertEquals("192.0.2.10", property(overlay(varpd), "direct/dest_ip"));

            saveConsoleForm(varpd, Map.of("direct/dest_ip", "192.0.2.11"));
            await(
                    varpd,
                    "dest_ip 192.0.2.11 applied, refusal cleared",
                    o -> online(o) && property(o, "direct/dest_ip").equals("192.0.2.11"));
            String after = traffic(varpd);
            assertTrue(after.contains("192.0.2.11:4789") && !after.contains("192.0.2.10"), after);
        }
    }

    /** Replaces {@code from} with {@code to} in the shipped demo0 file, as an editor saves it. */
    private static void editCfg(RuntimeProcess varpd, String from, String to) throws Exception {
        Path cfg = varpd.home().resolve("configadmin").resolve("io.varpd.overlay.direct-demo0.cfg");
        String text = Files.readString(cfg);
        assertTrue(text.contains(from), cfg + " has " + from + ":\n" + text);
        Files.writeString(cfg, text.replace(from, to));
        // FileInstall compares modification times: make this write visibly newer than the last.
        Files.setLastModifiedTime(cfg, FileTime.from(Instant.now().plusSeconds(2)));
    }

    @Test
    void aBadValueInACfgFileIsRefusedAndTheFixedFileAppliedAtOnce() throws Exception {
        try (RuntimeProcess varpd = RuntimeProcess.copyInto(dir)) {
            varpd.start();
            await(varpd, "demo0 ONLINE", o -> o.get("status").getAsString().equals("ONLINE"));
            String before = traffic(varpd);

            editCfg(varpd, "vnetid=4242", "vnetid=99999999");
            assertRunsAsBefore(varpd, awaitRefused(varpd, "vnetid"), 4242, before);

            editCfg(varpd, "vnetid=99999999", "vnetid=4244");
            await(
                    varpd,
                    "vnetid 4244 applied, refusal cleared",
                    o -> online(o) && o.get("vnetid").getAsLong() == 4244);

            editCfg(varpd, "direct/dest_ip=192.0.2.10", "direct/dest_ip=nonsense");
            assertRunsAsBefore(varpd, awaitRefused(varpd, "direct/dest_ip"), 4244, before);

            editCfg(varpd, "direct/dest_ip=nonsense", "direct/dest_ip=192.0.2.12");
            await(
                    varpd,
                    "dest_ip 192.0.2.12 applied, refusal cleared",
                    o -> online(o) && property(o, "direct/dest_ip").equals("192.0.2.12"));
            assertTrue(traffic(varpd).contains("192.0.2.12:4789"), traffic(varpd));
        }
    }
}
