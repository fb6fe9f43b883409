// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.device;

import io.varpd.overlay.linux.internal.netlink.AddressMessage;
import io.varpd.overlay.linux.internal.netlink.AddressRequests;
import io.varpd.overlay.linux.internal.netlink.LinkMessage;
import io.varpd.overlay.linux.internal.netlink.MalformedMessageException;
import io.varpd.overlay.linux.internal.netlink.MessageSplitter;
import io.varpd.overlay.linux.internal.netlink.NeighbourMessage;
import io.varpd.overlay.linux.internal.netlink.NeighbourMiss;
import io.varpd.overlay.linux.internal.netlink.Neighbours;
import io.varpd.overlay.linux.internal.netlink.Netlink;
import io.varpd.overlay.linux.internal.netlink.NetlinkMessage;
import io.varpd.overlay.linux.internal.netlink.Rtnetlink;
import io.varpd.overlay.linux.internal.netlink.TypeFilter;
import io.varpd.overlay.linux.internal.socket.BatchChannel;
import io.varpd.overlay.linux.internal.socket.KernelException;
import io.varpd.overlay.linux.internal.socket.NetworkNamespace;
import io.varpd.overlay.linux.internal.socket.NotificationMonitor;
import io.varpd.overlay.linux.internal.socket.PacketSender;
import io.varpd.overlay.linux.internal.socket.RequestChannel;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the bridge keeps per network namespace: the request and monitor sockets, a packet socket, the table of
 * ifindex to device, the namespace's own addresses, and a dispatcher thread. Shared by every device in the namespace:
 * misses of all vxlans arrive on the one monitor socket and differ only by ifindex.
 *
 * <p>The monitor's reading thread decodes, looks the ifindex up and lets the device decide (filter, de-duplicate) in
 * order and without blocking; a miss worth reporting is then handled by the thread that read it: still as the reader
 * when nothing else is queued, else once it has passed the socket to the monitor's other reader (see
 * {@link NotificationMonitor}). The monitor socket does not carry the kernel's echo of the entries varpd installs
 * ({@code RTM_NEWNEIGH}): a socket filter drops it. Only when no other reader is free does a miss go to the dispatcher,
 * whose queue is bounded: when it is full the miss is dropped and counted, and the kernel asks again on the next
 * packet. The dispatcher also runs the resynchronisation after lost notifications.
 */
final class NamespaceSession implements NotificationMonitor.Handler {
    private static final Logger LOG = LoggerFactory.getLogger(NamespaceSession.class);
    /** Forced receive buffer of the monitor socket (the kernel doubles it). */
    static final int MONITOR_BUFFER = 4 << 20;

    static final int QUEUE = 4096;
    private static final int GROUPS = Rtnetlink.groupMask(Rtnetlink.RTNLGRP_NEIGH)
            | Rtnetlink.groupMask(Rtnetlink.RTNLGRP_LINK)
            | Rtnetlink.groupMask(Rtnetlink.RTNLGRP_IPV4_IFADDR)
            | Rtnetlink.groupMask(Rtnetlink.RTNLGRP_IPV6_IFADDR);

    /**
     * Keeps the kernel's echo of every entry installed ({@code RTM_NEWNEIGH}, which {@link #message} ignores) off the
     * monitor socket: two wake-ups of a monitor thread per answered app probe.
     */
    private static final byte[] NOTIFICATION_FILTER = TypeFilter.dropping(Rtnetlink.RTM_NEWNEIGH);

    private final String netns;
    private final Map<Integer, LinuxOverlayDevice> byIndex = new ConcurrentHashMap<>();
    private final Set<LinuxOverlayDevice> devices = ConcurrentHashMap.newKeySet();
    private final LocalAddresses local = new LocalAddresses();
    private final ThreadPoolExecutor dispatcher;
    private final Set<Thread> dispatcherThreads = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean resyncPending = new AtomicBoolean();
    /** Monitor overflows (ENOBUFS): each one is some notifications lost. */
    final AtomicLong notificationsLost = new AtomicLong();
    /** Resynchronisations run after overflows (several overflows while one is pending make one). */
    final AtomicLong resyncs = new AtomicLong();
    /** Monitor messages skipped as malformed (the request channel counts its own). */
    final AtomicLong malformed = new AtomicLong();

