// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.device;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.varpd.api.Errno;
import io.varpd.api.VarpdException;
import io.varpd.api.device.DeviceListener;
import io.varpd.api.device.DeviceSettings;
import io.varpd.api.device.OverlayDeviceProvider;
import io.varpd.api.device.UnclaimedDevice;
import io.varpd.api.plugin.PropertyDescription;
import io.varpd.overlay.linux.internal.netlink.LinkMessage;
import io.varpd.overlay.linux.internal.socket.KernelException;
import io.varpd.overlay.linux.internal.socket.LinuxErrno;
import io.varpd.overlay.linux.internal.socket.NetworkNamespace;
import io.varpd.overlay.linux.internal.socket.RequestChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The {@code linux} overlay-device provider: each device is a kernel vxlan, created (or adopted) in the daemon's
 * namespace or a named one. Opening refuses a second device for a link name or a VNI in the same namespace (EEXIST), as
 * the kernel would. Namespaces are opened on first use and closed with their last device.
 */
@Component(
        service = OverlayDeviceProvider.class,
        property = OverlayDeviceProvider.TYPE + "=" + LinuxDeviceProvider.TYPE)
public final class LinuxDeviceProvider implements OverlayDeviceProvider {
    /** The kind of device, as configurations name it. */
    public static final String TYPE = "linux";

    private final Object lock = new Object();
    /** Keyed by namespace name, "" for the daemon's own. */
    @GuardedBy("lock")
    private final Map<String, NamespaceSession> sessions = new HashMap<>();
    /** Keyed by namespace key + "/" + link. */
    @GuardedBy("lock")
    private final Map<String, LinuxOverlayDevice> open = new HashMap<>();
    /** Every namespace a device was opened in during this run ("" always). */
    @GuardedBy("lock")
    private final Set<String> visited = new TreeSet<>(Set.of(""));
    /** What the sessions closed so far counted, so the totals only grow. */
    @GuardedBy("lock")
    private long retiredLost;

    @GuardedBy("lock")
    private long retiredResyncs;

    @GuardedBy("lock")
    private long retiredMalformed;

    @Activate
    public LinuxDeviceProvider() {}

    @Override
    public LinuxOverlayDevice open(DeviceSettings settings, DeviceListener listener) throws VarpdException {
        Objects.requireNonNull(listener, "listener");
        LinuxSettings s = LinuxSettings.of(settings);
        String ns = nsKey(s.netns());
        synchronized (lock) {
            String where = s.netns() == null ? "the daemon's namespace" : "namespace " + s.netns();
            if (open.containsKey(ns + "/" + s.name())) {
                throw new VarpdException(
                        Errno.EEXIST, s.name() + ": a linux device of this name is already open in " + where);
            }
            for (LinuxOverlayDevice d : open.values()) {
                if (nsKey(d.netns()).equals(ns) && d.vnetid() == s.vni()) {
                    throw new VarpdException(
                            Errno.EEXIST,
                            s.name() + ": vnetid " + s.vni() + " is already served by " + d.linkName() + " in " + where
                                    + "; a namespace has one vxlan per VNI");
                }
            }
            NamespaceSession session = sessions.get(ns);
            if (session == null) {
                session = openSession(s);
                sessions.put(ns, session);
            }
            try {
                LinuxOverlayDevice d = LinuxOverlayDevice.open(s, session, listener, this::closed);
                open.put(ns + "/" + s.name(), d);
                visited.add(ns);
                return d;
            } finally {
                if (session.isEmpty()) {
                    sessions.remove(ns);
                    retire(session);
                    session.close();
                }
            }
        }
    }

    private static NamespaceSession openSession(LinuxSettings s) throws VarpdException {
        String what = s.netns() == null ? "the daemon's namespace" : LinuxSettings.NETNS + " '" + s.netns() + "'";
        try {
            return NamespaceSession.open(s.netns());
        } catch (KernelException e) {
            if (e.errno() == LinuxErrno.ENOENT) {
                throw new VarpdException(
                        Errno.EINVAL,
                        s.name() + ": " + what + ": no such namespace (ip netns add " + s.netns() + " makes one)",
                        e);
            }
            throw e.toVarpd(s.name() + ": cannot open netlink sockets in " + what);
        } catch (VarpdException e) {
            throw e;
        } catch (Exception e) {
            throw new VarpdException(Errno.EIO, s.name() + ": cannot open netlink sockets in " + what + ": " + e, e);
        } catch (LinkageError e) {
            throw new VarpdException(
                    Errno.ENOTSUP, s.name() + ": the native library (JNA, libc) is unavailable: " + e, e);
        }
    }

