// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.itest.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, section 2, through the real runtime process and real kernel VXLAN devices: host A is served by the runtime
 * ({@code bin/varpd}, run in the root namespace; its overlay {@code vt0} uses the files plugin, {@code device = linux}
 * and {@code linux/netns} to put the vxlan in A's namespace, bridged with a guest). Host B is static: a vxlan made by
 * hand with fixed entries and three guests, so everything that changes belongs to A's varpd. While a guest behind A's
 * bridge floods a guest behind B's, and A's own overlay address floods B's, the runtime is stopped with SIGTERM and
 * started again, and later its core bundle is updated through the web console. Neither may lose a packet of those
 * established flows, and a guest's first ping to an address it never used is answered within 1 s once varpd is back.
 * The measured figures are printed to the test's output. Needs root; skipped otherwise. Every namespace is ours
 * ({@code vp-...}) and is deleted afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RestartWithoutOutageIT {
    static final String LINK = "vt0";
    static final String MAC_GUEST_A = "02:42:0a:2b:00:01";
    static final String MAC_GUEST_B = "02:42:0a:2b:00:02";
    /** Behind B; guest A first talks to it after the restart. */
    static final String MAC_GUEST_C = "02:42:0a:2b:00:03";
    /** Behind B; guest A first talks to it after the core update. */
    static final String MAC_GUEST_D = "02:42:0a:2b:00:04";

    static final String MAC_VX_B = "02:42:0a:2b:01:02";
    private static final Pattern REPLY = Pattern.compile("icmp_seq=(\\d+) ttl=\\d+ time=([0-9.]+) ms");

    private final Netns netns = new Netns();
    private RuntimeProcess varpd;
    private String a;
    private String guestA;

    @BeforeAll
    void hostAServedByTheRuntimeHostBStatic(@TempDir Path dir) throws Exception {
        Netns.assumeUsable();
        try {
            a = netns.add("a");
            String b = netns.add("b");
            netns.underlay(a, "192.0.2.1/24", b, "192.0.2.2/24", "ul0");
            for (String host : new String[] {a, b}) {
                Netns.must("ip", "-n", host, "link", "add", "br0", "type", "bridge");
                Netns.must("ip", "-n", host, "link", "set", "br0", "up");
            }
            guestA = netns.guest(a, "ag", "vg0", MAC_GUEST_A, "10.42.0.1/24");
            String[] guestsB = {
                netns.guest(b, "bg", "vg0", MAC_GUEST_B, "10.42.0.2/24"),
                netns.guest(b, "cg", "vg1", MAC_GUEST_C, "10.42.0.3/24"),
                netns.guest(b, "dg", "vg2", MAC_GUEST_D, "10.42.0.4/24")
            };
            Netns.must(
                    "ip",
                    "-n",
                    b,
                    "link",
                    "add",
                    "vt0",
                    "address",
                    MAC_VX_B,
                    "type",
                    "vxlan",
                    "id",
                    "4242",
                    "local",
                    "192.0.2.2",
                    "dstport",
                    "4789",
                    "nolearning");
            Netns.must("ip", "-n", b, "link", "set", "vt0", "master", "br0", "up");
            Netns.must("ip", "-n", b, "addr", "add", "10.42.1.2/24", "dev", "vt0");

            Path mapping = dir.resolve("vni4242.json");
            Files.writeString(
                    mapping,
                    "{\n"
                            + entry(MAC_GUEST_A, "192.0.2.1", "10.42.0.1") + ",\n"
                            + entry(MAC_GUEST_B, "192.0.2.2", "10.42.0.2") + ",\n"
                            + entry(MAC_GUEST_C, "192.0.2.2", "10.42.0.3") + ",\n"
                            + entry(MAC_GUEST_D, "192.0.2.2", "10.42.0.4") + ",\n"
                            + entry(MAC_VX_B, "192.0.2.2", "10.42.1.2") + "\n}\n");
            varpd = RuntimeProcess.copyInto(dir);
            varpd.start();
            json(varpd.post(
                    "/overlays",
                    "{\"link\":\"" + LINK + "\",\"plugin\":\"files\",\"vnetid\":4242,"
                            + "\"properties\":{\"device\":\"linux\",\"files/config\":\"" + mapping + "\","
                            + "\"linux/netns\":\"" + a + "\",\"linux/underlay\":\"ul0\",\"linux/bridge\":\"br0\","
                            + "\"linux/announce\":\"br0\",\"vxlan/listen_ip\":\"192.0.2.1\"}}"));
            awaitActive();

            // A's own overlay address on the vxlan varpd made; B knows A only by static entries.
            Netns.must("ip", "-n", a, "addr", "add", "10.42.1.1/24", "dev", "vt0");
            String macVxA = Netns.mac(a, "vt0");
            for (String mac : new String[] {MAC_GUEST_A, macVxA}) {
                Netns.must("bridge", "-n", b, "fdb", "add", mac, "dev", "vt0", "dst", "192.0.2.1", "self", "permanent");
            }
            Netns.must("ip", "-n", b, "neigh", "add", "10.42.1.1", "lladdr", macVxA, "dev", "vt0", "nud", "permanent");
            for (String g : guestsB) {
                Netns.must(
                        "ip",
                        "-n",
                        g,
                        "neigh",
                        "add",
                        "10.42.0.1",
                        "lladdr",
                        MAC_GUEST_A,
                        "dev",
                        "eth0",
                        "nud",
                        "permanent");
            }
            // The established flows: both answered before any flood starts.
            Netns.must("ip", "netns", "exec", guestA, "ping", "-n", "-c", "2", "-W", "1", "10.42.0.2");
            Netns.must("ip", "netns", "exec", a, "ping", "-n", "-c", "2", "-W", "1", "10.42.1.2");
        } catch (Throwable t) {
            cleanUp();
            throw t;
        }
    }

    private static String entry(String mac, String underlay, String arp) {
        return "  \"" + mac + "\": {\"ip\": \"" + underlay + "\", \"port\": 4789, \"arp\": \"" + arp + "\"}";
    }

    @AfterAll
    void cleanUp() throws InterruptedException {
        try {
            if (varpd != null) {
                varpd.close();
            }
        } finally {
            netns.close();
        }
    }

    private static JsonObject json(HttpResponse<String> r) {
        assertTrue(r.statusCode() / 100 == 2, r.statusCode() + " " + r.body());
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    /** Waits until {@code vt0} is ACTIVE and ONLINE; answers other than 200 count as "not yet". */
    private JsonObject awaitActive() throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        String last = "";
        while (System.nanoTime() - deadline < 0) {
            try {
                HttpResponse<String> r = varpd.get("/overlays/" + LINK);
                last = r.statusCode() + " " + r.body();
                if (r.statusCode() == 200) {
                    JsonObject o = JsonParser.parseString(r.body()).getAsJsonObject();
                    if (o.get("state").getAsString().equals("ACTIVE")
                            && o.get("status").getAsString().equals("ONLINE")) {
                        return o;
                    }
                }
            } catch (IOException notAnswering) {
                last = notAnswering.toString();
            }
            Thread.sleep(50);
        }
        throw new AssertionError(LINK + " is not ACTIVE: " + last + "\nruntime log:\n" + varpd.log());
    }

    /** A ping of 100 packets a second from {@code ns}, its output in a file (read when it ends). */
    private record Flood(String what, Process ping, Path out) {
        static Flood start(String what, String ns, String target, Path dir) throws IOException {
            Path out = Files.createTempFile(dir, "flood", ".txt");
            Process p = new ProcessBuilder(
                            "ip", "netns", "exec", ns, "ping", "-n", "-i", "0.01", "-W", "1", "-w", "55", target)
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .start();
            return new Flood(what, p, out);
        }

        /**
         * Stops the ping (SIGINT: {@code ip netns exec} execs ping, so this is ping's pid) and counts the lost packets
         * as the sequence numbers missing below the last one answered: a request still in flight when it stops is not a
         * loss.
         */
        String assertNoLoss() throws Exception {
            assertTrue(ping.isAlive(), what + ": the flood ended early: " + Files.readString(out));
            Netns.must("kill", "-INT", Long.toString(ping.pid()));
            ping.waitFor(10, TimeUnit.SECONDS);
            String text = Files.readString(out);
            TreeSet<Integer> answered = new TreeSet<>();
            Matcher m = REPLY.matcher(text);
            while (m.find()) {
                answered.add(Integer.parseInt(m.group(1)));
            }
            assertTrue(
                    answered.size() >= 100,
                    what + ": the flood ran (" + answered.size() + " answered):\n" + tail(text));
            TreeSet<Integer> lost = new TreeSet<>();
            for (int seq = 1; seq < answered.last(); seq++) {
                if (!answered.contains(seq)) {
                    lost.add(seq);
                }
            }
            String summary = what + ": " + answered.last() + " sent, " + lost.size() + " lost"
                    + (lost.isEmpty() ? "" : " (icmp_seq " + lost + ")");
            System.out.println(summary);
            assertTrue(lost.isEmpty(), summary + "\n" + tail(text));
            return summary;
        }
    }

    /** How often the runtime's log (all its starts) has said {@code line}. */
    private int logged(String line) {
        return varpd.log().split(Pattern.quote(line), -1).length - 1;
    }

    private static final String DETACHED = LINK + ": detached; the vxlan and its entries stay in place";
    private static final String TAKEN_OVER = LINK + ": taking over the vxlan (vni 4242) left by an earlier run";
    private static final String CHECKED = LINK + ": checked the ";

    private static String tail(String text) {
        return text.length() < 4000 ? text : "..." + text.substring(text.length() - 4000);
    }

    /**
     * Guest A's first ping to {@code ip}, an address it never used: it must be answered within 1 s ({@code -W 1}).
     * Returns the round trip in ms, which includes the ARP resolution.
     */
    private double newResolution(String ip) {
        Netns.Result r = Netns.run("ip", "netns", "exec", guestA, "ping", "-n", "-c", "1", "-W", "1", ip);
        Matcher m = REPLY.matcher(r.output());
        assertTrue(
                r.ok() && m.find(),
                "guest A's first ping to " + ip + " got no reply within 1 s:\n" + r.output() + "\nruntime log:\n"
                        + varpd.log());
        return Double.parseDouble(m.group(2));
    }

    private interface Interruption {
        void run() throws Exception;
    }

    /** What {@link #across} measured: when the interruption began and when the overlay was back. */
    private record Outage(long begun, long back, double firstReply, String losses) {}

    /**
     * Runs {@code interruption} (which stops varpd's hold on the vxlan and brings it back) while guest A floods guest B
     * and host A floods host B, then checks what every interruption must keep: the overlay is ACTIVE again, guest A's
     * first ping to {@code neverUsed} is answered within 1 s, neither flood lost a packet, the vxlan was let go of once
     * and taken over once, and every entry found on it was checked and kept (the plugin still maps them all): an entry
     * removed there would cost the flood using it a packet.
     */
    private Outage across(String what, String neverUsed, Path dir, Interruption interruption) throws Exception {
        int vxlan = Netns.ifindex(a, "vt0");
        Flood guests = Flood.start("guest A -> guest B across " + what, guestA, "10.42.0.2", dir);
        Flood hosts = Flood.start("host A -> host B across " + what, a, "10.42.1.2", dir);
        int detached = logged(DETACHED);
        int takenOver = logged(TAKEN_OVER);
        int checked = logged(CHECKED);
        Thread.sleep(1000);
        long begun = System.nanoTime();
        interruption.run();
        awaitActive();
        long back = System.nanoTime();
        double firstReply = newResolution(neverUsed);
        Thread.sleep(1000);
        String losses = guests.assertNoLoss() + "; " + hosts.assertNoLoss();
        long until = System.nanoTime() + 10_000_000_000L;
        while (logged(CHECKED) == checked && System.nanoTime() - until < 0) {
            Thread.sleep(50); // the check runs in the background; it is long done by now unless the host is slow
        }
        assertEquals(
                checked + 1,
                logged(CHECKED),
                "the entries found on the vxlan were checked once across " + what + "\n" + varpd.log());
        String check = varpd.log()
                .substring(varpd.log().lastIndexOf(CHECKED))
                .lines()
                .findFirst()
                .orElseThrow();
        assertTrue(
                check.contains(" replaced=0 removed=0)"),
                "every entry found on the vxlan is kept across " + what + ": " + check);
        assertEquals(vxlan, Netns.ifindex(a, "vt0"), "the vxlan was taken over across " + what);
        assertEquals(detached + 1, logged(DETACHED), "the vxlan was let go of once across " + what);
        assertEquals(takenOver + 1, logged(TAKEN_OVER), "the vxlan was taken over once across " + what);
        return new Outage(begun, back, firstReply, losses);
    }

    @Test
    @Order(1)
    void aSigtermAndRestartOfTheRuntimeLosesNoPacketAndAnswersANewAddressAtOnce(@TempDir Path dir) throws Exception {
        int vxlan = Netns.ifindex(a, "vt0");
        String mac = Netns.mac(a, "vt0");
        long[] down = new long[1];
        Outage o = across("SIGTERM and restart", "10.42.0.3", dir, () -> {
            varpd.stop();
            down[0] = System.nanoTime();
            assertEquals(vxlan, Netns.ifindex(a, "vt0"), "the vxlan stays while varpd is stopped");
            varpd.start();
        });
        assertEquals(mac, Netns.mac(a, "vt0"));
        assertTrue(
                Netns.must("ip", "-n", a, "addr", "show", "dev", "vt0").contains("10.42.1.1/24"),
                "the host's overlay address is still there");
        System.out.printf(
                "restart: SIGTERM to exit %d ms, exit to %s ACTIVE %d ms; %s; first ping from guest A"
                        + " to 10.42.0.3 (never used) after the restart: %.1f ms%n",
                (down[0] - o.begun()) / 1_000_000, LINK, (o.back() - down[0]) / 1_000_000, o.losses(), o.firstReply());
    }

    private long bundleId(String symbolicName) throws Exception {
        return varpd.consoleBundle(symbolicName)
                .orElseThrow(() -> new AssertionError("no bundle " + symbolicName + " in the console's list"))
                .get("id")
                .getAsLong();
    }

    /** The console's "Last Modification" of the bundle: it changes when the bundle is updated. */
    private String lastModified(long id) throws Exception {
        HttpResponse<String> r = varpd.consoleGet("/bundles/" + id + ".json");
        if (r.statusCode() != 200) {
            return "(" + r.statusCode() + ")";
        }
        JsonObject b = JsonParser.parseString(r.body())
                .getAsJsonObject()
                .getAsJsonArray("data")
                .get(0)
                .getAsJsonObject();
        for (JsonElement p : b.getAsJsonArray("props")) {
            if (p.getAsJsonObject().get("key").getAsString().equals("Last Modification")) {
                return b.get("state").getAsString() + " "
                        + p.getAsJsonObject().get("value").getAsString();
            }
        }
        throw new AssertionError("no Last Modification in " + b);
    }

    @Test
    @Order(2)
    void anUpdateOfTheCoreBundleThroughTheConsoleLosesNoPacket(@TempDir Path dir) throws Exception {
        long core = bundleId("io.varpd.core");
        String before = lastModified(core);
        String[] now = new String[1];
        Outage o = across("a core update", "10.42.0.4", dir, () -> {
            // The console's Update button: Bundle.update() from the bundle's location (bundle/ of the
            // runtime), in the background, then a refresh of the packages wired to it.
            HttpResponse<String> update = varpd.consolePost("/bundles/" + core, Map.of("action", "update"));
            assertEquals(200, update.statusCode(), update.body());
            long deadline = System.nanoTime() + 30_000_000_000L;
            now[0] = lastModified(core);
            while (!(now[0].startsWith("Active") && !now[0].equals(before)) && System.nanoTime() - deadline < 0) {
                Thread.sleep(100);
                now[0] = lastModified(core);
            }
            assertNotEquals(before, now[0], "the core bundle was updated\n" + varpd.log());
        });
        assertTrue(varpd.log().contains("Bundle updated from bundle provided (update) location"), varpd.log());
        System.out.printf(
                "core update: request to %s ACTIVE again %d ms (core %s -> %s); %s; first ping from"
                        + " guest A to 10.42.0.4 (never used) after the update: %.1f ms%n",
                LINK, (o.back() - o.begun()) / 1_000_000, before, now[0], o.losses(), o.firstReply());
    }
}
