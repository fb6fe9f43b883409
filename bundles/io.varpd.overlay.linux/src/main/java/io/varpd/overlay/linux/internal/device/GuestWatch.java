// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.device;

import io.varpd.overlay.linux.internal.netlink.BridgePortEntry;
import io.varpd.overlay.linux.internal.netlink.MalformedMessageException;
import io.varpd.overlay.linux.internal.netlink.MessageSplitter;
import io.varpd.overlay.linux.internal.netlink.NetlinkMessage;
import io.varpd.overlay.linux.internal.netlink.Rtnetlink;
import io.varpd.overlay.linux.internal.socket.KernelException;
import io.varpd.overlay.linux.internal.socket.LinuxErrno;
import io.varpd.overlay.linux.internal.socket.NetlinkSocket;
import io.varpd.overlay.linux.internal.socket.PacketCapture;
import java.io.Closeable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the guests behind the bridge a vxlan joined ({@code linux/bridge}) so that the host can publish them: the
 * bridge's own forwarding table over rtnetlink, and the guests' ARP and NDP over a packet socket. What they say is
 * decided by {@link LocalGuests}.
 *
 * <p>Theory. The bridge learns every guest's MAC on the guest's port and forgets it when the entry ages out or the port
 * leaves (a veth deleted or moved), multicasting {@code RTM_NEWNEIGH} and {@code RTM_DELNEIGH} of family
 * {@code AF_BRIDGE} for each change. A socket of its own, in the device's namespace, joins the neighbour group with a
 * kernel filter that keeps only those messages, so the vxlan's misses never wake it and the namespace's miss path is
 * untouched. Its reader dumps the bridge's table first and then reads the changes queued meanwhile, in order, so the
 * dump and the notifications agree; a receive buffer overflow (lost notifications) makes it dump again. Addresses come
 * from the frames the guests send into their ports ({@link PacketCapture}, {@link GuestFrame}), so a guest is known
 * with its addresses as soon as it resolves anything or announces itself. One thread reads each socket; both stop on
 * {@link #close}.
 */
final class GuestWatch implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(GuestWatch.class);
    private static final int POLL_MILLIS = 250;
    private static final int DATAGRAM = 64 * 1024;
    private static final int RECEIVE_BUFFER = 1 << 20;

    private final NamespaceSession session;
    private final String link;
    private final String bridgeName;
    private final int bridge;
    private final LocalGuests guests;
    private final NetlinkSocket table;
    /** Null when no packet socket could be opened: guests are then published without addresses. */
    private final PacketCapture frames;

    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private volatile boolean open = true;

    private GuestWatch(
            NamespaceSession session,
            String link,
            String bridgeName,
            int bridge,
            LocalGuests guests,
            NetlinkSocket table,
            PacketCapture frames) {
        this.session = session;
        this.link = link;
        this.bridgeName = bridgeName;
        this.bridge = bridge;
        this.guests = guests;
        this.table = table;
        this.frames = frames;
    }

    /**
     * Opens the sockets in {@code session}'s namespace and starts reading: the table of bridge {@code bridge}
     * (ifindex), excluding the vxlan {@code vxlan} gives, reported to {@code reports} once {@link #reporting} is on.
     */
    static GuestWatch open(
            NamespaceSession session,
            String link,
            String bridgeName,
            int bridge,
            IntSupplier vxlan,
            LocalGuests.Reports reports)
            throws Exception {
        Object[] sockets = session.inside(() -> {
            NetlinkSocket s = NetlinkSocket.open(Rtnetlink.groupMask(Rtnetlink.RTNLGRP_NEIGH), DATAGRAM);
            try {
                s.setReceiveBuffer(RECEIVE_BUFFER);
                s.attachFilter(BridgePortEntry.notificationFilter());
                s.setReceiveTimeout(POLL_MILLIS);
            } catch (KernelException | RuntimeException e) {
                s.close();
                throw e;
            }
            PacketCapture p = null;
            try {
                p = PacketCapture.open(POLL_MILLIS);
            } catch (KernelException e) {
                LOG.warn(
                        "{}: no packet socket for the guests' ARP and NDP ({}); guests are published without"
                                + " addresses",
                        link,
                        e.getMessage());
            }
            return new Object[] {s, p};
        });
        GuestWatch w = new GuestWatch(
                session,
                link,
                bridgeName,
                bridge,
                new LocalGuests(vxlan, reports),
                (NetlinkSocket) sockets[0],
                (PacketCapture) sockets[1]);
        w.start();
        return w;
    }

    private void start() {
        thread(this::readTable, "varpd-linux-guests-" + link);
        if (frames != null) {
            thread(this::readFrames, "varpd-linux-guest-addresses-" + link);
        }
    }

    private void thread(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    /** Reports every guest present and each change from now on (true), or stops reporting. */
    void reporting(boolean on) {
        guests.reporting(on);
    }

    /** The guests as decided now (tests). */
    LocalGuests guests() {
        return guests;
    }

    /** Notifications lost to a full receive buffer, each followed by a new dump. */
    long lost() {
        return lost.get();
    }

    /** Messages and dump entries skipped as malformed. */
    long malformed() {
        return malformed.get();
    }

    // ---- the table reader ----

    private void readTable() {
        byte[] buf = new byte[DATAGRAM];
        boolean dump = true;
        try {
            while (open) {
                if (dump) {
                    dump = !dumpTable();
                }
                int n;
                try {
                    n = table.receive(buf);
                } catch (KernelException e) {
                    if (e.errno() == LinuxErrno.ENOBUFS) {
                        lost.incrementAndGet();
                        LOG.warn(
                                "{}: the watch on bridge {} lost notifications; reading its table again",
                                link,
                                bridgeName);
                        dump = true;
                    } else if (e.errno() != LinuxErrno.EAGAIN
                            && e.errno() != LinuxErrno.EINTR
                            && e.errno() != LinuxErrno.EMSGSIZE) {
                        LOG.error("{}: stops watching bridge {}: {}", link, bridgeName, e.getMessage());
                        return;
                    }
                    continue;
                }
                for (NetlinkMessage m : MessageSplitter.split(buf, n, this::skipped)) {
                    entry(m).ifPresent(guests::apply);
                }
            }
        } finally {
            table.close();
        }
    }

    /** Reads the whole table into the guests; false when the kernel refused (tried again later). */
    private boolean dumpTable() {
        try {
            List<BridgePortEntry> all = new ArrayList<>();
            for (NetlinkMessage m :
                    session.requests().dump(BridgePortEntry.dumpRequest(bridge), "bridge fdb show br " + bridgeName)) {
                entry(m).ifPresent(all::add);
            }
            guests.replace(all);
            return true;
        } catch (KernelException e) {
            LOG.warn("{}: cannot read the table of bridge {}: {}", link, bridgeName, e.getMessage());
            return false;
        }
    }

    private Optional<BridgePortEntry> entry(NetlinkMessage m) {
        try {
            return BridgePortEntry.of(m, bridge);
        } catch (MalformedMessageException e) {
            skipped(e.getMessage());
            return Optional.empty();
        }
    }

    private void skipped(String reason) {
        malformed.incrementAndGet();
        LOG.debug("{}: skipped a malformed bridge table message: {}", link, reason);
    }

    // ---- the frame reader ----

    private void readFrames() {
        byte[] buf = new byte[PacketCapture.SNAP];
        try {
            while (open) {
                PacketCapture.Frame f;
                try {
                    f = frames.receive(buf);
                } catch (KernelException e) {
                    LOG.error("{}: stops reading the guests' ARP and NDP: {}", link, e.getMessage());
                    return;
                }
                if (f != null) {
                    GuestFrame.read(f.bytes(), f.length()).ifPresent(s -> guests.seen(f.ifindex(), s));
                }
            }
        } finally {
            frames.closeNow();
        }
    }

    /**
     * Stops reporting at once and both readers within a poll interval ({@value #POLL_MILLIS} ms), each closing its own
     * socket; does not wait for them, so that detaching a device (varpd stopping) is not slowed down.
     */
    @Override
    public void close() {
        open = false;
        if (frames != null) {
            frames.close();
        }
        guests.reporting(false);
    }
}
