// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.memory.internal;

import io.varpd.api.Errno;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import io.varpd.api.admin.OverlayConfig;
import io.varpd.api.device.DeviceListener;
import io.varpd.api.device.DeviceSettings;
import io.varpd.api.device.OverlayDeviceProvider;
import io.varpd.api.plugin.PropertyDescription;
import io.varpd.api.plugin.PropertyType;
import io.varpd.overlay.memory.MemoryDevice;
import io.varpd.overlay.memory.MemoryOverlayNetwork;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code memory} overlay-device provider, and the simulated underlay between its devices.
 *
 * <p>Opening checks what the kernel checks when an overlay is created: a link name is open once, a vnetid has one
 * device per host (the {@value #HOST} setting; the kernel's (vnetid, encap) pair on one machine), the vnetid fits
 * VXLAN's 24 bits. On the underlay, a device receives the frames sent to its listen IP and port with its vnetid; two
 * devices may therefore not receive the same vnetid on the same address. Closing a device, or stopping this component,
 * removes it.
 */
@Component(
        service = {OverlayDeviceProvider.class, MemoryOverlayNetwork.class},
        property = OverlayDeviceProvider.TYPE + "=" + MemoryDeviceProvider.TYPE)
public final class MemoryDeviceProvider implements OverlayDeviceProvider, MemoryOverlayNetwork {
    /** The kind of device, as configurations name it. */
    public static final String TYPE = "memory";
    /** Setting: the simulated machine the device lives on. */
    public static final String HOST = "memory/host";

    public static final String DEFAULT_HOST = "local";

    private static final Logger LOG = LoggerFactory.getLogger(MemoryDeviceProvider.class);
    private static final List<PropertyDescription> SETTINGS =
            List.of(PropertyDescription.builder(HOST, PropertyType.STRING)
                    .defaultValue(DEFAULT_HOST)
                    .description("The simulated machine the device lives on; a machine has at most"
                            + " one device per vnetid, different machines may share one.")
                    .build());

    /** Where a device listens on the underlay, for one vnetid. */
    private record Endpoint(InetAddress ip, int port, long vnetid) {
        static Endpoint of(InetAddress ip, int port, long vnetid) {
            return new Endpoint(TargetPoint.unmap(ip), port, vnetid);
        }
    }

    /** An open device with what the uniqueness checks need. */
    private record Registration(MemoryOverlayDevice device, String host, Endpoint endpoint) {}

    private final Object lock = new Object();
    /** Open devices by link. Written under lock. */
    private final Map<String, Registration> open = new ConcurrentSkipListMap<>();
    /** Listening devices; read on every send without a lock. Written under lock. */
    private final Map<Endpoint, MemoryOverlayDevice> listeners = new ConcurrentHashMap<>();

    @Override
    public MemoryDevice open(DeviceSettings settings, DeviceListener listener) throws VarpdException {
        Objects.requireNonNull(listener, "listener");
        String host = checkedHost(settings);
        Endpoint endpoint = settings.listenAddress()
                .map(ip -> Endpoint.of(ip, settings.listenPort(), settings.vnetid()))
                .orElse(null);
        synchronized (lock) {
            refuseDuplicates(settings, host, endpoint);
            MemoryOverlayDevice device = new MemoryOverlayDevice(settings, listener, this::carry, this::closed);
            open.put(settings.linkName(), new Registration(device, host, endpoint));
            if (endpoint != null) {
                listeners.put(endpoint, device);
            }
            LOG.debug("opened {} on host {}", device, host);
            return device;
        }
    }

    @Override
    public List<PropertyDescription> settings() {
        return SETTINGS;
    }

    @Override
    public Optional<MemoryDevice> device(String link) {
        return Optional.ofNullable(open.get(link)).map(Registration::device);
    }

    @Override
    public List<MemoryDevice> devices() {
        List<MemoryDevice> all = new ArrayList<>();
        open.values().forEach(r -> all.add(r.device()));
        return all;
    }

    /** Closes every device still open: their outstanding misses are answered DROP. */
    @Deactivate
    public void deactivate() {
        devices().forEach(MemoryDevice::close);
    }

    /** Checks the settings (EINVAL) and returns the host they name. */
    private static String checkedHost(DeviceSettings s) throws VarpdException {
        if (s.linkName().isBlank()) {
            throw new VarpdException(Errno.EINVAL, "a memory device needs a link name");
        }
        if (s.vnetid() < 0 || s.vnetid() > OverlayConfig.MAX_VNETID) {
            throw new VarpdException(
                    Errno.EINVAL,
                    s.linkName() + ": vnetid " + s.vnetid() + " is out of range; allowed: 0-"
                            + OverlayConfig.MAX_VNETID);
        }
        if (s.listenPort() < 1 || s.listenPort() > 65535) {
            throw new VarpdException(
                    Errno.EINVAL,
                    s.linkName() + ": listen port " + s.listenPort() + " is out of range; allowed: 1-65535");
        }
        for (String key : s.extra().keySet()) {
            if (!key.equals(HOST)) {
                throw new VarpdException(
                        Errno.EINVAL,
                        s.linkName() + ": unknown setting '" + key + "' for a memory device; allowed: " + HOST);
            }
        }
        Object host = s.extra().getOrDefault(HOST, DEFAULT_HOST);
        if (!(host instanceof String) || ((String) host).isBlank()) {
            throw new VarpdException(
                    Errno.EINVAL,
                    s.linkName() + ": " + HOST + " '" + host + "' is not a host name; allowed: a non-empty string");
        }
        return (String) host;
    }

    /** Under lock. */
    private void refuseDuplicates(DeviceSettings s, String host, Endpoint endpoint) throws VarpdException {
        if (open.containsKey(s.linkName())) {
            throw new VarpdException(Errno.EEXIST, "a memory device for link " + s.linkName() + " is already open");
        }
        for (Registration r : open.values()) {
            if (r.host().equals(host) && r.device().vnetid() == s.vnetid()) {
                throw new VarpdException(
                        Errno.EEXIST,
                        s.linkName() + ": vnetid " + s.vnetid()
                                + " is already used by " + r.device().linkName() + " on host " + host
                                + "; a host has one device per vnetid");
            }
        }
        MemoryOverlayDevice other = endpoint == null ? null : listeners.get(endpoint);
        if (other != null) {
            throw new VarpdException(
                    Errno.EEXIST,
                    s.linkName() + ": " + other.linkName()
                            + " already receives vnetid " + s.vnetid() + " on "
                            + TargetPoint.of(endpoint.ip(), endpoint.port()));
        }
    }

    /** The underlay: a frame sent to a listening device's address with its vnetid goes up into it. */
    private void carry(long vnetid, TargetPoint target, byte[] frame) {
        if (listeners.isEmpty()) {
            return; // no device listens: nothing to look up (and no address key to build) per frame
        }
        InetAddress ip = target.ip().orElse(null);
        MemoryOverlayDevice peer = ip == null ? null : listeners.get(Endpoint.of(ip, target.port(), vnetid));
        if (peer != null) {
            peer.receive(frame.clone()); // the sender's record keeps its own copy
        }
    }

    private void closed(MemoryOverlayDevice device) {
        synchronized (lock) {
            Registration r = open.get(device.linkName());
            if (r != null && r.device() == device) {
                open.remove(device.linkName());
                if (r.endpoint() != null) {
                    listeners.remove(r.endpoint(), device);
                }
                LOG.debug("closed {}", device);
            }
        }
    }
}
