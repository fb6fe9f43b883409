// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.overlay.linux.internal.netlink.MessageSplitter;
import io.varpd.overlay.linux.internal.netlink.NetlinkMessage;
import io.varpd.overlay.linux.internal.netlink.Rtnetlink;
import io.varpd.overlay.linux.internal.netlink.TypeFilter;
import io.varpd.overlay.linux.internal.socket.NetlinkSocket;
import io.varpd.overlay.linux.internal.socket.NetworkNamespace;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The monitor's socket filter and idle peek against the real kernel, in a namespace of our own. */
class NotificationFilterTest {
    private static TestNamespaces namespaces;
    private static String ns;

    @BeforeAll
    static void setUp() {
        TestNamespaces.assumeUsable();
        namespaces = new TestNamespaces();
        ns = namespaces.add("nf");
        Shell.must("ip", "-n", ns, "link", "add", "d0", "type", "veth", "peer", "name", "d1");
        Shell.must("ip", "-n", ns, "link", "set", "d0", "up");
    }

    @AfterAll
    static void tearDown() {
        if (namespaces != null) {
            namespaces.close();
        }
    }

    private static NetlinkSocket neighbourSocket(boolean filtered) throws Exception {
        return NetworkNamespace.call(ns, () -> {
            NetlinkSocket s = NetlinkSocket.open(Rtnetlink.groupMask(Rtnetlink.RTNLGRP_NEIGH), 64 * 1024);
            if (filtered) {
                s.attachFilter(TypeFilter.dropping(Rtnetlink.RTM_NEWNEIGH));
            }
            s.setReceiveTimeout(2000);
            return s;
        });
    }

    private static int firstType(NetlinkSocket s) throws Exception {
        byte[] buf = new byte[64 * 1024];
        int n = s.receive(buf);
        List<NetlinkMessage> ms = MessageSplitter.split(buf, n, reason -> {});
        return ms.get(0).type();
    }

    private static void addAndDeleteNeighbour(String ip) {
        Shell.must("ip", "-n", ns, "neigh", "add", ip, "lladdr", "02:00:00:00:00:01", "dev", "d0", "nud", "permanent");
        Shell.must("ip", "-n", ns, "neigh", "del", ip, "dev", "d0");
    }

    @Test
    void filteredSocketSkipsNewNeighbourEchoesButKeepsDeletions() throws Exception {
        try (NetlinkSocket plain = neighbourSocket(false);
                NetlinkSocket filtered = neighbourSocket(true)) {
            addAndDeleteNeighbour("10.9.9.9");
            assertEquals(Rtnetlink.RTM_NEWNEIGH, firstType(plain), "the unfiltered socket sees the addition first");
            assertEquals(Rtnetlink.RTM_DELNEIGH, firstType(filtered));
        }
    }

    @Test
    void peekSaysWhetherADatagramWaitsWithoutTakingIt() throws Exception {
        try (NetlinkSocket s = neighbourSocket(false)) {
            assertFalse(s.hasQueued());
            addAndDeleteNeighbour("10.9.9.10");
            // The kernel notifies inside the `ip` command's request, so it is queued by now.
            assertTrue(s.hasQueued());
            assertEquals(Rtnetlink.RTM_NEWNEIGH, firstType(s), "the peek left the datagram in place");
        }
    }
}
