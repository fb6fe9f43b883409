// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.device;

import java.util.Map;

/**
 * The bridged-guest layout (the Docker layout) several end-to-end tests share: hosts A and B joined by the underlay
 * {@code ul0} (192.0.2.1 and 192.0.2.2), each with a bridge {@code br0} and a guest namespace behind it (veth
 * {@code vg0} on the bridge, {@code eth0} in the guest) that owns overlay address 10.42.0.1 or 10.42.0.2, and fd42::1
 * or fd42::2 when asked for. The vxlan is left to the test: {@link #SETTINGS} puts it on the bridge and announces
 * answers into it.
 */
final class BridgedHosts {
    static final String MAC_GUEST_A = "02:42:0a:2a:00:01";
    static final String MAC_GUEST_B = "02:42:0a:2a:00:02";
    /** A vxlan on {@code br0} that announces its answers there. */
    static final Map<String, Object> SETTINGS = Map.of(LinuxSettings.BRIDGE, "br0", LinuxSettings.ANNOUNCE, "br0");

    final String a;
    final String b;
    final String guestA;
    final String guestB;

    /** Makes the four namespaces in {@code namespaces}; the guests get IPv6 addresses too if {@code ipv6}. */
    BridgedHosts(TestNamespaces namespaces, boolean ipv6) {
        a = namespaces.add("a");
        b = namespaces.add("b");
        guestA = namespaces.add("ag");
        guestB = namespaces.add("bg");
        namespaces.underlay(a, "192.0.2.1/24", b, "192.0.2.2/24", "ul0");
        guest(a, guestA, MAC_GUEST_A, "10.42.0.1/24", ipv6 ? "fd42::1/64" : null);
        guest(b, guestB, MAC_GUEST_B, "10.42.0.2/24", ipv6 ? "fd42::2/64" : null);
    }

    private static void guest(String host, String guest, String mac, String ipv4, String ipv6) {
        Shell.must("ip", "-n", host, "link", "add", "br0", "type", "bridge");
        Shell.must("ip", "-n", host, "link", "set", "br0", "up");
        Shell.must("ip", "-n", host, "link", "add", "vg0", "type", "veth", "peer", "name", "eth0", "netns", guest);
        Shell.must("ip", "-n", host, "link", "set", "vg0", "master", "br0", "up");
        Shell.must("ip", "-n", guest, "link", "set", "eth0", "address", mac);
        Shell.must("ip", "-n", guest, "addr", "add", ipv4, "dev", "eth0");
        if (ipv6 != null) {
            Shell.must("ip", "-n", guest, "addr", "add", ipv6, "dev", "eth0", "nodad");
        }
        Shell.must("ip", "-n", guest, "link", "set", "eth0", "up");
    }
}
