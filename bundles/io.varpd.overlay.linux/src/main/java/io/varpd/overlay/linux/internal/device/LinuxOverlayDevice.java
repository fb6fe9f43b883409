// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.device;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.varpd.api.DestinationType;
import io.varpd.api.Errno;
import io.varpd.api.IpAddresses;
import io.varpd.api.MacAddress;
import io.varpd.api.PluginMode;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import io.varpd.api.device.CacheEntry;
import io.varpd.api.device.DeviceListener;
import io.varpd.api.device.DeviceLookup;
import io.varpd.api.device.OverlayDevice;
import io.varpd.frame.AddressAnnouncement;
import io.varpd.overlay.linux.internal.netlink.InetBytes;
import io.varpd.overlay.linux.internal.netlink.LinkMessage;
import io.varpd.overlay.linux.internal.netlink.NeighbourMiss;
import io.varpd.overlay.linux.internal.socket.KernelException;
import io.varpd.overlay.linux.internal.socket.LinuxErrno;
import io.varpd.overlay.linux.internal.socket.NotificationMonitor;
import io.varpd.overlay.linux.internal.socket.PacketSender;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One kernel vxlan serving one overlay instance. Misses come in from the namespace's monitor ({@link #miss}), are
 * filtered and de-duplicated there in order, and reach core on the thread that read them (as the reader when nothing
 * else is queued, else once it has passed the socket on, or on the dispatcher when no other reader is free); core's
 * answers come back on any thread and become FDB entries (MAC to underlay) and neighbour entries (IP to MAC), FDB
 * first. See the package theory for the rules.
 */
public final class LinuxOverlayDevice implements OverlayDevice {
    private static final Logger LOG = LoggerFactory.getLogger(LinuxOverlayDevice.class);
    private static final Set<DestinationType> DESTINATION = Set.of(DestinationType.IP, DestinationType.PORT);
    private static final int MAX_DEGRADED = 255;
    private static final int MIN_FRAME = 14;
    private static final String NO_FRAME = "a Linux L2 miss carries no frame (the kernel dropped it)";

    /** Replaced by {@link #reconfigure}; written under lock, read without it. */
    private volatile LinuxSettings settings;

    private final NamespaceSession session;
    private final DeviceListener listener;
    private final Consumer<LinuxOverlayDevice> onClose;
    private final boolean created;
    private final InetAddress local;
    /**
     * An address of the underlay's family (the vxlan's local, else its default remote, else the listen address), null
     * when nothing says: the family of drop entries and of the destinations accepted.
     */
    private volatile InetAddress underlayFamily;

    private final KernelEntries entries;
    /** Replaced by {@link #reconfigure}; null without {@code linux/announce}. */
    private volatile Announcer announcer;
    /** The entries found on a taken-over vxlan, checked once the instance is associated; then null. */
    @GuardedBy("lock")
    private LeftoverReconciler leftovers;

    private final LinuxDeviceCounters counters = new LinuxDeviceCounters();
    private final MissTracker tracker = new MissTracker(System::nanoTime);
    private final Object lock = new Object();
    /** One answer callback for every L2 question, rather than one per miss. */
    private final BiConsumer<MacAddress, TargetPoint> l2Answer = this::l2Answered;

    private volatile int ifindex;
    private volatile String degraded;
    private volatile String linkProblem;
    /** Written under lock; read without it by the miss filter and the cache operations, hence volatile. */
    private volatile Association association;

    private volatile boolean closed;
    /** The watch on the guests behind {@code linux/bridge}, null without one; written under lock, read without it. */
    private volatile GuestWatch guests;

    private LinuxOverlayDevice(
            LinuxSettings settings,
            NamespaceSession session,
            DeviceListener listener,
            Consumer<LinuxOverlayDevice> onClose,
            LinkMessage link,
            boolean created,
            Announcer announcer) {
        this.settings = settings;
        this.session = session;
        this.listener = listener;
        this.onClose = onClose;
        this.created = created;
        this.ifindex = link.index();
        this.local = link.vxlan().local() != null ? link.vxlan().local() : settings.local();
        this.underlayFamily = familyOf(link.vxlan(), settings);
        this.entries = new KernelEntries(
                session.requests(), () -> ifindex, settings.name(), link.vxlan().port());
        this.announcer = announcer;
    }

    /**
     * The kernel omits an unspecified local ({@code local ::} makes an IPv6 vxlan), so what it reports comes first and
     * the listen address, which created the device, second.
     */
    private static InetAddress familyOf(LinkMessage.VxlanInfo v, LinuxSettings s) {
        return v.underlayHint() != null ? v.underlayHint() : s.local();
    }

    /** Creates (or adopts) the vxlan of {@code s} in {@code session}'s namespace and sets it up. */
    static LinuxOverlayDevice open(
            LinuxSettings s, NamespaceSession session, DeviceListener listener, Consumer<LinuxOverlayDevice> onClose)
            throws VarpdException {
        var c = session.requests();
        String where = session.where();
        checkListenAddress(s, session);
        int underlay = s.underlay() == null ? 0 : VxlanLinks.indexOf(c, s.underlay(), LinuxSettings.UNDERLAY, where);
        int bridge = s.bridge() == null ? 0 : VxlanLinks.indexOf(c, s.bridge(), LinuxSettings.BRIDGE, where);
        Announcer announcer = s.announce() == null ? null : announcerFor(s, session);
        Made made = s.adopt() ? new Made(adopt(c, s, where), true) : create(c, s, session.netns(), underlay, bridge);
        LinkMessage link = made.link();
        LinuxOverlayDevice d = new LinuxOverlayDevice(s, session, listener, onClose, link, !s.adopt(), announcer);
        session.attach(d);
        session.route(link.index(), d);
        try {
            if (made.existed()) {
                d.takeOverEntries();
                if (!s.adopt()) {
                    d.alignLink(link, bridge);
                }
            }
            if (s.appSolicit() > 0) {
                boolean silence = link.vxlan().proxy();
                session.inside(() -> NeighbourSysctls.apply(s.name(), s.appSolicit(), silence));
            }
            if (!link.isUp()) {
                VxlanLinks.up(c, link.index(), s.name());
            }
        } catch (Exception e) {
            if (made.existed()) {
                d.detach(); // it was there before: leave it, and its traffic, as it was
            } else {
                d.close();
            }
            if (e instanceof KernelException) {
                throw ((KernelException) e).toVarpd(s.name() + ": cannot set the vxlan up");
            }
            throw new VarpdException(Errno.EIO, s.name() + ": cannot set up the vxlan's neighbour sysctls: " + e, e);
        }
        HotPathWarmup.run(link.index(), d.entries, session.packets(), session.batches());
        d.warmQuestions();
        if (bridge != 0) {
            d.watchGuests(s, bridge);
        }
        int unchecked = d.leftoversToCheck();
        LOG.info(
                "{}: {} vxlan {} (ifindex {}, vni {}, port {}) in {}{}",
                s.name(),
                s.adopt() ? "adopted" : made.existed() ? "took over" : "created",
                s.name(),
                link.index(),
                s.vni(),
                link.vxlan().port(),
                where,
                unchecked == 0 ? "" : "; checking its " + unchecked + " entries once associated");
        return d;
    }

