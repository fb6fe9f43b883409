// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.varpd.overlay.linux.internal.netlink.LinkRequests;
import io.varpd.overlay.linux.internal.netlink.MessageSplitter;
import io.varpd.overlay.linux.internal.netlink.MessageWriter;
import io.varpd.overlay.linux.internal.netlink.Netlink;
import io.varpd.overlay.linux.internal.netlink.NetlinkAck;
import io.varpd.overlay.linux.internal.netlink.NetlinkMessage;
import io.varpd.overlay.linux.internal.socket.KernelException;
import io.varpd.overlay.linux.internal.socket.LinuxErrno;
import io.varpd.overlay.linux.internal.socket.NetlinkSocket;
import io.varpd.overlay.linux.internal.socket.NetworkNamespace;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The monitor's read of many datagrams in one system call ({@link NetlinkSocket#receiveMany}) against the real kernel,
 * in a namespace of our own. The datagrams are the kernel's refusals of requests for a link that does not exist: one
 * datagram each, in order, nothing changes.
 */
class BurstReadTest {
    /** An ifindex no link has. */
    private static final int NO_LINK = 0x7fff_fff0;

    private static TestNamespaces namespaces;
    private static String ns;

    @BeforeAll
    static void setUp() {
        TestNamespaces.assumeUsable();
        namespaces = new TestNamespaces();
        ns = namespaces.add("br");
    }

    @AfterAll
    static void tearDown() {
        if (namespaces != null) {
            namespaces.close();
        }
    }

    private static NetlinkSocket socketWithRefusals(int refusals) throws Exception {
        NetlinkSocket s = NetworkNamespace.call(ns, () -> NetlinkSocket.open(0, 64 * 1024));
        for (int i = 1; i <= refusals; i++) {
            byte[] request = LinkRequests.setMtu(NO_LINK, 1400);
            MessageWriter.stampSequence(request, i);
            s.send(request);
        }
        return s;
    }

    @Test
    void aBurstOfDatagramsIsTakenInOneCallInOrder() throws Exception {
        NetlinkSocket s = socketWithRefusals(5);
        try {
            s.prepareBursts(8, 4096);
            assertEquals(5, s.receiveMany(true), "every queued datagram, in one call");
            byte[] buf = new byte[4096];
            for (int i = 0; i < 5; i++) {
                int n = s.datagram(i, buf);
                List<NetlinkMessage> ms = MessageSplitter.split(buf, n, reason -> {
                    throw new AssertionError(reason);
                });
                assertEquals(1, ms.size());
                assertEquals(Netlink.NLMSG_ERROR, ms.get(0).type());
                assertEquals(i + 1, ms.get(0).sequence(), "datagram " + i + " answers request " + (i + 1));
                assertEquals(LinuxErrno.ENODEV, NetlinkAck.decode(ms.get(0)).errno());
            }
            assertEquals(0, s.receiveMany(false), "nothing left, and no wait");
        } finally {
            s.close();
        }
    }

    @Test
    void aBurstStopsAtItsSizeAndTheRestWaits() throws Exception {
        NetlinkSocket s = socketWithRefusals(5);
        try {
            s.prepareBursts(3, 4096);
            assertEquals(3, s.receiveMany(false));
            assertEquals(2, s.receiveMany(false));
            byte[] buf = new byte[4096];
            int n = s.datagram(1, buf);
            assertEquals(5, MessageSplitter.split(buf, n, reason -> {}).get(0).sequence());
        } finally {
            s.close();
        }
    }

    @Test
    void aDatagramLongerThanItsRoomIsReportedNotCut() throws Exception {
        NetlinkSocket s = socketWithRefusals(2);
        try {
            s.prepareBursts(4, Netlink.HEADER_LENGTH + 4); // an error with the request's header echoed is longer
            assertEquals(2, s.receiveMany(true));
            KernelException e = assertThrows(KernelException.class, () -> s.datagram(0, new byte[4096]));
            assertEquals(LinuxErrno.EMSGSIZE, e.errno());
            assertThrows(IndexOutOfBoundsException.class, () -> s.datagram(2, new byte[4096]));
        } finally {
            s.close();
        }
    }
}
