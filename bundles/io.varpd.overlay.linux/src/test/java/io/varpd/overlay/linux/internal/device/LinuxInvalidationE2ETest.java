// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.device;

import static io.varpd.overlay.linux.internal.device.LinuxOverlayE2ETest.PORT;
import static io.varpd.overlay.linux.internal.device.LinuxOverlayE2ETest.VNI;
import static io.varpd.overlay.linux.internal.device.LinuxOverlayE2ETest.VX;
import static io.varpd.overlay.linux.internal.device.LinuxOverlayE2ETest.ip;
import static io.varpd.overlay.linux.internal.device.LinuxOverlayE2ETest.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.varpd.api.Errno;
import io.varpd.api.MacAddress;
import io.varpd.api.PluginMode;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A plugin's invalidation of a MAC ({@code cacheRemove}, what core does for {@code injectTarget(mac, null)}) means "ask
 * again": it also ends the quiet second that a lookup answered with a drop leaves on the MAC, even when no entry was
 * installed to remove. Otherwise a guest that was unknown for a moment (it left one host, and another publishes it a
 * few milliseconds later) stays unreachable until that second is over. Needs root; skipped otherwise. Every namespace
 * is ours ({@code vt-...}) and is deleted afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LinuxInvalidationE2ETest {
    private static final MacAddress GUEST = MacAddress.of(0x02420a2a0013L);
    private static final MacAddress MOVED = MacAddress.of(0x02420a2a0014L);
    private final TestNamespaces namespaces = new TestNamespaces();
    private final LinuxDeviceProvider provider = new LinuxDeviceProvider();
    private final MapListener listener = new MapListener();
    private LinuxOverlayDevice device;
    private String a;

    @BeforeAll
    void oneHost() throws Exception {
        TestNamespaces.assumeUsable();
        try {
            a = namespaces.add("a");
            String b = namespaces.add("b");
            namespaces.underlay(a, "192.0.2.1/24", b, "192.0.2.2/24", "ul0");
            device = provider.open(settings(VX, VNI, "192.0.2.1", a, Map.of()), listener);
            device.associate(1, PluginMode.DYNAMIC, null);
            Shell.must("ip", "-n", a, "addr", "add", "10.42.0.1/24", "dev", VX);
            Shell.must(
                    "ip",
                    "-n",
                    a,
                    "neigh",
                    "replace",
                    "10.42.0.13",
                    "lladdr",
                    GUEST.toString(),
                    "dev",
                    VX,
                    "nud",
                    "permanent");
            Shell.must(
                    "ip",
                    "-n",
                    a,
                    "neigh",
                    "replace",
                    "10.42.0.14",
                    "lladdr",
                    MOVED.toString(),
                    "dev",
                    VX,
                    "nud",
                    "permanent");
        } catch (Throwable t) {
            cleanUp();
            throw t;
        }
    }

    @AfterAll
    void cleanUp() {
        try {
            provider.deactivate();
        } finally {
            namespaces.deleteAll();
        }
    }

    private long asked() {
        return asked(GUEST);
    }

    private long asked(MacAddress mac) {
        return listener.asked.stream().filter(("l2 " + mac)::equals).count();
    }

    /**
     * Sends one packet to the guest's address (not waiting for an answer) and waits until its miss was either asked
     * about (the {@code times}th time) or suppressed.
     */
    private void onePacket(long times) throws Exception {
        onePacket(GUEST, "10.42.0.13", times);
    }

    private void onePacket(MacAddress mac, String ip, long times) throws Exception {
        long suppressed = device.linuxCounters().missesSuppressed.get();
        Process p = new ProcessBuilder("ip", "netns", "exec", a, "ping", "-n", "-c", "1", "-W", "1", ip)
                .redirectErrorStream(true)
                .start();
        p.getOutputStream().close();
        while (asked(mac) < times && device.linuxCounters().missesSuppressed.get() == suppressed) {
            Thread.sleep(5);
        }
        p.destroy();
    }

    @Test
    void anInvalidatedMacIsAskedAboutAgainAtOnceAfterADrop() throws Exception {
        onePacket(1);
        assertEquals(1, asked(), listener.asked.toString()); // unknown: a drop, and a quiet second
        listener.targets.put(GUEST, TargetPoint.of(ip("192.0.2.2"), PORT)); // the plugin learns where it is
        VarpdException none = assertThrows(VarpdException.class, () -> device.cacheRemove(GUEST));
        assertEquals(Errno.ENOENT, none.errno(), "nothing was installed for the guest");
        onePacket(2);
        assertEquals(2, asked(), "the next packet asks again: " + listener.asked + ", " + device.linuxCounters());
    }

    /**
     * A plugin announcing an address at a MAC (gratuitous ARP) says where that MAC is now: the MAC is asked about again
     * at once, as when it is invalidated. The etcd plugin announces the address of a guest another host has just
     * published, which may be all it tells the device.
     */
    @Test
    void aMacAnnouncedForAnAddressIsAskedAboutAgainAtOnceAfterADrop() throws Exception {
        onePacket(MOVED, "10.42.0.14", 1);
        assertEquals(1, asked(MOVED), listener.asked.toString());
        listener.targets.put(MOVED, TargetPoint.of(ip("192.0.2.2"), PORT));
        device.inject(io.varpd.frame.GratuitousArp.build(
                0, MOVED, (java.net.Inet4Address) ip("10.42.0.14"), MacAddress.BROADCAST));
        onePacket(MOVED, "10.42.0.14", 2);
        assertEquals(2, asked(MOVED), "the next packet asks again: " + listener.asked + ", " + device.linuxCounters());
    }
}