    /** How many entries found on a taken-over vxlan wait for the association to be checked; 0 when none. */
    private int leftoversToCheck() {
        synchronized (lock) {
            return leftovers == null ? 0 : leftovers.size();
        }
    }

    /** Announcements into the bridge {@code s.announce()} names; EINVAL when there is no such device. */
    private static Announcer announcerFor(LinuxSettings s, NamespaceSession session) throws VarpdException {
        int index = VxlanLinks.indexOf(session.requests(), s.announce(), LinuxSettings.ANNOUNCE, session.where());
        PacketSender packets = session.packets();
        if (packets == null) {
            throw new VarpdException(
                    Errno.ENOTSUP,
                    s.name() + ": " + LinuxSettings.ANNOUNCE
                            + " needs a packet socket, which could not be opened (CAP_NET_RAW?)");
        }
        return new Announcer(packets, index);
    }

    /** The vxlan opened, and whether it was there before (adopted, or left by an earlier run). */
    private record Made(LinkMessage link, boolean existed) {}

    /**
     * A listen address that is not one of the namespace's own is refused: the kernel would accept it, and the vxlan
     * would then never receive anything. The address cache is refreshed once before refusing, in case the address was
     * added a moment ago.
     */
    private static void checkListenAddress(LinuxSettings s, NamespaceSession session) throws VarpdException {
        InetAddress ip = s.local();
        if (ip == null || ip.isAnyLocalAddress() || session.isLocal(ip)) {
            return;
        }
        session.refreshAddresses();
        if (!session.isLocal(ip)) {
            throw new VarpdException(
                    Errno.EINVAL,
                    s.name() + ": vxlan/listen_ip " + IpAddresses.format(ip)
                            + " is not an address of " + session.where()
                            + "; allowed: one of its addresses (ip addr show), or"
                            + " unset to let the kernel choose");
        }
    }

    private static Made create(
            io.varpd.overlay.linux.internal.socket.RequestChannel c,
            LinuxSettings s,
            String netns,
            int underlay,
            int bridge)
            throws VarpdException {
        try {
            return new Made(
                    VxlanLinks.create(
                            c,
                            new io.varpd.overlay.linux.internal.netlink.VxlanSpec(
                                    s.name(),
                                    s.vni(),
                                    s.local(),
                                    s.port(),
                                    underlay,
                                    s.mtu(),
                                    bridge,
                                    StableMac.of(netns, s.name(), s.vni(), s.local()))),
                    false);
        } catch (KernelException e) {
            if (e.errno() == io.varpd.overlay.linux.internal.socket.LinuxErrno.EEXIST) {
                Optional<LinkMessage> left = leftByAnEarlierRun(c, s);
                if (left.isPresent()) {
                    return new Made(left.get(), true);
                }
            }
            String hint = e.errno() == io.varpd.overlay.linux.internal.socket.LinuxErrno.EEXIST
                    ? "; the name or the VNI is taken (set " + LinuxSettings.ADOPT + "=true to use an existing vxlan)"
                    : "";
            throw e.toVarpd(s.name() + ": cannot create the vxlan" + hint);
        }
    }

    /**
     * A vxlan of this name and VNI with varpd's miss flags ({@code proxy l2miss l3miss}) is one an earlier run created
     * and left (a stop, a bundle update, a crash): taking it over, as ours to delete, lets the restored instance come
     * back instead of failing with EEXIST. Its entries stay and are checked again once the instance is associated
     * ({@link LeftoverReconciler}).
     */
    private static Optional<LinkMessage> leftByAnEarlierRun(
            io.varpd.overlay.linux.internal.socket.RequestChannel c, LinuxSettings s) {
        try {
            Optional<LinkMessage> l = VxlanLinks.find(c, s.name());
            if (l.isPresent()
                    && VxlanLinks.carriesVarpdSignature(l.get())
                    && l.get().vxlan().vni() == s.vni()) {
                LOG.info("{}: taking over the vxlan (vni {}) left by an earlier run", s.name(), s.vni());
                return l;
            }
        } catch (KernelException e) {
            LOG.info("{}: cannot read the existing device: {}", s.name(), e.getMessage());
        }
        return Optional.empty();
    }

    /**
     * Takes the permanent FDB entries and neighbours a vxlan already holds as this device's own, leaving them in the
     * kernel so the traffic using them goes on; they are checked against the plugin once the instance is associated. A
     * vxlan whose entries cannot be read keeps them unchecked (and not ours), as a crash would have left them.
     */
    private void takeOverEntries() {
        try {
            List<FdbEntry> fdb = new ArrayList<>();
            for (FdbEntry e : entries.dumpFdb()) {
                if (e.permanent()) {
                    fdb.add(e);
                }
            }
            Map<InetAddress, MacAddress> neighbours = entries.dumpPermanentNeighbours();
            entries.own(fdb, neighbours);
            synchronized (lock) {
                leftovers = fdb.isEmpty() && neighbours.isEmpty()
                        ? null
                        : new LeftoverReconciler(this, listener, fdb, neighbours);
            }
        } catch (KernelException e) {
            LOG.warn(
                    "{}: cannot read the entries of the vxlan taken over; they stay unchecked: {}",
                    linkName(),
                    e.getMessage());
        }
    }

    /**
     * Brings a vxlan left by an earlier run in line with the settings that can change on a live device (MTU, bridge):
     * they may have been edited while varpd was down.
     */
    private void alignLink(LinkMessage link, int bridge) throws KernelException {
        LinuxSettings s = settings;
        if (s.mtu() > 0 && link.mtu() != s.mtu()) {
            session.requests()
                    .ack(
                            io.varpd.overlay.linux.internal.netlink.LinkRequests.setMtu(link.index(), s.mtu()),
                            () -> "ip link set " + s.name() + " mtu " + s.mtu());
        }
        if (bridge != 0 && link.master() != bridge) {
            session.requests()
                    .ack(
                            io.varpd.overlay.linux.internal.netlink.LinkRequests.setMaster(link.index(), bridge),
                            () -> "ip link set " + s.name() + " master " + s.bridge());
        }
    }

