// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal.testing;

import io.varpd.api.DestinationType;
import io.varpd.api.Errno;
import io.varpd.api.LookupRequest;
import io.varpd.api.MacAddress;
import io.varpd.api.PluginMode;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import io.varpd.api.device.CacheEntry;
import io.varpd.api.device.DeviceListener;
import io.varpd.api.device.DeviceLookup;
import io.varpd.api.device.DeviceSettings;
import io.varpd.api.device.OverlayDevice;
import io.varpd.api.device.OverlayDeviceProvider;
import io.varpd.api.device.UnclaimedDevice;
import io.varpd.api.plugin.PropertyDescription;
import io.varpd.api.plugin.PropertyType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal device provider for core tests: records what core asks and lets tests raise misses. Two settings:
 * {@value #MTU} (UINT, taken live by {@code reconfigure}) and {@value #PLACE} (STRING, needs a new device).
 */
public final class FakeDevices implements OverlayDeviceProvider {
    public static final String MTU = "fakedev/mtu";
    public static final String PLACE = "fakedev/place";
    public final Map<String, Device> open = new ConcurrentHashMap<>();
    /** Every device ever opened, in order. */
    public final List<Device> opened = new CopyOnWriteArrayList<>();
    /** When set, {@link #open} refuses settings whose {@value #PLACE} equals it. */
    public volatile String refusePlace;

    public volatile VarpdException failAssociate;
    /** When set, run by {@code associate} once the device is associated, as a device that asks at once. */
    public volatile java.util.function.Consumer<Device> onAssociate;
    /** What {@link #unclaimedDevices()} answers; a test sets it. */
    public volatile List<UnclaimedDevice> unclaimed = List.of();
    /** The local point of the devices opened from now on. */
    public volatile Optional<TargetPoint> localPoint = Optional.empty();
    /** When set, {@link #unclaimedDevices()} fails with it. */
    public volatile VarpdException failUnclaimed;

    @Override
    public List<UnclaimedDevice> unclaimedDevices() throws VarpdException {
        if (failUnclaimed != null) {
            throw failUnclaimed;
        }
        return unclaimed;
    }

    @Override
    public List<PropertyDescription> settings() {
        return List.of(
                PropertyDescription.builder(MTU, PropertyType.UINT)
                        .range(68, 65535)
                        .build(),
                PropertyDescription.builder(PLACE, PropertyType.STRING).build());
    }

    @Override
    public OverlayDevice open(DeviceSettings settings, DeviceListener listener) throws VarpdException {
        if (open.containsKey(settings.linkName())) {
            throw new VarpdException(Errno.EEXIST, "device " + settings.linkName() + " is already open");
        }
        if (refusePlace != null && refusePlace.equals(settings.extra().get(PLACE))) {
            throw new VarpdException(Errno.EINVAL, PLACE + ": " + refusePlace + " does not exist");
        }
        Device d = new Device(settings, listener);
        open.put(settings.linkName(), d);
        opened.add(d);
        return d;
    }

    /** One fake device. */
    public final class Device implements OverlayDevice {
        public volatile DeviceSettings settings;
        public final DeviceListener listener;
        /** Let go of (detach) rather than closed. */
        public volatile boolean detached;

        public volatile PluginMode mode;
        public volatile TargetPoint point;
        public volatile boolean closed;
        public volatile String degraded;
        public final Map<MacAddress, CacheEntry> cache = new TreeMap<>();
        public final List<byte[]> injected = new CopyOnWriteArrayList<>();
        /** What {@link #counters()} answers; a test sets it. */
        public volatile Map<String, Long> counters = Map.of();
        /** What {@link #localPoint()} answers; a test sets it. */
        public volatile Optional<TargetPoint> localPoint = FakeDevices.this.localPoint;

        Device(DeviceSettings settings, DeviceListener listener) {
            this.settings = settings;
            this.listener = listener;
        }

        /** Raises a miss for {@code dst} and returns its handle to observe the answer. */
        public Miss miss(MacAddress src, MacAddress dst, int sap, byte[] frame) {
            Miss m = new Miss(
                    new LookupRequest(settings.vnetid(), src, dst, sap, 0, 14, frame == null ? 0 : frame.length - 14),
                    frame);
            listener.lookup(m);
            return m;
        }

        /** Raises one miss per destination, reported together, and returns their handles in order. */
        public List<Miss> misses(MacAddress src, List<MacAddress> destinations) {
            List<Miss> batch = new ArrayList<>();
            for (MacAddress dst : destinations) {
                batch.add(new Miss(new LookupRequest(settings.vnetid(), src, dst, 0x0800, 0, 14, 0), null));
            }
            listener.lookupAll(batch);
            return batch;
        }

        @Override
        public Map<String, Long> counters() {
            return counters;
        }

        @Override
        public Optional<TargetPoint> localPoint() {
            return localPoint;
        }

        @Override
        public String linkName() {
            return settings.linkName();
        }

        @Override
        public long vnetid() {
            return settings.vnetid();
        }

        @Override
        public Set<DestinationType> destination() {
            return EnumSet.of(DestinationType.IP, DestinationType.PORT);
        }

        @Override
        public void associate(long instanceId, PluginMode mode, TargetPoint point) throws VarpdException {
            if (failAssociate != null) {
                throw failAssociate;
            }
            if (this.mode != null) {
                throw new VarpdException(Errno.EEXIST, "already associated");
            }
            this.mode = mode;
            this.point = point;
            java.util.function.Consumer<Device> then = onAssociate;
            if (then != null) {
                then.accept(this);
            }
        }

        @Override
        public void disassociate() {
            mode = null;
            point = null;
        }

        @Override
        public void inject(byte[] frame) {
            injected.add(frame);
        }

        @Override
        public synchronized Optional<CacheEntry> cacheGet(MacAddress mac) {
            return Optional.ofNullable(cache.get(mac));
        }

        @Override
        public synchronized void cacheSet(CacheEntry entry) {
            cache.put(entry.mac(), entry);
        }

        @Override
        public synchronized void cacheRemove(MacAddress mac) throws VarpdException {
            if (cache.remove(mac) == null) {
                throw new VarpdException(Errno.ENOENT, "no entry for " + mac);
            }
        }

        @Override
        public synchronized void cacheFlush() {
            cache.clear();
        }

        @Override
        public synchronized List<CacheEntry> cacheEntries() {
            if (mode == PluginMode.POINT) {
                return List.of(CacheEntry.to(MacAddress.ZERO, point));
            }
            return new ArrayList<>(cache.values());
        }

        @Override
        public void degrade(String message) {
            degraded = message;
        }

        @Override
        public void restore() {
            degraded = null;
        }

        @Override
        public Optional<String> degradedMessage() {
            return Optional.ofNullable(degraded);
        }

        @Override
        public void close() {
            closed = true;
            open.remove(settings.linkName(), this);
        }

        @Override
        public void detach() {
            detached = true;
            open.remove(settings.linkName(), this);
        }

        /** Takes {@value #MTU} live; anything else needs a new device. */
        @Override
        public boolean reconfigure(DeviceSettings next) {
            Map<String, Object> a = new TreeMap<>(settings.extra());
            Map<String, Object> b = new TreeMap<>(next.extra());
            a.remove(MTU);
            b.remove(MTU);
            if (!a.equals(b) || !next.linkName().equals(settings.linkName())) {
                return false;
            }
            settings = next;
            return true;
        }
    }

    /** A miss whose answer tests can read. */
    public static final class Miss implements DeviceLookup {
        private final LookupRequest request;
        private final byte[] frame;
        public final List<String> answers = new CopyOnWriteArrayList<>();
        public final List<byte[]> injected = new CopyOnWriteArrayList<>();
        public final List<byte[]> resent = new CopyOnWriteArrayList<>();

        Miss(LookupRequest request, byte[] frame) {
            this.request = request;
            this.frame = frame;
        }

        @Override
        public LookupRequest request() {
            return request;
        }

        @Override
        public byte[] frame() throws VarpdException {
            if (frame == null) {
                throw new VarpdException(Errno.ENOTSUP, "no frames");
            }
            return frame.clone();
        }

        @Override
        public void inject(byte[] f) {
            injected.add(f);
        }

        @Override
        public void resend(byte[] f) {
            resent.add(f);
        }

        @Override
        public void respond(TargetPoint target) {
            answers.add("OK " + target);
        }

        @Override
        public void drop() {
            answers.add("DROP");
        }
    }
}
