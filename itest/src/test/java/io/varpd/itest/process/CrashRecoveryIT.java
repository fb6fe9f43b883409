// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.itest.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime is killed with SIGKILL in the middle of lookups and configuration changes and started again: every
 * instance comes back with its id, its properties and its plugin state, and a damaged state file is set aside and
 * reported while the others restore.
 */
class CrashRecoveryIT {
    @TempDir
    Path dir;

    private static JsonElement json(HttpResponse<String> r) {
        assertTrue(r.statusCode() / 100 == 2, r.statusCode() + " " + r.body());
        return JsonParser.parseString(r.body());
    }

    /** link -> "id state" for every instance. */
    private static Map<String, String> instances(RuntimeProcess varpd) throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (JsonElement e : json(varpd.get("/overlays")).getAsJsonArray()) {
            JsonObject o = e.getAsJsonObject();
            out.put(
                    o.get("link").getAsString(),
                    o.get("id").getAsLong() + " " + o.get("state").getAsString());
        }
        return out;
    }

    private static String property(RuntimeProcess varpd, String link, String name) throws Exception {
        JsonArray props = json(varpd.get("/overlays/" + link)).getAsJsonObject().getAsJsonArray("properties");
        for (JsonElement p : props) {
            if (p.getAsJsonObject().get("name").getAsString().equals(name)) {
                return p.getAsJsonObject().get("value").getAsString();
            }
        }
        throw new AssertionError("no property " + name + " on " + link);
    }

    /** Waits until exactly {@code count} instances are listed, all ACTIVE, and returns them. */
    private static Map<String, String> awaitActive(RuntimeProcess varpd, int count) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        Map<String, String> last = Map.of();
        while (System.nanoTime() < deadline) {
            last = instances(varpd);
            if (last.size() == count && last.values().stream().allMatch(v -> v.endsWith("ACTIVE"))) {
                return new TreeMap<>(last);
            }
            Thread.sleep(200);
        }
        throw new AssertionError(
                "expected " + count + " active instances, saw " + last + "; runtime log:\n" + varpd.log());
    }

    @Test
    void killedRuntimeComesBackWithEveryInstanceAndSetsADamagedStateAside() throws Exception {
        Path mapping = dir.resolve("mapping.json");
        Files.writeString(
                mapping,
                "{\"de:ad:be:ef:00:01\": {\"ip\": \"192.0.2.50\", \"port\": 4789," + " \"arp\": \"10.9.0.1\"}}");
        try (RuntimeProcess varpd = RuntimeProcess.copyInto(dir)) {
            varpd.start();
            json(varpd.post(
                    "/overlays",
                    "{\"link\":\"files0\",\"plugin\":\"files\",\"vnetid\":500," + "\"properties\":{\"files/config\":\""
                            + mapping + "\"}}"));
            json(varpd.post(
                    "/overlays",
                    "{\"link\":\"direct1\",\"plugin\":\"direct\",\"vnetid\":501,"
                            + "\"properties\":{\"direct/dest_ip\":\"192.0.2.61\",\"direct/dest_port\":\"4789\"}}"));
            json(varpd.post(
                    "/overlays",
                    "{\"link\":\"direct2\",\"plugin\":\"direct\",\"vnetid\":502,"
                            + "\"properties\":{\"direct/dest_ip\":\"192.0.2.62\",\"direct/dest_port\":\"4789\"}}"));
            json(varpd.post(
                    "/overlays",
                    "{\"link\":\"churn3\",\"plugin\":\"direct\",\"vnetid\":503,"
                            + "\"properties\":{\"direct/dest_ip\":\"192.0.2.63\",\"direct/dest_port\":\"4789\"}}"));
            json(varpd.patch("/overlays/direct1", "{\"properties\":{\"direct/dest_port\":\"4790\"}}"));
            awaitActive(varpd, 5);
            Map<String, String> before = new TreeMap<>(instances(varpd));

            // Lookups and configuration changes run while the process is killed.
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger answered = new AtomicInteger();
            Thread load = new Thread(() -> {
                int n = 0;
                while (running.get()) {
                    try {
                        varpd.get("/overlays/files0/lookup?mac=de:ad:be:ef:00:01");
                        varpd.patch(
                                "/overlays/churn3",
                                "{\"properties\":{\"direct/dest_port\":\"" + (5000 + (n++ % 2)) + "\"}}");
                        answered.incrementAndGet();
                    } catch (Exception killed) {
                        return;
                    }
                }
            });
            load.start();
            while (answered.get() < 20) {
                Thread.sleep(20);
            }
            varpd.kill();
            running.set(false);
            load.join();

            // Damage direct2's state file: it is set aside, the others restore.
            long damagedId = Long.parseLong(before.get("direct2").split(" ")[0]);
            Path damaged = varpd.state().resolve("instances").resolve(damagedId + ".varpd");
            String text = Files.readString(damaged, StandardCharsets.ISO_8859_1);
            Files.writeString(damaged, text.replace("192.0.2.62", "192.0.2.69"), StandardCharsets.ISO_8859_1);

            varpd.start();
            // churn3's configuration was being rewritten when the process died: with
            // io.varpd.configstore every write replaces the file in one atomic rename, so churn3
            // is back like every other instance, with one of the two values it alternated between.
            Map<String, String> after = awaitActive(varpd, before.size());
            assertEquals(before.keySet(), after.keySet());
            for (String link : new String[] {"demo0", "files0", "direct1", "churn3"}) {
                assertEquals(before.get(link), after.get(link), link + " keeps its id");
            }
            String churnPort = property(varpd, "churn3", "direct/dest_port");
            assertTrue(
                    churnPort.equals("5000") || churnPort.equals("5001"),
                    "churn3 keeps a port it was given: " + churnPort);
            assertEquals("192.0.2.63", property(varpd, "churn3", "direct/dest_ip"));
            try (Stream<Path> files = Files.walk(varpd.state().resolve("config-store"))) {
                assertEquals(
                        List.of(),
                        files.filter(f -> f.toString().endsWith(".tmp")).toList(),
                        "no temporary file is left after the restart");
            }
            assertEquals("4790", property(varpd, "direct1", "direct/dest_port"));
            assertEquals(mapping.toString(), property(varpd, "files0", "files/config"));
            JsonObject files0 = json(varpd.get("/overlays/files0/lookup?mac=de:ad:be:ef:00:01"))
                    .getAsJsonObject();
            assertEquals("192.0.2.50:4789", files0.get("destination").getAsString());
            String detail = json(varpd.get("/overlays/direct2/status"))
                    .getAsJsonObject()
                    .get("detail")
                    .getAsString();
            assertTrue(detail.contains("set aside"), "direct2 reports its damaged state: " + detail);
            try (Stream<Path> files = Files.list(varpd.state().resolve("instances"))) {
                assertTrue(
                        files.anyMatch(f -> f.getFileName().toString().startsWith(damagedId + ".varpd.rejected-")),
                        "the damaged file is kept");
            }
        }
    }
}