    private static LinkMessage adopt(
            io.varpd.overlay.linux.internal.socket.RequestChannel c, LinuxSettings s, String where)
            throws VarpdException {
        LinkMessage l;
        try {
            l = VxlanLinks.find(c, s.name())
                    .orElseThrow(() -> new VarpdException(
                            Errno.ENOENT,
                            s.name() + ": " + LinuxSettings.ADOPT + " is true but there is no device " + s.name()
                                    + " in " + where));
        } catch (KernelException e) {
            throw e.toVarpd(s.name() + ": cannot read the device to adopt");
        }
        if (l.vxlan() == null) {
            throw new VarpdException(
                    Errno.EINVAL, s.name() + ": cannot adopt a '" + l.kind() + "' device; allowed: vxlan");
        }
        if (l.vxlan().vni() != s.vni()) {
            throw new VarpdException(
                    Errno.EINVAL,
                    s.name() + ": the existing vxlan has VNI " + l.vxlan().vni() + ", the instance wants vnetid "
                            + s.vni());
        }
        if (!l.vxlan().l2miss() || !l.vxlan().l3miss() || !l.vxlan().proxy()) {
            LOG.warn(
                    "{}: adopted vxlan lacks {}{}{}; the kernel will not report every miss (flags cannot be changed on a"
                            + " live vxlan)",
                    s.name(),
                    l.vxlan().proxy() ? "" : "proxy ",
                    l.vxlan().l2miss() ? "" : "l2miss ",
                    l.vxlan().l3miss() ? "" : "l3miss");
        }
        if (l.vxlan().port() != s.port()) {
            LOG.warn(
                    "{}: adopted vxlan uses port {}, the instance says {}; entries follow the device",
                    s.name(),
                    l.vxlan().port(),
                    s.port());
        }
        return l;
    }

    // ---- identity ----

    @Override
    public String linkName() {
        return settings.name();
    }

    @Override
    public long vnetid() {
        return settings.vni();
    }

    @Override
    public Set<DestinationType> destination() {
        return DESTINATION;
    }

    String netns() {
        return settings.netns();
    }

    /** The vxlan's ifindex, 0 while its link is gone. */
    public int ifindex() {
        return ifindex;
    }

    /** The live counters (tests and the benchmark read single fields). */
    public LinuxDeviceCounters linuxCounters() {
        return counters;
    }

    @Override
    public Map<String, Long> counters() {
        return counters.asMap();
    }

    /** Times the namespace's monitor socket overflowed (ENOBUFS) since it was opened. */
    public long notificationsLost() {
        return session.notificationsLost.get();
    }

    /** Malformed netlink messages the namespace's monitor skipped. */
    public long malformedMessages() {
        return session.malformedMessages();
    }

    /**
     * The vxlan's local address and UDP port, where the other hosts send this host's guests' frames; empty when the
     * vxlan has no fixed local address (the kernel picks one per packet).
     */
    @Override
    public Optional<TargetPoint> localPoint() {
        InetAddress l = local;
        if (l == null || l.isAnyLocalAddress()) {
            return Optional.empty();
        }
        return Optional.of(TargetPoint.of(l, entries.devicePort()));
    }

    // ---- guests behind the bridge ----

    /**
     * Starts watching the guests behind bridge {@code bridge} (ifindex): they are reported to the listener while an
     * instance is associated. A watch that cannot start is logged and the device works without it (nothing is
     * published).
     */
    private void watchGuests(LinuxSettings s, int bridge) {
        synchronized (lock) {
            try {
                GuestWatch g =
                        GuestWatch.open(session, s.name(), s.bridge(), bridge, () -> ifindex, new GuestReports());
                if (association != null) {
                    g.reporting(true);
                }
                guests = g;
            } catch (Exception e) {
                LOG.warn(
                        "{}: cannot watch the guests behind bridge {}; they are not published: {}",
                        s.name(),
                        s.bridge(),
                        e.getMessage());
            }
        }
    }

    private void unwatchGuests() {
        synchronized (lock) {
            GuestWatch g = guests;
            guests = null;
            if (g != null) {
                g.close();
            }
        }
    }

    /** The guests behind the bridge as the watch sees them now; empty without one (tests). */
    Map<MacAddress, Set<InetAddress>> localGuests() {
        GuestWatch g = guests;
        return g == null ? Map.of() : g.guests().present();
    }

    /** Passes the watch's decisions to core; an exception there fails only that report. */
    private final class GuestReports implements LocalGuests.Reports {
        @Override
        public void arrived(MacAddress mac, Set<InetAddress> addresses) {
            try {
                listener.guestArrived(mac, addresses);
            } catch (RuntimeException e) {
                LOG.warn("{}: reporting guest {} failed", linkName(), mac, e);
            }
        }

        @Override
        public void left(MacAddress mac) {
            try {
                listener.guestLeft(mac);
            } catch (RuntimeException e) {
                LOG.warn("{}: reporting that guest {} left failed", linkName(), mac, e);
            }
        }
    }

    // ---- misses: the monitor thread ----

    /**
     * A miss for this device's ifindex, on the monitor's reading thread: filters and de-duplicates without blocking,
     * and returns the report to run (on the reading thread once it has passed the socket on, or on the dispatcher), or
     * null when the miss is not reported.
     */
    NotificationMonitor.Work miss(NeighbourMiss m) {
        return m.kind() == NeighbourMiss.Kind.L2_MISS ? l2Miss(m.mac().toLong()) : addressMiss(m.kind(), m.address());
    }

    /**
     * As {@link #miss}, for an L2 miss of the MAC {@code bits}: a multicast or all-zeros MAC is ignored before any
     * object is made for it.
     */
    NotificationMonitor.Work l2Miss(long bits) {
        counters.missesReceived.incrementAndGet();
        if (association == null || closed || (bits & MULTICAST_BIT) != 0 || bits == 0) {
            counters.missesIgnored.incrementAndGet();
            return null;
        }
        MacAddress mac = MacAddress.of(bits);
        if (!tracker.begin(mac)) {
            counters.missesSuppressed.incrementAndGet();
            return null;
        }
        return new MissReport(this, NeighbourMiss.Kind.L2_MISS, mac, null, mac);
    }

    /** The group bit of a MAC's first octet, in its 48 bits. */
    private static final long MULTICAST_BIT = 1L << 40;

    /** As {@link #miss}, for an L3 miss or app probe of {@code address}. */
    NotificationMonitor.Work addressMiss(NeighbourMiss.Kind kind, InetAddress address) {
        counters.missesReceived.incrementAndGet();
        if (association == null || closed || notAskable(address)) {
            counters.missesIgnored.incrementAndGet();
            return null;
        }
        if (!tracker.begin(address)) {
            counters.missesSuppressed.incrementAndGet();
            return null;
        }
        return new MissReport(this, kind, null, address, address);
    }

