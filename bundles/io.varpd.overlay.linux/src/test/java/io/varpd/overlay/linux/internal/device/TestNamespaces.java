// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.device;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assumptions;

/**
 * Network namespaces made for one test class, named {@code vt-<random>-<suffix>} so they are recognisably ours;
 * {@link #deleteAll()} removes exactly those. Only links inside them are ever created: the veth underlay is made in one
 * namespace with its peer in the other.
 */
final class TestNamespaces implements AutoCloseable {
    private final String prefix =
            "vt-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
    private final List<String> created = new ArrayList<>();

    /** Skips the calling test class unless we are root and may create namespaces. */
    static void assumeUsable() {
        Shell.Result id = Shell.run("id", "-u");
        Assumptions.assumeTrue(
                id.ok() && id.output().trim().equals("0"),
                "end-to-end tests need root (network namespaces, vxlan devices); skipped");
        Shell.Result ip = Shell.run("ip", "-V");
        Assumptions.assumeTrue(ip.ok(), "end-to-end tests need `ip` (iproute2); skipped: " + ip.output());
        Shell.Result ping = Shell.run("ping", "-V");
        Assumptions.assumeTrue(ping.ok(), "end-to-end tests need `ping` (iputils-ping); skipped: " + ping.output());
        String probe =
                "vt-probe-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
        Shell.Result add = Shell.run("ip", "netns", "add", probe);
        if (add.ok()) {
            Shell.run("ip", "netns", "del", probe);
        }
        Assumptions.assumeTrue(
                add.ok(), "`ip netns add` fails here (" + add.output().trim() + "); skipped");
    }

    /** A new namespace {@code <prefix>-<suffix>} with loopback up. */
    String add(String suffix) {
        String name = prefix + "-" + suffix.toLowerCase(Locale.ROOT);
        Shell.must("ip", "netns", "add", name);
        created.add(name);
        Shell.must("ip", "-n", name, "link", "set", "lo", "up");
        return name;
    }

    /** A veth pair {@code name} in {@code a} and {@code name} in {@code b}, addressed and up. */
    void underlay(String a, String addressA, String b, String addressB, String name) {
        Shell.must("ip", "-n", a, "link", "add", name, "type", "veth", "peer", "name", name, "netns", b);
        Shell.must("ip", "-n", a, "addr", "add", addressA, "dev", name);
        Shell.must("ip", "-n", b, "addr", "add", addressB, "dev", name);
        Shell.must("ip", "-n", a, "link", "set", name, "up");
        Shell.must("ip", "-n", b, "link", "set", name, "up");
    }

    /** The MAC of {@code dev} in {@code ns}. */
    static String mac(String ns, String dev) {
        String out = Shell.must("ip", "-n", ns, "-o", "link", "show", dev);
        int at = out.indexOf("link/ether ");
        return out.substring(at + 11, at + 28);
    }

    void deleteAll() {
        for (int i = created.size() - 1; i >= 0; i--) {
            Shell.run("ip", "netns", "del", created.get(i));
        }
        created.clear();
    }

    @Override
    public void close() {
        deleteAll();
    }
}