    private void closed(LinuxOverlayDevice d) {
        NamespaceSession done = null;
        synchronized (lock) {
            String ns = nsKey(d.netns());
            open.remove(ns + "/" + d.linkName(), d);
            NamespaceSession session = sessions.get(ns);
            if (session != null && session.isEmpty()) {
                sessions.remove(ns);
                retire(session);
                done = session;
            }
        }
        if (done != null) {
            done.close();
        }
    }

    /** Keeps what a closing session counted. Called with lock held. */
    @GuardedBy("lock")
    private void retire(NamespaceSession s) {
        retiredLost += s.notificationsLost.get();
        retiredResyncs += s.resyncs.get();
        retiredMalformed += s.malformedMessages();
    }

    /**
     * Summed over every namespace session, open or closed since activation: {@code notifications_lost} (monitor
     * overflows, ENOBUFS: the kernel dropped notifications), {@code resyncs} (re-reads that followed) and
     * {@code malformed_messages} (netlink messages skipped because their lengths did not add up).
     */
    @Override
    public Map<String, Long> counters() {
        long lost;
        long resyncs;
        long malformed;
        synchronized (lock) {
            lost = retiredLost;
            resyncs = retiredResyncs;
            malformed = retiredMalformed;
            for (NamespaceSession s : sessions.values()) {
                lost += s.notificationsLost.get();
                resyncs += s.resyncs.get();
                malformed += s.malformedMessages();
            }
        }
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("notifications_lost", lost);
        m.put("resyncs", resyncs);
        m.put("malformed_messages", malformed);
        return Collections.unmodifiableMap(m);
    }

    /**
     * The vxlans with varpd's miss flags that no open device owns, in the daemon's namespace and in every namespace a
     * device was opened in during this run (varpd has no list of the others, and looking into foreign namespaces would
     * report other tools' devices). A namespace that is gone has nothing left to report.
     */
    @Override
    public List<UnclaimedDevice> unclaimedDevices() throws VarpdException {
        Map<String, NamespaceSession> live;
        List<String> where;
        synchronized (lock) {
            live = new HashMap<>(sessions);
            where = new ArrayList<>(visited);
        }
        List<UnclaimedDevice> out = new ArrayList<>();
        for (String ns : where) {
            NamespaceSession session = live.get(ns);
            List<LinkMessage> links;
            try {
                links = session != null ? linksOfOpen(session, ns) : linksOfClosed(ns);
            } catch (KernelException e) {
                if (!ns.isEmpty() && e.errno() == LinuxErrno.ENOENT) {
                    continue; // the namespace was deleted, and its devices with it
                }
                throw e.toVarpd("cannot list the links of " + describe(ns));
            } catch (Exception e) {
                throw new VarpdException(Errno.EIO, "cannot list the links of " + describe(ns) + ": " + e, e);
            }
            Set<String> owned = session != null ? session.openLinkNames() : Set.of();
            out.addAll(UnclaimedVxlans.among(links, owned, ns));
        }
        return out;
    }

    /** The links of a namespace through its session's socket, or a socket of their own if it just closed. */
    private static List<LinkMessage> linksOfOpen(NamespaceSession session, String ns) throws Exception {
        try {
            return VxlanLinks.all(session.requests());
        } catch (KernelException e) {
            if (e.errno() != LinuxErrno.EBADF) {
                throw e;
            }
            return linksOfClosed(ns);
        }
    }

    /** The links of a namespace without an open session, through a request socket opened for this. */
    private static List<LinkMessage> linksOfClosed(String ns) throws Exception {
        try (RequestChannel c = NetworkNamespace.call(ns.isEmpty() ? null : ns, RequestChannel::open)) {
            return VxlanLinks.all(c);
        }
    }

    private static String describe(String ns) {
        return ns.isEmpty() ? "the daemon's namespace" : "namespace " + ns;
    }

    @Override
    public List<PropertyDescription> settings() {
        return LinuxSettings.DESCRIPTIONS;
    }

    /**
     * Detaches every device still open: the provider is stopping (varpd stops, or this bundle is updated), not the
     * overlays, so their vxlans and entries stay for the next run to take over. Only a device's own close (its overlay
     * deleted) removes what it created.
     */
    @Deactivate
    public void deactivate() {
        List<LinuxOverlayDevice> all;
        synchronized (lock) {
            all = new ArrayList<>(open.values());
        }
        all.forEach(LinuxOverlayDevice::detach);
    }

    private static String nsKey(String netns) {
        return netns == null ? "" : netns;
    }
}