    /**
     * A miss worth reporting. Run alone it reports itself; the session reports the L2 misses of one burst for one
     * device together ({@link #reportAll}).
     */
    static final class MissReport implements NotificationMonitor.Work {
        final LinuxOverlayDevice device;
        final NeighbourMiss.Kind kind;
        /** The wanted MAC of an L2 miss, else null. */
        final MacAddress mac;
        /** The wanted address of an L3 miss or app probe, else null. */
        final InetAddress address;

        final Object key;

        MissReport(
                LinuxOverlayDevice device, NeighbourMiss.Kind kind, MacAddress mac, InetAddress address, Object key) {
            this.device = device;
            this.kind = kind;
            this.mac = mac;
            this.address = address;
            this.key = key;
        }

        boolean isL2() {
            return kind == NeighbourMiss.Kind.L2_MISS;
        }

        @Override
        public void run() {
            device.report(this);
        }

        @Override
        public void rejected() {
            device.tracker.abandoned(key);
            device.counters.queueOverflows.incrementAndGet();
        }
    }

    /**
     * Loads and runs once, without effect, what the first miss of a cold JVM would otherwise load on its way to the
     * guest: the report, the questions core gets and their answer paths, and the session's install batch (its
     * thread-local's initializer). Nothing reaches the listener or the kernel: the questions answer throw-away
     * consumers, the report is never run.
     */
    private void warmQuestions() {
        InetAddress ip = InetAddress.getLoopbackAddress();
        MacAddress mac = HotPathWarmup.ABSENT;
        new MissReport(this, NeighbourMiss.Kind.L3_MISS, null, ip, ip).isL2();
        new AddressMiss(this, ip);
        AddressQuestion q = new AddressQuestion(ip, linkName(), (m, t) -> {}, reason -> {});
        q.resolved(mac, TargetPoint.of(ip, 0));
        q.unresolved("warm-up");
        MacQuestion l2 = new MacQuestion(this, mac, "warm-up", NO_FRAME, (m, t) -> {});
        l2.respond(null);
        l2.isAnswered();
        session.installBatch();
    }

    /** Never a neighbour to look up, or the namespace's own address. */
    private boolean notAskable(InetAddress a) {
        return neverANeighbour(a) || session.isLocal(a);
    }

    /**
     * Link-local (IPv6 DAD noise), multicast, unspecified, loopback, and IPv4-mapped IPv6 (a guest's NS for
     * {@code ::ffff:a.b.c.d}: such addresses never appear on an IPv6 link, and answering would bind the IPv4 owner's
     * MAC to an IPv6 neighbour).
     */
    static boolean neverANeighbour(InetAddress a) {
        return a.isLinkLocalAddress()
                || a.isMulticastAddress()
                || a.isAnyLocalAddress()
                || a.isLoopbackAddress()
                || InetBytes.isIpv4Mapped(a);
    }

    // ---- misses: a reading thread or the dispatcher ----

    private void report(MissReport m) {
        Object key = m.key;
        if (m.isL2()) {
            MacQuestion q = question(m.mac);
            if (q != null) {
                try {
                    listener.lookup(q);
                } catch (RuntimeException e) {
                    LOG.warn("{}: the listener failed on {}", linkName(), q, e);
                    tracker.failed(key);
                }
            }
            return;
        }
        if (closed) {
            tracker.abandoned(key);
            return;
        }
        counters.missesReported.incrementAndGet();
        AddressMiss answers = new AddressMiss(this, m.address);
        try {
            listener.resolve(new AddressQuestion(m.address, answers, answers, answers));
        } catch (RuntimeException e) {
            LOG.warn("{}: the listener failed on {} {}", linkName(), m.kind, key, e);
            tracker.failed(key);
        }
    }

    /**
     * Where the answers to an address miss go, and its description for logs, written only when asked for. A class
     * rather than lambdas and a string: the first miss of a cold JVM would otherwise link a lambda and a string
     * concatenation on its way to the guest (milliseconds).
     */
    private static final class AddressMiss implements BiConsumer<MacAddress, TargetPoint>, Consumer<String> {
        private final LinuxOverlayDevice device;
        private final InetAddress ip;

        AddressMiss(LinuxOverlayDevice device, InetAddress ip) {
            this.device = device;
            this.ip = ip;
        }

        @Override
        public void accept(MacAddress mac, TargetPoint target) {
            device.addressResolved(ip, mac, target);
        }

        @Override
        public void accept(String reason) {
            device.addressUnresolved(ip, reason);
        }

        @Override
        public String toString() {
            return device.linkName() + " address miss " + IpAddresses.format(ip);
        }
    }

    /** The question core gets for an L2 miss of {@code mac}; null (and forgotten) once the device closed. */
    MacQuestion question(MacAddress mac) {
        if (closed) {
            tracker.abandoned(mac);
            return null;
        }
        counters.missesReported.incrementAndGet();
        return new MacQuestion(this, mac, "L2 miss", NO_FRAME, l2Answer);
    }

    /**
     * Reports the L2 misses of one burst together ({@link DeviceListener#lookupAll}), so core and the plugin take them
     * as one batch; their answers join the thread's {@link InstallBatch}.
     */
    void reportAll(List<MacQuestion> questions) {
        try {
            listener.lookupAll(questions);
        } catch (RuntimeException e) {
            LOG.warn("{}: the listener failed on a burst of {} L2 misses", linkName(), questions.size(), e);
            for (MacQuestion q : questions) {
                if (!q.isAnswered()) {
                    tracker.failed(q.request().destination());
                }
            }
        }
    }

    // ---- answers: any thread ----

    /** The plugin's answer to an L2 miss: where the MAC goes, or null for a drop. */
    private void l2Answered(MacAddress mac, TargetPoint target) {
        if (target == null) {
            tracker.failed(mac);
            return;
        }
        if (closed) {
            return;
        }
        InetAddress ip = target.ip().orElse(null);
        if (ip == null || !sameFamily(underlayFamily, ip)) {
            // The kernel would refuse the other family (EAFNOSUPPORT): say why here, without asking it.
            LOG.warn(
                    "{}: answer for {} has no IP of the underlay's family ({}); nothing installed",
                    linkName(),
                    mac,
                    target);
            counters.installFailures.incrementAndGet();
            tracker.failed(mac);
            return;
        }
        entries.packFdb(session.installBatch(), this, mac, ip, target.port());
    }

