// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.device;

import static io.varpd.overlay.linux.internal.device.LinuxOverlayE2ETest.PORT;
import static io.varpd.overlay.linux.internal.device.LinuxOverlayE2ETest.VNI;
import static io.varpd.overlay.linux.internal.device.LinuxOverlayE2ETest.VX;
import static io.varpd.overlay.linux.internal.device.LinuxOverlayE2ETest.ip;
import static io.varpd.overlay.linux.internal.device.LinuxOverlayE2ETest.settings;

import io.varpd.api.MacAddress;
import io.varpd.api.PluginMode;
import io.varpd.api.TargetPoint;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The first ping of a bridged guest (the Docker layout, {@link BridgedHosts}, announce on), for varpd's Linux device
 * and, on the same namespaces in the same run, for the reference Python responder {@code mini-varpd.py --announce br0}
 * (run from where it lies; skipped with a message when it is absent). Guest A pings guest B once; neither guest nor
 * host knows anything, so the ping waits for two resolutions (A's ARP for B through host A's vxlan proxy, then B's ARP
 * for A on host B), each answered by the daemon with an FDB entry, a neighbour and a broadcast ARP reply. Before each
 * ping every guest neighbour and every installed entry is removed again. The figure is ping's own {@code time=}. Run as
 * root, not a test:
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat /tmp/linux-cp.txt) \
 *     io.varpd.overlay.linux.internal.device.FirstPingBenchmark [pings] [rounds] [responder.py]
 * java ... FirstPingBenchmark cold      # one JVM's first ping right after its devices opened
 * </pre>
 *
 * Defaults: 5 pings per round (after one warm-up ping), 2 rounds alternating varpd and Python, no responder (its path
 * is the third argument; without it the Python figure is skipped).
 */
public final class FirstPingBenchmark {
    private static final Pattern TIME = Pattern.compile("time=([0-9.]+) ms");

    private final BridgedHosts hosts;

    private FirstPingBenchmark(BridgedHosts hosts) {
        this.hosts = hosts;
    }

    public static void main(String[] args) throws Exception {
        boolean cold = args.length > 0 && args[0].equals("cold");
        int pings = !cold && args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Path script = args.length > 2 && !args[2].isEmpty() ? Path.of(args[2]) : null;
        try (TestNamespaces namespaces = new TestNamespaces()) {
            TestNamespaces.assumeUsable();
            FirstPingBenchmark b = new FirstPingBenchmark(new BridgedHosts(namespaces, false));
            if (cold) {
                System.out.printf(
                        Locale.ROOT,
                        "varpd  first ping after a cold start: %.3f ms%n",
                        b.varpd(0).get(0));
                return;
            }
            List<Double> varpd = new ArrayList<>();
            List<Double> python = new ArrayList<>();
            boolean pythonThere = script != null && Files.isReadable(script);
            if (!pythonThere) {
                System.out.println(
                        "python: " + (script == null ? "no responder given (third argument)" : script + " is absent")
                                + "; the responder's figure is skipped");
            }
            for (int r = 0; r < rounds; r++) {
                varpd.addAll(b.varpd(pings));
                if (pythonThere) {
                    python.addAll(b.python(script, pings));
                }
            }
            System.out.println(
                    "load " + Files.readString(Path.of("/proc/loadavg")).trim());
            report("varpd ", varpd);
            if (pythonThere) {
                report("python", python);
            }
        }
    }

    private static void report(String who, List<Double> ms) {
        List<Double> sorted = new ArrayList<>(ms);
        Collections.sort(sorted);
        System.out.printf(
                Locale.ROOT,
                "%s first ping, bridged guest with announce: median %.3f ms, min %.3f, max %.3f"
                        + " over %d pings: %s%n",
                who,
                sorted.get(sorted.size() / 2),
                sorted.get(0),
                sorted.get(sorted.size() - 1),
                sorted.size(),
                ms);
    }

