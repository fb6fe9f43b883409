// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.itest.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Network namespaces for one test class, named {@code vp-<random>-<suffix>} so they are recognisably ours;
 * {@link #close()} deletes exactly those (and with them every link inside). Also runs the {@code ip}, {@code bridge}
 * and {@code ping} commands the tests need.
 */
final class Netns implements AutoCloseable {
    private final String prefix =
            "vp-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
    private final List<String> created = new ArrayList<>();

    record Result(int exit, String output) {
        boolean ok() {
            return exit == 0;
        }
    }

    /** Skips the calling test class unless we are root and may create namespaces. */
    static void assumeUsable() {
        Result id = run("id", "-u");
        Assumptions.assumeTrue(
                id.ok() && id.output().trim().equals("0"),
                "needs root (network namespaces, kernel vxlan devices); skipped");
        Result ip = run("ip", "-V");
        Assumptions.assumeTrue(ip.ok(), "needs `ip` (iproute2); skipped: " + ip.output());
        Result ping = run("ping", "-V");
        Assumptions.assumeTrue(ping.ok(), "needs `ping` (iputils-ping); skipped: " + ping.output());
        String probe =
                "vp-probe-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
        Result add = run("ip", "netns", "add", probe);
        if (add.ok()) {
            run("ip", "netns", "del", probe);
        }
        Assumptions.assumeTrue(
                add.ok(), "`ip netns add` fails here (" + add.output().trim() + "); skipped");
    }

    /** A new namespace {@code <prefix>-<suffix>} with loopback up. */
    String add(String suffix) {
        String name = prefix + "-" + suffix.toLowerCase(Locale.ROOT);
        must("ip", "netns", "add", name);
        created.add(name);
        must("ip", "-n", name, "link", "set", "lo", "up");
        return name;
    }

    /** A veth pair {@code name} in {@code a} and {@code name} in {@code b}, addressed and up. */
    void underlay(String a, String addressA, String b, String addressB, String name) {
        must("ip", "-n", a, "link", "add", name, "type", "veth", "peer", "name", name, "netns", b);
        must("ip", "-n", a, "addr", "add", addressA, "dev", name);
        must("ip", "-n", b, "addr", "add", addressB, "dev", name);
        must("ip", "-n", a, "link", "set", name, "up");
        must("ip", "-n", b, "link", "set", name, "up");
    }

    /**
     * A guest namespace behind port {@code port} of bridge {@code br0} in {@code host}: eth0 with {@code mac} and
     * {@code address}.
     */
    String guest(String host, String suffix, String port, String mac, String address) {
        String guest = add(suffix);
        must("ip", "-n", host, "link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", guest);
        must("ip", "-n", host, "link", "set", port, "master", "br0", "up");
        must("ip", "-n", guest, "link", "set", "eth0", "address", mac);
        must("ip", "-n", guest, "addr", "add", address, "dev", "eth0");
        must("ip", "-n", guest, "link", "set", "eth0", "up");
        return guest;
    }

    /** The MAC of {@code dev} in {@code ns}. */
    static String mac(String ns, String dev) {
        String out = must("ip", "-n", ns, "-o", "link", "show", dev);
        int at = out.indexOf("link/ether ");
        return out.substring(at + 11, at + 28);
    }

    /** The interface index of {@code dev} in {@code ns}. */
    static int ifindex(String ns, String dev) {
        String out = must("ip", "-n", ns, "-o", "link", "show", dev);
        return Integer.parseInt(out.substring(0, out.indexOf(':')).trim());
    }

    static Result run(String... command) {
        try {
            Process p = new ProcessBuilder(List.of(command))
                    .redirectErrorStream(true)
                    .start();
            p.getOutputStream().close();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, String.join(" ", command) + ": still running after 60 s");
            }
            return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, String.join(" ", command) + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }

    /** Runs {@code command} and fails the test with its output unless it succeeds. */
    static String must(String... command) {
        Result r = run(command);
        if (!r.ok()) {
            throw new AssertionError(String.join(" ", command) + " -> exit " + r.exit() + ": " + r.output());
        }
        return r.output();
    }

    @Override
    public void close() {
        for (int i = created.size() - 1; i >= 0; i--) {
            run("ip", "netns", "del", created.get(i));
        }
        created.clear();
    }
}