    private void addressResolved(InetAddress ip, MacAddress mac, TargetPoint target) {
        if (closed) {
            return;
        }
        InetAddress underlay = target.ip().orElse(null);
        if (underlay == null
                || !sameFamily(underlayFamily, underlay)
                || mac.isMulticast()
                || mac.equals(MacAddress.ZERO)) {
            LOG.warn(
                    "{}: {} resolved to {} {}, which cannot be installed",
                    linkName(),
                    IpAddresses.format(ip),
                    mac,
                    target);
            counters.installFailures.incrementAndGet();
            tracker.failed(ip);
            return;
        }
        if (underlay.equals(local) || session.isLocal(underlay)) {
            // The owner is behind this very host (a gratuitous ARP, a local guest): the bridge delivers it.
            LOG.debug(
                    "{}: {} is local ({} at {}); nothing to install", linkName(), IpAddresses.format(ip), mac, target);
            tracker.failed(ip);
            return;
        }
        // FDB entry first: the neighbour flushes the packets queued on it into the FDB.
        Announcer bridge = announcer;
        entries.packAddress(session.installBatch(), this, ip, mac, target, bridge == null ? -1 : bridge.bridgeIndex());
    }

    /**
     * The kernel's verdict on one install packed by {@link InstallBatch} ({@code failure} null: done), in packing
     * order. {@code fdbFailed}: the neighbour went in but its FDB entry did not.
     */
    void installed(int kind, MacAddress mac, InetAddress ip, KernelException failure, boolean fdbFailed) {
        if (kind == InstallBatch.ADDRESS_NEIGHBOUR) {
            neighbourInstalled(ip, mac, failure, fdbFailed);
            return;
        }
        if (kind == InstallBatch.BRIDGE_NEIGHBOUR) {
            bridgeNeighbourCompleted(ip, failure);
            return;
        }
        if (failure != null) {
            counters.installFailures.incrementAndGet();
            tracker.failed(kind == InstallBatch.FDB ? mac : ip);
            LOG.warn("{}: bridge fdb replace {} dev {} self: {}", linkName(), mac, linkName(), failure.getMessage());
            return;
        }
        entries.installedFdb(mac);
        counters.entriesInstalled.incrementAndGet();
        tracker.succeeded(mac);
        if (kind == InstallBatch.FDB) {
            observed(mac);
        }
    }

    private void neighbourInstalled(InetAddress ip, MacAddress mac, KernelException failure, boolean fdbFailed) {
        if (fdbFailed) {
            // It would send the address's packets to a MAC the vxlan cannot reach; the miss comes again.
            try {
                entries.deleteNeighbourIfPresent(ip);
            } catch (KernelException e) {
                LOG.warn("{}: {}", linkName(), e.getMessage());
            }
            return;
        }
        if (failure != null) {
            counters.installFailures.incrementAndGet();
            tracker.failed(ip);
            LOG.warn(
                    "{}: ip neigh replace {} lladdr {} dev {}: {}",
                    linkName(),
                    IpAddresses.format(ip),
                    mac,
                    linkName(),
                    failure.getMessage());
            return;
        }
        entries.installedNeighbour(ip, mac);
        counters.entriesInstalled.incrementAndGet();
        tracker.succeeded(ip);
        Announcer bridge = announcer;
        if (bridge != null) {
            try {
                bridge.announce(ip, mac);
                counters.announcements.incrementAndGet();
            } catch (KernelException e) {
                LOG.debug("{}: announcing {} failed: {}", linkName(), IpAddresses.format(ip), e.getMessage());
            }
        }
        observed(ip);
    }

    /**
     * The announcement sent into the bridge goes out of its ports but never up into the bridge's own stack, so a host
     * whose overlay address sits on that bridge would wait for its ARP/NS retransmit (1 s). So the answer's datagram
     * also completes the bridge's neighbour for the address, if it has one (the host is resolving it): REACHABLE at the
     * answer's MAC, which sends what was queued on it and leaves it to the kernel from then on (ageing, unicast probes
     * through the vxlan's proxy). ENOENT only says the host was not resolving it.
     */
    private void bridgeNeighbourCompleted(InetAddress ip, KernelException failure) {
        if (failure == null) {
            counters.announcements.incrementAndGet();
        } else if (failure.errno() != LinuxErrno.ENOENT) {
            LOG.debug(
                    "{}: completing {} on the bridge failed: {}",
                    linkName(),
                    IpAddresses.format(ip),
                    failure.getMessage());
        }
    }

    /** Told about each miss answer the kernel accepted (benchmarks time misses with it); null for none. */
    interface InstallObserver {
        void installed(Object key);
    }

    private volatile InstallObserver installObserver;

    void observeInstalls(InstallObserver o) {
        installObserver = o;
    }

    private void observed(Object key) {
        InstallObserver o = installObserver;
        if (o != null) {
            o.installed(key);
        }
    }

    private void addressUnresolved(InetAddress ip, String reason) {
        tracker.failed(ip);
        LOG.debug("{}: {} unresolved: {}", linkName(), IpAddresses.format(ip), reason);
    }

    // ---- association ----

    @Override
    public void associate(long instanceId, PluginMode mode, TargetPoint point) throws VarpdException {
        synchronized (lock) {
            if (closed) {
                throw new VarpdException(Errno.ENXIO, linkName() + ": the device is closed");
            }
            if (association != null) {
                throw new VarpdException(
                        Errno.EEXIST, linkName() + ": already associated with instance " + association.instanceId());
            }
            if (mode == PluginMode.POINT) {
                if (point == null || point.ip().isEmpty() || point.ip().get().isAnyLocalAddress()) {
                    throw new VarpdException(
                            Errno.EINVAL, linkName() + ": a POINT association needs a destination IP, not " + point);
                }
                checkFamily(point.ip().get());
                try {
                    entries.setDefault(point);
                } catch (KernelException e) {
                    throw e.toVarpd(linkName() + ": cannot send every frame to " + point);
                }
            }
            association = new Association(instanceId, mode, mode == PluginMode.POINT ? point : null);
            tracker.clear();
            GuestWatch g = guests;
            if (g != null) {
                g.reporting(true); // core can publish them only now
            }
            if (leftovers != null) {
                // Only now can the listener answer for the instance (before, it drops every question).
                Thread t = new Thread(leftovers, "varpd-linux-reconcile-" + linkName());
                t.setDaemon(true);
                leftovers = null;
                t.start();
            }
        }
    }

    // ---- entries found on a taken-over vxlan: LeftoverReconciler's answers, any thread ----

    boolean isClosed() {
        return closed;
    }

    /**
     * The plugin's answer about an FDB entry found on the vxlan: the same destination keeps it, another replaces it,
     * none (drop, failure) removes it with the neighbours that point at it.
     */
    void reconciledFdb(FdbEntry was, TargetPoint now) {
        if (closed) {
            return;
        }
        MacAddress mac = was.mac();
        try {
            if (now == null
                    || now.ip().isEmpty()
                    || !sameFamily(underlayFamily, now.ip().get())) {
                entries.deleteNeighboursOf(mac).forEach(tracker::forget);
                entries.deleteFdbIfPresent(mac);
                tracker.forget(mac);
                counters.reconcileRemoved.incrementAndGet();
            } else if (!was.drops()
                    && was.destination().equals(now.ip().get())
                    && was.port() == (now.port() == 0 ? entries.devicePort() : now.port())) {
                counters.reconcileKept.incrementAndGet();
            } else {
                entries.installFdb(mac, now);
                counters.entriesInstalled.incrementAndGet();
                counters.reconcileReplaced.incrementAndGet();
            }
        } catch (KernelException e) {
            counters.installFailures.incrementAndGet();
            LOG.warn("{}: checking the entry for {}: {}", linkName(), mac, e.getMessage());
        }
    }