    /** {@code pings} first pings through varpd's devices after one warm-up; 0: only the very first, cold. */
    private List<Double> varpd(int pings) throws Exception {
        LinuxDeviceProvider providerA = new LinuxDeviceProvider();
        LinuxDeviceProvider providerB = new LinuxDeviceProvider();
        // Records nothing: its first question would otherwise link a string concatenation (milliseconds in a cold JVM).
        MapListener listener = new MapListener(false);
        MacAddress macA = MacAddress.parse(BridgedHosts.MAC_GUEST_A);
        MacAddress macB = MacAddress.parse(BridgedHosts.MAC_GUEST_B);
        listener.put(ip("10.42.0.1"), macA, TargetPoint.of(ip("192.0.2.1"), PORT));
        listener.put(ip("10.42.0.2"), macB, TargetPoint.of(ip("192.0.2.2"), PORT));
        LinuxOverlayDevice a = null;
        LinuxOverlayDevice b = null;
        try {
            a = providerA.open(settings(VX, VNI, "192.0.2.1", hosts.a, BridgedHosts.SETTINGS), listener);
            b = providerB.open(settings(VX, VNI, "192.0.2.2", hosts.b, BridgedHosts.SETTINGS), listener);
            a.associate(1, PluginMode.DYNAMIC, null);
            b.associate(1, PluginMode.DYNAMIC, null);
            List<Double> out = new ArrayList<>();
            if (pings == 0) {
                if (Boolean.getBoolean("firstping.mark")) {
                    System.out.println("---- pinging"); // for -verbose:class: what the first ping loads
                }
                out.add(ping());
                return out;
            }
            for (int i = 0; i <= pings; i++) {
                forgetGuests();
                a.cacheFlush();
                b.cacheFlush();
                double ms = ping();
                if (i > 0) { // the first is the warm-up
                    out.add(ms);
                }
            }
            return out;
        } finally {
            if (a != null) {
                a.close(); // deletes the vxlan it made: the next round's responder makes its own
            }
            if (b != null) {
                b.close();
            }
            providerA.deactivate();
            providerB.deactivate();
        }
    }

    /** The same pings through the Python responder, one per host, on vxlans made like varpd's. */
    private List<Double> python(Path script, int pings) throws Exception {
        List<Process> responders = new ArrayList<>();
        try {
            for (String[] h : new String[][] {{hosts.a, "192.0.2.1"}, {hosts.b, "192.0.2.2"}}) {
                Shell.must(
                        "ip",
                        "-n",
                        h[0],
                        "link",
                        "add",
                        VX,
                        "type",
                        "vxlan",
                        "id",
                        String.valueOf(VNI),
                        "dstport",
                        String.valueOf(PORT),
                        "local",
                        h[1],
                        "dev",
                        "ul0",
                        "nolearning",
                        "proxy",
                        "l2miss",
                        "l3miss");
                Shell.must("ip", "-n", h[0], "link", "set", VX, "master", "br0", "up");
                Process p = new ProcessBuilder(
                                "ip",
                                "netns",
                                "exec",
                                h[0],
                                "python3",
                                "-u",
                                script.toString(),
                                "--dev",
                                VX,
                                "--map",
                                "10.42.0.1=" + BridgedHosts.MAC_GUEST_A + "@192.0.2.1",
                                "--map",
                                "10.42.0.2=" + BridgedHosts.MAC_GUEST_B + "@192.0.2.2",
                                "--announce",
                                "br0")
                        .redirectErrorStream(true)
                        .start();
                responders.add(p);
                BufferedReader out =
                        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                String line = out.readLine();
                if (line == null || !line.contains("listening")) {
                    throw new IllegalStateException("the responder did not start: " + line);
                }
                Thread drain = new Thread(() -> {
                    try {
                        while (out.readLine() != null) {
                            // its log is not needed, but the pipe must not fill
                        }
                    } catch (java.io.IOException ignored) {
                        // the process ended
                    }
                });
                drain.setDaemon(true);
                drain.start();
            }
            List<Double> out = new ArrayList<>();
            for (int i = 0; i <= pings; i++) {
                forgetGuests();
                for (String h : new String[] {hosts.a, hosts.b}) {
                    Shell.run("bridge", "-n", h, "fdb", "del", BridgedHosts.MAC_GUEST_A, "dev", VX, "self");
                    Shell.run("bridge", "-n", h, "fdb", "del", BridgedHosts.MAC_GUEST_B, "dev", VX, "self");
                    Shell.run("ip", "-n", h, "neigh", "flush", "dev", VX, "nud", "all");
                }
                double ms = ping();
                if (i > 0) {
                    out.add(ms);
                }
            }
            return out;
        } finally {
            for (Process p : responders) {
                p.destroy();
                p.waitFor(2, TimeUnit.SECONDS);
            }
            Shell.run("ip", "-n", hosts.a, "link", "del", VX);
            Shell.run("ip", "-n", hosts.b, "link", "del", VX);
        }
    }

    private void forgetGuests() {
        Shell.run("ip", "-n", hosts.guestA, "neigh", "flush", "dev", "eth0");
        Shell.run("ip", "-n", hosts.guestB, "neigh", "flush", "dev", "eth0");
    }

    /** One ping from guest A to guest B: its {@code time=} in ms. */
    private double ping() {
        String out = Shell.must("ip", "netns", "exec", hosts.guestA, "ping", "-c", "1", "-W", "3", "10.42.0.2");
        Matcher m = TIME.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no answer to the first ping: " + out);
        }
        return Double.parseDouble(m.group(1));
    }
}
