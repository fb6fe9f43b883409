package io.varpd.overlay.linux.internal.device;

import io.varpd.api.Errno;
import io.varpd.api.VarpdException;
import io.varpd.api.device.DeviceListener;
import io.varpd.api.device.DeviceSettings;
import io.varpd.api.device.OverlayDeviceProvider;
import io.varpd.api.plugin.PropertyDescription;
import io.varpd.overlay.linux.internal.socket.KernelException;
import io.varpd.overlay.linux.internal.socket.LinuxErrno;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The {@code linux} overlay-device provider: each device is a kernel vxlan, created (or adopted)
 * in the daemon's namespace or a named one. Opening refuses a second device for a link name or a
 * VNI in the same namespace (EEXIST), as the kernel would. Namespaces are opened on first use and
 * closed with their last device.
 */
@Component(service = OverlayDeviceProvider.class, property = OverlayDeviceProvider.TYPE + "=" + LinuxDeviceProvider.TYPE)
public final class LinuxDeviceProvider implements OverlayDeviceProvider {
    /** The kind of device, as configurations name it. */
    public static final String TYPE = "linux";

    private final Object lock = new Object();
    /** Guarded by lock. Keyed by namespace name, "" for the daemon's own. */
    private final Map<String, NamespaceSession> sessions = new HashMap<>();
    /** Guarded by lock. Keyed by namespace key + "/" + link. */
    private final Map<String, LinuxOverlayDevice> open = new HashMap<>();

    @Activate
    public LinuxDeviceProvider() {
    }

    @Override
    public LinuxOverlayDevice open(DeviceSettings settings, DeviceListener listener) throws VarpdException {
        Objects.requireNonNull(listener, "listener");
        LinuxSettings s = LinuxSettings.of(settings);
        String ns = nsKey(s.netns());
        synchronized (lock) {
            String where = s.netns() == null ? "the daemon's namespace" : "namespace " + s.netns();
            if (open.containsKey(ns + "/" + s.name())) {
                throw new VarpdException(Errno.EEXIST, s.name() + ": a linux device of this name is already open in " + where);
            }
            for (LinuxOverlayDevice d : open.values()) {
                if (nsKey(d.netns()).equals(ns) && d.vnetid() == s.vni()) {
                    throw new VarpdException(Errno.EEXIST, s.name() + ": vnetid " + s.vni() + " is already served by "
                            + d.linkName() + " in " + where + "; a namespace has one vxlan per VNI");
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
                return d;
            } finally {
                if (session.isEmpty()) {
                    sessions.remove(ns);
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
                throw new VarpdException(Errno.EINVAL, s.name() + ": " + what + ": no such namespace (ip netns add "
                        + s.netns() + " makes one)", e);
            }
            throw e.toVarpd(s.name() + ": cannot open netlink sockets in " + what);
        } catch (VarpdException e) {
            throw e;
        } catch (Exception e) {
            throw new VarpdException(Errno.EIO, s.name() + ": cannot open netlink sockets in " + what + ": " + e, e);
        } catch (LinkageError e) {
            throw new VarpdException(Errno.ENOTSUP, s.name() + ": the native library (JNA, libc) is unavailable: " + e, e);
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
                done = session;
            }
        }
        if (done != null) {
            done.close();
        }
    }

    @Override
    public List<PropertyDescription> settings() {
        return LinuxSettings.DESCRIPTIONS;
    }

    /** Closes every device still open: what they created is removed. */
    @Deactivate
    public void deactivate() {
        List<LinuxOverlayDevice> all;
        synchronized (lock) {
            all = new ArrayList<>(open.values());
        }
        all.forEach(LinuxOverlayDevice::close);
    }

    private static String nsKey(String netns) {
        return netns == null ? "" : netns;
    }
}