    /**
     * The plugin's answer about a neighbour found on the vxlan: the same MAC keeps it, another MAC replaces it (that
     * MAC's FDB entry first, as for any answer), no answer or an owner behind this host removes it.
     */
    void reconciledNeighbour(InetAddress ip, MacAddress was, MacAddress mac, TargetPoint target) {
        if (closed) {
            return;
        }
        InetAddress underlay = target == null ? null : target.ip().orElse(null);
        try {
            if (mac == null
                    || underlay == null
                    || !sameFamily(underlayFamily, underlay)
                    || mac.isMulticast()
                    || mac.equals(MacAddress.ZERO)
                    || underlay.equals(local)
                    || session.isLocal(underlay)) {
                entries.deleteNeighbourIfPresent(ip);
                tracker.forget(ip);
                counters.reconcileRemoved.incrementAndGet();
                return;
            }
            if (!entries.hasFdb(mac)) {
                entries.installFdb(mac, target);
                counters.entriesInstalled.incrementAndGet();
            }
            if (mac.equals(was)) {
                counters.reconcileKept.incrementAndGet();
            } else {
                entries.installNeighbour(ip, mac);
                counters.entriesInstalled.incrementAndGet();
                counters.reconcileReplaced.incrementAndGet();
            }
        } catch (KernelException e) {
            counters.installFailures.incrementAndGet();
            LOG.warn("{}: checking the neighbour {}: {}", linkName(), IpAddresses.format(ip), e.getMessage());
        }
    }

    @Override
    public void disassociate() {
        synchronized (lock) {
            Association a = association;
            association = null;
            tracker.clear();
            GuestWatch g = guests;
            if (g != null) {
                g.reporting(false);
            }
            if (a != null && a.isPoint() && !closed) {
                try {
                    entries.clearDefault();
                } catch (KernelException e) {
                    LOG.warn("{}: could not remove the default entry: {}", linkName(), e.getMessage());
                }
            }
        }
    }

    private void checkFamily(InetAddress target) throws VarpdException {
        InetAddress u = underlayFamily;
        if (!sameFamily(u, target)) {
            throw new VarpdException(
                    Errno.EINVAL,
                    linkName() + ": destination " + IpAddresses.format(target)
                            + " is not of the underlay's family (IPv" + (u instanceof Inet4Address ? "4" : "6") + ", "
                            + IpAddresses.format(u) + "); allowed: IPv" + (u instanceof Inet4Address ? "4" : "6")
                            + " destinations");
        }
    }

    /** True when {@code family} is unknown (null) or {@code target} is of its family. */
    private static boolean sameFamily(InetAddress family, InetAddress target) {
        return family == null || (family instanceof Inet4Address) == (target instanceof Inet4Address);
    }

    // ---- frames ----

    /**
     * Delivers a frame to the vxlan's local receivers. Behind a bridge ({@code linux/announce}) the guests get it
     * through the bridge. The host itself is a receiver too, but its view of the overlay is the neighbour table varpd
     * fills, which no frame reaches: so an announcement (a gratuitous ARP, or a neighbour advertisement with Override,
     * see {@link AddressAnnouncement}) for an address that has a neighbour varpd installed at another MAC replaces that
     * neighbour, FDB first as always: if varpd has no FDB entry for the new MAC the neighbour is deleted instead and
     * the next packet asks. Without a bridge an announcement is done once the table is updated; any other frame is
     * ENOTSUP.
     */
    @Override
    public void inject(byte[] frame) throws VarpdException {
        checkFrame(frame);
        Optional<AddressAnnouncement> claim = AddressAnnouncement.parse(frame);
        VarpdException notFollowed = null;
        if (claim.isPresent()) {
            try {
                follow(claim.get());
            } catch (VarpdException e) {
                notFollowed = e; // the guests behind the bridge still get the frame
            }
        }
        if (announcer == null && claim.isEmpty()) {
            throw new VarpdException(
                    Errno.ENOTSUP,
                    linkName() + ": no path up to the vxlan's receivers; set " + LinuxSettings.ANNOUNCE
                            + " to the bridge to deliver into");
        }
        if (announcer != null) {
            try {
                announcer.deliver(frame);
            } catch (KernelException e) {
                throw e.toVarpd(linkName() + ": cannot inject");
            }
        }
        if (notFollowed != null) {
            throw notFollowed;
        }
    }

    /**
     * Points the neighbour of an announced address at its new MAC, if varpd installed one elsewhere, and lets the MAC
     * be asked about again at once.
     */
    private void follow(AddressAnnouncement a) throws VarpdException {
        // The plugin says where the MAC is now: a drop's quiet second on it is out of date.
        tracker.forget(a.mac());
        MacAddress before = entries.neighbourOf(a.address());
        if (before == null || before.equals(a.mac()) || closed || ifindex == 0) {
            return;
        }
        try {
            if (entries.hasFdb(a.mac())) {
                entries.installNeighbour(a.address(), a.mac());
                counters.entriesInstalled.incrementAndGet();
            } else {
                entries.deleteNeighbourIfPresent(a.address());
            }
            tracker.forget(a.address());
        } catch (KernelException e) {
            throw e.toVarpd(
                    linkName() + ": cannot move the neighbour " + IpAddresses.format(a.address()) + " to " + a.mac());
        }
    }

    /** Sends {@code frame} out through the vxlan: a fresh FDB lookup, as OVERLAY_TARG_RESEND. */
    void resend(byte[] frame) throws VarpdException {
        checkFrame(frame);
        PacketSender packets = session.packets();
        if (packets == null || ifindex == 0) {
            throw new VarpdException(Errno.ENOTSUP, linkName() + ": cannot resend (no packet socket or no link)");
        }
        try {
            packets.send(ifindex, frame);
        } catch (KernelException e) {
            throw e.toVarpd(linkName() + ": cannot resend");
        }
    }

    private void checkFrame(byte[] frame) throws VarpdException {
        if (frame == null || frame.length < MIN_FRAME || frame.length > DeviceLookup.MAX_FRAME) {
            throw new VarpdException(
                    Errno.EINVAL,
                    linkName() + ": a frame has " + MIN_FRAME + "-" + DeviceLookup.MAX_FRAME + " bytes, not "
                            + (frame == null ? "none" : frame.length));
        }
    }