    private volatile RequestChannel requests;
    private volatile BatchChannel batches;
    /** Each thread's installs, collected while it reports a burst (see {@link InstallBatch}). */
    private final ThreadLocal<InstallBatch> installBatches = ThreadLocal.withInitial(() -> new InstallBatch(batches));

    private volatile NotificationMonitor monitor;
    private volatile PacketSender packets;

    private NamespaceSession(String netns) {
        this.netns = netns;
        String name = "varpd-linux-dispatch-" + where();
        this.dispatcher = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            dispatcherThreads.add(t);
            return t;
        });
    }

    /** Opens the sockets inside {@code netns} (null: the JVM's own namespace) and starts listening. */
    static NamespaceSession open(String netns) throws Exception {
        NamespaceSession s = new NamespaceSession(netns);
        try {
            NetworkNamespace.call(netns, () -> {
                s.requests = RequestChannel.open();
                s.batches = BatchChannel.open();
                s.monitor = NotificationMonitor.open(
                        GROUPS, MONITOR_BUFFER, NOTIFICATION_FILTER, s, "varpd-linux-monitor-" + s.where());
                try {
                    s.packets = PacketSender.open();
                } catch (KernelException e) {
                    LOG.warn(
                            "{}: no packet socket ({}); announcements, inject and resend are unavailable",
                            s.where(),
                            e.getMessage());
                }
                return null;
            });
            s.monitor.start(); // before the address dump: a change in between is then not lost
            s.refreshAddresses();
            return s;
        } catch (Exception e) {
            s.close();
            throw e;
        }
    }

    /** The namespace name, for messages. */
    String where() {
        return netns == null ? "the daemon's namespace" : "namespace " + netns;
    }

    String netns() {
        return netns;
    }

    RequestChannel requests() {
        return requests;
    }

    BatchChannel batches() {
        return batches;
    }

    /** The calling thread's install batch: open while it reports a burst, else sending each install at once. */
    InstallBatch installBatch() {
        return installBatches.get();
    }

    /** The packet socket, null when it could not be opened. */
    PacketSender packets() {
        return packets;
    }

    boolean isLocal(java.net.InetAddress a) {
        return local.contains(a);
    }

    /** Malformed messages skipped here, on the monitor and on the request socket. */
    long malformedMessages() {
        RequestChannel r = requests;
        return malformed.get() + (r == null ? 0 : r.malformed());
    }

    /** The link names of the devices open in this namespace. */
    Set<String> openLinkNames() {
        Set<String> names = new HashSet<>();
        devices.forEach(d -> names.add(d.linkName()));
        return names;
    }

    /** Runs {@code task} inside this namespace (a fresh thread; see {@link NetworkNamespace}). */
    <T> T inside(NetworkNamespace.Task<T> task) throws Exception {
        return NetworkNamespace.call(netns, task);
    }

    void attach(LinuxOverlayDevice d) {
        devices.add(d);
    }

    void detach(LinuxOverlayDevice d) {
        devices.remove(d);
        byIndex.values().remove(d);
    }

    boolean isEmpty() {
        return devices.isEmpty();
    }

    /** Routes the misses of {@code ifindex} to {@code d}. */
    void route(int ifindex, LinuxOverlayDevice d) {
        byIndex.put(ifindex, d);
    }

    void unroute(int ifindex, LinuxOverlayDevice d) {
        byIndex.remove(ifindex, d);
    }

    /** Queues {@code task} for the dispatcher; false when the queue is full or the session closed. */
    boolean dispatch(Runnable task) {
        try {
            dispatcher.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    // ---- the monitor thread ----

    /** Reads misses in place; used by one monitor reader at a time, like {@link #message}. */
    private final NeighbourMiss.Reader missReader = new NeighbourMiss.Reader();

    /**
     * A miss is read where it lies and becomes objects only once its device wants it reported (a burst brings
     * thousands, a storm many more that are suppressed); other messages go to {@link #message(NetlinkMessage)}. The
     * same verdicts: the fuzz test reads misses through {@link NeighbourMiss#of(NetlinkMessage)}, which uses the same
     * reader.
     */
    @Override
    public NotificationMonitor.Work message(ByteBuffer datagram, int offset, int length) {
        if (Short.toUnsignedInt(datagram.getShort(offset + 4)) != Rtnetlink.RTM_GETNEIGH) {
            return message(MessageSplitter.message(datagram, offset, length));
        }
        try {
            int body = offset + Netlink.HEADER_LENGTH;
            int end = offset + length;
            if (end - body < Neighbours.NDMSG_LENGTH) {
                throw new MalformedMessageException("neighbour message of " + (end - body) + " bytes");
            }
            LinuxOverlayDevice d = byIndex.get(datagram.getInt(body + 4));
            if (d == null) {
                return null;
            }
            NeighbourMiss.Kind kind =
                    missReader.read(datagram, body, end, Short.toUnsignedInt(datagram.getShort(offset + 6)));
            if (kind == null) {
                return null;
            }
            return kind == NeighbourMiss.Kind.L2_MISS
                    ? d.l2Miss(missReader.macBits())
                    : d.addressMiss(kind, missReader.address());
        } catch (MalformedMessageException e) {
            malformed(e.getMessage());
            return null;
        }
    }

    @Override
    public NotificationMonitor.Work message(NetlinkMessage m) {
        try {
            switch (m.type()) {
                case Rtnetlink.RTM_GETNEIGH:
                    LinuxOverlayDevice d = deviceOf(m);
                    if (d != null) {
                        Optional<NeighbourMiss> miss = NeighbourMiss.of(m);
                        if (miss.isPresent()) {
                            return d.miss(miss.get());
                        }
                    }
                    break;
                case Rtnetlink.RTM_DELNEIGH:
                    fdbDeleted(m);
                    break;
                case Rtnetlink.RTM_NEWLINK:
                case Rtnetlink.RTM_DELLINK:
                    link(LinkMessage.decode(m));
                    break;
                case Rtnetlink.RTM_NEWADDR:
                case Rtnetlink.RTM_DELADDR:
                    local.apply(AddressMessage.decode(m));
                    break;
                default:
                    break;
            }
        } catch (MalformedMessageException e) {
            malformed(e.getMessage());
        }
        return null;
    }

    /**
     * Runs the misses read in one go: the L2 misses of each device go to core together
     * ({@link LinuxOverlayDevice#reportAll}), the others one by one, and every install answered meanwhile leaves in one
     * datagram at the end ({@link InstallBatch}).
     */
    @Override
    public void runAll(List<NotificationMonitor.Work> works) {
        InstallBatch batch = installBatch();
        batch.begin();
        try {
            List<MacQuestion> questions = new ArrayList<>(works.size());
            LinuxOverlayDevice current = null;
            for (NotificationMonitor.Work w : works) {
                if (w instanceof LinuxOverlayDevice.MissReport r && r.isL2()) {
                    if (r.device != current) {
                        reportAll(current, questions);
                        current = r.device;
                    }
                    MacQuestion q = r.device.question(r.mac);
                    if (q != null) {
                        questions.add(q);
                    }
                } else {
                    run(w);
                }
            }
            reportAll(current, questions);
        } finally {
            batch.end();
        }
    }

    private static void reportAll(LinuxOverlayDevice d, List<MacQuestion> questions) {
        if (!questions.isEmpty()) {
            d.reportAll(questions);
            questions.clear();
        }
    }

    private static void run(NotificationMonitor.Work w) {
        try {
            w.run();
        } catch (RuntimeException e) {
            LOG.warn("work after a notification failed", e);
        }
    }

    @Override
    public boolean handOff(NotificationMonitor.Work work) {
        return dispatch(work);
    }

    /** The device of a neighbour message, read from {@code ndm_ifindex} before decoding the rest. */
    private LinuxOverlayDevice deviceOf(NetlinkMessage m) throws MalformedMessageException {
        if (m.length() < Neighbours.NDMSG_LENGTH) {
            throw new MalformedMessageException("neighbour message of " + m.length() + " bytes");
        }
        return byIndex.get(m.body().getInt(4));
    }

    private void fdbDeleted(NetlinkMessage m) throws MalformedMessageException {
        LinuxOverlayDevice d = deviceOf(m);
        if (d == null) {
            return;
        }
        NeighbourMessage n = NeighbourMessage.decode(m);
        if (n.family() == Rtnetlink.AF_BRIDGE && n.hasFlag(Neighbours.NTF_SELF)) {
            n.lladdr().ifPresent(d::fdbDeleted);
        }
    }

    private void link(LinkMessage l) {
        LinuxOverlayDevice d = byIndex.get(l.index());
        if (l.messageType() == Rtnetlink.RTM_DELLINK) {
            if (d != null) {
                byIndex.remove(l.index(), d);
                d.linkDeleted();
            }
            return;
        }
        if (d == null) {
            for (LinuxOverlayDevice waiting : devices) {
                if (waiting.linkName().equals(l.name())) {
                    waiting.linkAppeared(l);
                }
            }
        }
    }

    @Override
    public void overrun() {
        long n = notificationsLost.incrementAndGet();
        if (n == 1 || Long.bitCount(n) == 1) {
            LOG.warn(
                    "{}: the monitor socket overflowed ({} times so far): notifications were lost; resynchronising",
                    where(),
                    n);
        }
        if (resyncPending.compareAndSet(false, true) && !dispatch(this::resync)) {
            resyncPending.set(false);
        }
    }

    @Override
    public void malformed(String reason) {
        malformed.incrementAndGet();
        LOG.debug("{}: skipped a malformed netlink message: {}", where(), reason);
    }

    // ---- the dispatcher ----

    /** After lost notifications: re-read addresses, and let each device re-read its link and FDB. */
    private void resync() {
        resyncPending.set(false);
        resyncs.incrementAndGet();
        refreshAddresses();
        for (LinuxOverlayDevice d : devices) {
            d.resync();
        }
    }

    /** Re-reads the namespace's addresses (also after lost notifications). */
    void refreshAddresses() {
        try {
            List<AddressMessage> all = new ArrayList<>();
            for (NetlinkMessage m : requests.dump(AddressRequests.dump(Rtnetlink.AF_UNSPEC), "ip addr show")) {
                if (AddressMessage.isAddressType(m.type())) {
                    try {
                        all.add(AddressMessage.decode(m));
                    } catch (MalformedMessageException e) {
                        malformed(e.getMessage());
                    }
                }
            }
            local.replace(all);
        } catch (KernelException e) {
            LOG.warn("{}: could not read the local addresses: {}", where(), e.getMessage());
        }
    }

    /** Stops the monitor and dispatcher and closes the sockets. */
    void close() {
        if (monitor != null) {
            monitor.close();
        }
        dispatcher.shutdown();
        // Closed from a miss answered on the dispatcher itself, it ends after this task: no waiting.
        if (!dispatcherThreads.contains(Thread.currentThread())) {
            try {
                if (!dispatcher.awaitTermination(5, TimeUnit.SECONDS)) {
                    dispatcher.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                dispatcher.shutdownNow();
            }
        }
        if (requests != null) {
            requests.close();
        }
        if (batches != null) {
            batches.close();
        }
        if (packets != null) {
            packets.close();
        }
    }
}