    // ---- target cache: the vxlan's FDB ----

    private Association associated() throws VarpdException {
        Association a = association;
        if (a == null) {
            throw new VarpdException(Errno.ENXIO, linkName() + ": no instance is associated");
        }
        return a;
    }

    private void requireDynamic(String op) throws VarpdException {
        if (associated().isPoint()) {
            throw new VarpdException(Errno.ENOTSUP, linkName() + ": " + op + " is not supported on a POINT device");
        }
    }

    @Override
    public Optional<CacheEntry> cacheGet(MacAddress mac) throws VarpdException {
        Association a = associated();
        if (a.isPoint()) {
            return Optional.of(CacheEntry.to(mac, a.point()));
        }
        try {
            return entries.getFdb(mac).map(LinuxOverlayDevice::toCacheEntry);
        } catch (KernelException e) {
            throw e.toVarpd(linkName() + ": cannot read the FDB entry for " + mac);
        }
    }

    /** Whether {@link #cacheGet} asks the kernel for one entry (false: it fell back to dumps). */
    boolean readsSingleFdbEntries() {
        return entries.readsSingleEntries();
    }

    @Override
    public void cacheSet(CacheEntry entry) throws VarpdException {
        requireDynamic("cache set");
        MacAddress mac = entry.mac();
        if (mac.isMulticast() || mac.equals(MacAddress.ZERO)) {
            throw new VarpdException(
                    Errno.EINVAL,
                    linkName() + ": " + mac + " is not a unicast MAC; the vxlan FDB keys" + " unicast MACs");
        }
        try {
            if (entry.drop()) {
                InetAddress u = underlayFamily;
                entries.installDrop(mac, u != null ? u : InetAddress.getByAddress(new byte[4]));
            } else {
                if (entry.target().ip().isEmpty()) {
                    throw new VarpdException(
                            Errno.EINVAL, linkName() + ": destination " + entry.target() + " has no IP");
                }
                checkFamily(entry.target().ip().get());
                entries.installFdb(mac, entry.target());
            }
            counters.entriesInstalled.incrementAndGet();
            tracker.forget(mac);
        } catch (KernelException e) {
            throw e.toVarpd(linkName() + ": cannot set the entry for " + mac);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void cacheRemove(MacAddress mac) throws VarpdException {
        requireDynamic("cache remove");
        // A removal means "ask again", also for a MAC with nothing installed: its drop's quiet second ends.
        tracker.forget(mac);
        List<InetAddress> neighbours;
        try {
            // The neighbours first: with the FDB entry gone they would only blackhole their addresses.
            neighbours = entries.deleteNeighboursOf(mac);
            neighbours.forEach(tracker::forget);
        } catch (KernelException e) {
            throw e.toVarpd(linkName() + ": cannot remove the neighbours of " + mac);
        }
        try {
            entries.deleteFdb(mac);
            tracker.forget(mac);
        } catch (KernelException e) {
            if (e.errno() == io.varpd.overlay.linux.internal.socket.LinuxErrno.ENOENT) {
                if (!neighbours.isEmpty()) {
                    return;
                }
                throw new VarpdException(Errno.ENOENT, linkName() + ": no entry for " + mac, e);
            }
            throw e.toVarpd(linkName() + ": cannot remove the entry for " + mac);
        }
    }

    @Override
    public void cacheFlush() throws VarpdException {
        requireDynamic("cache flush");
        try {
            entries.deleteNeighbours();
            for (FdbEntry e : dump()) {
                entries.deleteFdbIfPresent(e.mac());
            }
        } catch (KernelException e) {
            throw e.toVarpd(linkName() + ": cannot flush");
        }
        tracker.clear();
    }

    @Override
    public List<CacheEntry> cacheEntries() throws VarpdException {
        Association a = associated();
        if (a.isPoint()) {
            return List.of(CacheEntry.to(MacAddress.ZERO, a.point()));
        }
        List<CacheEntry> out = new ArrayList<>();
        for (FdbEntry e : dump()) {
            if (e.permanent()) {
                out.add(toCacheEntry(e));
            }
        }
        return out;
    }

    private List<FdbEntry> dump() throws VarpdException {
        try {
            return entries.dumpFdb();
        } catch (KernelException e) {
            throw e.toVarpd(linkName() + ": cannot read the FDB");
        }
    }

    private static CacheEntry toCacheEntry(FdbEntry e) {
        return e.drops()
                ? CacheEntry.dropping(e.mac())
                : CacheEntry.to(e.mac(), TargetPoint.of(e.destination(), e.port()));
    }

    // ---- status ----

    @Override
    public void degrade(String message) {
        String m = message == null ? "" : message;
        degraded = m.length() > MAX_DEGRADED ? m.substring(0, MAX_DEGRADED) : m;
    }

    @Override
    public void restore() {
        degraded = null;
    }

    @Override
    public Optional<String> degradedMessage() {
        String d = degraded;
        return Optional.ofNullable(d != null ? d : linkProblem);
    }

    // ---- the kernel's side of the link ----

    /** The vxlan was deleted (not by us): no more misses until a vxlan of the same name and VNI returns. */
    void linkDeleted() {
        if (closed) {
            return;
        }
        ifindex = 0;
        linkProblem = "link " + linkName() + " was deleted outside varpd; no misses are seen until it is back";
        LOG.warn("{}: {}", linkName(), linkProblem);
    }

    /** A link named like this device appeared: take it if it is our vxlan again. */
    void linkAppeared(LinkMessage l) {
        if (closed || ifindex != 0 || l.vxlan() == null || l.vxlan().vni() != settings.vni()) {
            return;
        }
        ifindex = l.index();
        entries.devicePort(l.vxlan().port());
        underlayFamily = familyOf(l.vxlan(), settings);
        session.route(l.index(), this);
        linkProblem = null;
        LOG.info("{}: the vxlan is back as ifindex {}", linkName(), l.index());
    }

    /** The kernel removed an FDB entry (ageing, someone else): it is no longer ours to delete. */
    void fdbDeleted(MacAddress mac) {
        entries.forgetFdb(mac);
    }

    /** After lost notifications: find the link again and forget entries that are gone. Dispatcher only. */
    void resync() {
        if (closed) {
            return;
        }
        try {
            Optional<LinkMessage> l = VxlanLinks.find(session.requests(), linkName());
            if (l.isEmpty() || l.get().vxlan() == null || l.get().vxlan().vni() != settings.vni()) {
                if (ifindex != 0) {
                    session.unroute(ifindex, this);
                    linkDeleted();
                }
                return;
            }
            if (l.get().index() != ifindex) {
                session.unroute(ifindex, this);
                ifindex = 0;
                linkAppeared(l.get());
            }
            entries.reconcile(entries.dumpFdb());
        } catch (KernelException e) {
            LOG.warn("{}: resynchronisation failed: {}", linkName(), e.getMessage());
        }
    }

    // ---- detach, reconfigure, close ----

    /**
     * Lets go of the vxlan and leaves it as it is: the device, its MAC and addresses, its FDB and neighbour entries (a
     * POINT association's default entry too), so traffic keeps flowing while varpd stops or a bundle is updated. Misses
     * are no longer read; answers still on their way are ignored (for the kernel, a drop: the next packet asks again).
     * The next open of the same link and VNI takes the vxlan over and checks its entries again.
     */
    @Override
    public void detach() {
        if (stopListening() < 0) {
            return;
        }
        session.detach(this);
        LOG.info("{}: detached; the vxlan and its entries stay in place ({})", linkName(), counters);
        onClose.accept(this);
    }

    /**
     * Applies changed settings to the live vxlan where the kernel allows it: the MTU, the bridge it is a port of, the
     * bridge announcements go into, the app-probe count. Everything is checked before anything changes; a kernel
     * refusal part-way puts back what was already changed. A different namespace, underlay device, listen address or
     * port, or adopt flag, or an MTU set back to the kernel's choice, needs a new vxlan: false.
     */
    @Override
    public boolean reconfigure(io.varpd.api.device.DeviceSettings next) throws VarpdException {
        LinuxSettings n = LinuxSettings.of(next);
        synchronized (lock) {
            if (closed) {
                throw new VarpdException(Errno.ENXIO, linkName() + ": the device is closed");
            }
            LinuxSettings s = settings;
            String recreate = s.needsNewDevice(n);
            if (recreate != null) {
                LOG.info("{}: {}: the vxlan must be made again", linkName(), recreate);
                return false;
            }
            int index = ifindex;
            if (index == 0) {
                throw new VarpdException(
                        Errno.ENXIO, linkName() + ": the vxlan is gone; its settings cannot change now");
            }
            var c = session.requests();
            String where = session.where();
            boolean bridgeChanges = created && !java.util.Objects.equals(n.bridge(), s.bridge());
            int bridge = n.bridge() == null ? 0 : VxlanLinks.indexOf(c, n.bridge(), LinuxSettings.BRIDGE, where);
            Announcer nextAnnouncer = announcer;
            if (!java.util.Objects.equals(n.announce(), s.announce())) {
                nextAnnouncer = n.announce() == null ? null : announcerFor(n, session);
            }
            LinkMessage now;
            try {
                now = VxlanLinks.find(c, linkName())
                        .orElseThrow(() -> new VarpdException(
                                Errno.ENXIO, linkName() + ": the vxlan is gone; its settings cannot change now"));
            } catch (KernelException e) {
                throw e.toVarpd(linkName() + ": cannot read the vxlan");
            }
            List<Runnable> undo = new ArrayList<>();
            try {
                if (bridgeChanges && now.master() != bridge) {
                    int before = (int) now.master();
                    c.ack(
                            io.varpd.overlay.linux.internal.netlink.LinkRequests.setMaster(index, bridge),
                            () -> "ip link set " + n.name() + (bridge == 0 ? " nomaster" : " master " + n.bridge()));
                    undo.add(() -> quietly(() -> c.ack(
                            io.varpd.overlay.linux.internal.netlink.LinkRequests.setMaster(index, before),
                            "ip link set " + n.name() + " master (as before)")));
                }
                if (n.mtu() > 0 && n.mtu() != now.mtu()) {
                    int before = (int) now.mtu();
                    c.ack(
                            io.varpd.overlay.linux.internal.netlink.LinkRequests.setMtu(index, n.mtu()),
                            () -> "ip link set " + n.name() + " mtu " + n.mtu());
                    undo.add(() -> quietly(() -> c.ack(
                            io.varpd.overlay.linux.internal.netlink.LinkRequests.setMtu(index, before),
                            "ip link set " + n.name() + " mtu " + before)));
                }
                if (n.appSolicit() > 0 && n.appSolicit() != s.appSolicit()) {
                    boolean silence = now.vxlan() != null && now.vxlan().proxy();
                    session.inside(() -> NeighbourSysctls.apply(n.name(), n.appSolicit(), silence));
                }
            } catch (Exception e) {
                for (int i = undo.size() - 1; i >= 0; i--) {
                    undo.get(i).run();
                }
                if (e instanceof KernelException) {
                    throw ((KernelException) e).toVarpd(linkName() + ": cannot change the vxlan's settings");
                }
                throw new VarpdException(Errno.EIO, linkName() + ": cannot set the vxlan's neighbour sysctls: " + e, e);
            }
            announcer = nextAnnouncer;
            settings = n;
            if (!java.util.Objects.equals(n.bridge(), s.bridge())) {
                unwatchGuests();
                if (bridge != 0) {
                    watchGuests(n, bridge);
                }
            }
            LOG.info(
                    "{}: settings changed on the live vxlan (mtu {}, bridge {}, announce {}, app_solicit {})",
                    linkName(),
                    n.mtu() == 0 ? "kernel's" : n.mtu(),
                    n.bridge(),
                    n.announce(),
                    n.appSolicit());
            return true;
        }
    }

    private interface KernelCall {
        void run() throws KernelException;
    }

    private void quietly(KernelCall call) {
        try {
            call.run();
        } catch (KernelException e) {
            LOG.warn("{}: could not put a setting back: {}", linkName(), e.getMessage());
        }
    }

    @Override
    public void close() {
        int index = stopListening();
        if (index < 0) {
            return;
        }
        try {
            if (created && index != 0) {
                VxlanLinks.delete(session.requests(), index, linkName());
            } else if (index != 0) {
                entries.removeInstalled().forEach(f -> LOG.warn("{}: on close: {}", linkName(), f));
            }
        } catch (KernelException e) {
            LOG.warn("{}: on close: {}", linkName(), e.getMessage());
        }
        session.detach(this);
        LOG.info("{}: closed ({})", linkName(), counters);
        onClose.accept(this);
    }

    /**
     * The first half of both detach and close: marks the device closed, stops the misses routed to it and forgets those
     * in flight. Returns the ifindex it let go of (0 when the vxlan is gone), or -1 when the device was already closed
     * and there is nothing more to do.
     */
    private int stopListening() {
        synchronized (lock) {
            if (closed) {
                return -1;
            }
            closed = true;
            association = null;
            leftovers = null;
            unwatchGuests();
        }
        int index = ifindex;
        session.unroute(index, this);
        tracker.clear();
        return index;
    }

    @Override
    public String toString() {
        return "linux device " + linkName() + " (vni " + vnetid() + ", ifindex " + ifindex + ", " + session.where()
                + ")";
    }
}
