// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.memory.internal;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.varpd.api.DestinationType;
import io.varpd.api.Errno;
import io.varpd.api.MacAddress;
import io.varpd.api.PluginMode;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import io.varpd.api.device.CacheEntry;
import io.varpd.api.device.DeviceListener;
import io.varpd.api.device.DeviceLookup;
import io.varpd.api.device.DeviceSettings;
import io.varpd.overlay.memory.DropReason;
import io.varpd.overlay.memory.MemoryDevice;
import io.varpd.overlay.memory.MemoryDeviceStats;
import io.varpd.overlay.memory.Transmission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A memory overlay device: the association, the target cache of a DYNAMIC association, the records of sent and
 * delivered frames, and the degraded mark. One lock guards the association, the cache, the counters and the record of
 * sent frames; effects of an operation (misses reported, frames carried to peers) are carried out after it is released
 * (see the package theory in {@link io.varpd.overlay.memory}).
 *
 * <p>The per-frame cost is kept to what the semantics need: a frame the device now owns (the guest's buffer is copied
 * once), its destination read from the bytes without building a header, one lock crossing to decide, record and count,
 * and for a miss one more when the answer comes back. The full header is parsed only when a lookup is made, from the
 * frame it asks about.
 */
final class MemoryOverlayDevice implements MemoryDevice {
    /** A VXLAN-like encapsulation: frames go to an underlay IP and port. */
    private static final Set<DestinationType> DESTINATION = Set.of(DestinationType.IP, DestinationType.PORT);
    /** OVERLAY_STATUS_BUFLEN less the NUL. */
    private static final int MAX_DEGRADED_MESSAGE = 255;
    /** A burst frame without a MAC header: a MAC has 48 bits, so none is negative. */
    private static final long NO_MAC = -1L;

    private final DeviceSettings settings;
    private final Underlay underlay;
    private final Consumer<MemoryOverlayDevice> onClose;
    private final DeviceCounters counters = new DeviceCounters();
    private final MissReporter reporter;
    private final Recorder<byte[]> deliveries = new Recorder<>();
    private volatile String degradedMessage;

    private final Object lock = new Object();
    /** Null while no instance is associated. */
    @GuardedBy("lock")
    private Association association;
    /** The cache of a DYNAMIC association, else null. */
    @GuardedBy("lock")
    private TargetCache cache;

    @GuardedBy("lock")
    private boolean closed;
    /** Frames sent and not yet taken. */
    @GuardedBy("lock")
    private List<Transmission> transmissions = new ArrayList<>();

    /**
     * @param underlay carries sent frames to peer devices
     * @param onClose told once, when the device closes
     */
    MemoryOverlayDevice(
            DeviceSettings settings,
            DeviceListener listener,
            Underlay underlay,
            Consumer<MemoryOverlayDevice> onClose) {
        this.settings = settings;
        this.underlay = underlay;
        this.onClose = onClose;
        this.reporter = new MissReporter(settings.linkName(), listener, this::stillAsking);
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
        return DESTINATION;
    }

    @Override
    public DeviceSettings settings() {
        return settings;
    }

    // ---- association ----

    @Override
    public void associate(long instanceId, PluginMode mode, TargetPoint point) throws VarpdException {
        Association a = Association.of(instanceId, mode, point);
        synchronized (lock) {
            checkOpen();
            if (association != null) {
                throw new VarpdException(
                        Errno.EEXIST,
                        linkName() + " is already associated with instance " + association.instanceId()
                                + "; disassociate it first");
            }
            association = a;
            cache = mode == PluginMode.DYNAMIC ? new TargetCache(counters, this::newLookup) : null;
        }
    }

    @Override
    public void disassociate() {
        synchronized (lock) {
            release();
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            release();
        }
        onClose.accept(this);
    }

    /** Ends the association: queued frames dropped, outstanding misses settled. Under lock. */
    @GuardedBy("lock")
    private void release() {
        if (cache != null) {
            cache.release();
        }
        association = null;
        cache = null;
    }

    // ---- the guest side: transmit and receive ----

    @Override
    public void transmit(byte[] frame) {
        transmitOwned(frame.clone());
    }

    /** The transmit path for a frame the device owns. */
    private void transmitOwned(byte[] frame) {
        Deferred out = new Deferred();
        synchronized (lock) {
            counters.transmitted++;
            if (association == null) {
                counters.dropped(DropReason.NOT_ASSOCIATED);
            } else if (cache == null) {
                out.send(association.point(), frame); // POINT: no header needed, no lookup
            } else if (!MacHeader.fits(frame)) {
                counters.dropped(DropReason.UNPARSABLE);
            } else {
                cache.transmit(MacHeader.destination(frame), frame, out);
            }
            record(out);
        }
        carryOut(out);
    }

    /**
     * The burst transmit path: the frames are copied and their destinations read before the lock is taken; under it,
     * the target cache is probed for every destination before any frame is acted on (so the probes' cache-line misses
     * overlap, see {@link TargetCache#probe}), then each frame is decided in order as {@link #transmitOwned} would. The
     * misses go to the listener together after the lock is released.
     */
    @Override
    public void transmitAll(List<byte[]> frames) {
        byte[][] owned = frames.toArray(new byte[0][]);
        int n = owned.length;
        if (n == 0) {
            return;
        }
        long[] macs = new long[n];
        for (int k = 0; k < n; k++) {
            byte[] f = owned[k].clone(); // a null frame throws here, before anything is done
            owned[k] = f;
            macs[k] = MacHeader.fits(f) ? MacHeader.destination(f) : NO_MAC;
        }
        int[] slots = new int[n];
        Deferred out = new Deferred();
        synchronized (lock) {
            counters.transmitted += n;
            if (association == null) {
                counters.dropped(DropReason.NOT_ASSOCIATED, n);
            } else if (cache == null) {
                TargetPoint point = association.point(); // POINT: no header needed, no lookup
                for (byte[] f : owned) {
                    out.send(point, f);
                }
            } else {
                TargetCache c = cache;
                c.probe(macs, slots, n);
                for (int k = 0; k < n; k++) {
                    if (macs[k] == NO_MAC) {
                        counters.dropped(DropReason.UNPARSABLE);
                    } else {
                        c.transmit(macs[k], slots[k], owned[k], out);
                    }
                }
            }
            record(out);
        }
        carryOut(out, true);
    }

    /** A frame from the underlay, for the local guests. */
    void receive(byte[] frame) {
        if (!isClosed()) {
            deliverUp(frame);
        }
    }

    @Override
    public void inject(byte[] frame) throws VarpdException {
        checkSize(frame, "inject");
        synchronized (lock) {
            checkOpen();
        }
        deliverUp(frame.clone());
    }

    private void deliverUp(byte[] frame) {
        counters.delivered.increment();
        deliveries.add(frame);
    }

    /** Counts and records the frames {@code out} sends. Under lock. */
    @GuardedBy("lock")
    private void record(Deferred out) {
        int n = out.sends();
        for (int i = 0; i < n; i++) {
            counters.sent++;
            transmissions.add(new Transmission(out.target(i), out.frame(i)));
        }
    }

    /** Carries the sent frames to any peer, then reports the miss. Not under lock. */
    private void carryOut(Deferred out) {
        carryOut(out, false);
    }

    /**
     * Carries the sent frames to any peer, then reports the misses: those of a {@code burst} with one
     * {@link MissReporter#reportAll}, the one miss of any other operation alone. Not under lock.
     */
    private void carryOut(Deferred out, boolean burst) {
        int n = out.sends();
        for (int i = 0; i < n; i++) {
            underlay.carry(vnetid(), out.target(i), out.frame(i));
        }
        MemoryLookup miss = out.miss();
        if (miss == null) {
            return;
        }
        if (burst || out.missCount() > 1) {
            reporter.reportAll(out.misses());
        } else {
            reporter.report(miss);
        }
    }

    // ---- lookups (called through MemoryLookup) ----

    /** A lookup about the head of {@code frames}: the one place a frame's whole header is parsed. */
    private MemoryLookup newLookup(TargetCache owner, long mac, int slot, PendingFrames frames) {
        return new MemoryLookup(this, owner, mac, slot, frames, MacHeader.missRequest(vnetid(), frames.head()));
    }

    /**
     * Whether a miss that waited in a report backlog still needs reporting. One that does not was never handed to the
     * listener, so it is taken back out of the count of reported misses.
     */
    private boolean stillAsking(MemoryLookup miss) {
        synchronized (lock) {
            if (cache != null && cache.stillAsking(miss)) {
                return true;
            }
            counters.misses--;
            return false;
        }
    }

    byte[] headFrame(MemoryLookup miss) throws VarpdException {
        synchronized (lock) {
            if (!miss.outstanding()) {
                throw new VarpdException(
                        Errno.EINVAL,
                        "the " + miss + " has already been answered; " + "frames can be read only until then");
            }
            byte[] head = miss.frames.head();
            if (head == null) {
                throw new VarpdException(
                        Errno.EINVAL,
                        "no frame is queued for " + miss.request().destination() + " any more; a cache set sent them");
            }
            return Arrays.copyOf(head, Math.min(head.length, DeviceLookup.MAX_FRAME));
        }
    }

    void inject(MemoryLookup miss, byte[] frame) throws VarpdException {
        checkSize(frame, "inject");
        checkOutstanding(miss, "inject");
        deliverUp(frame.clone());
    }

    void resend(MemoryLookup miss, byte[] frame) throws VarpdException {
        checkSize(frame, "resend");
        checkOutstanding(miss, "resend");
        transmitOwned(frame.clone());
    }

    void respond(MemoryLookup miss, TargetPoint target) {
        Deferred out = new Deferred();
        synchronized (lock) {
            if (cache == null || !cache.respond(miss, target, out)) {
                counters.ignoredAnswers++;
                return;
            }
            record(out);
        }
        carryOut(out);
    }

    void drop(MemoryLookup miss) {
        drop(miss, true);
    }

    /** Drops the head frame of {@code miss} if it is still outstanding; never counts an ignored answer. */
    void dropIfUnanswered(MemoryLookup miss) {
        drop(miss, false);
    }

    /** @param answer whether this is the listener's answer, so one to a settled miss is counted ignored */
    private void drop(MemoryLookup miss, boolean answer) {
        Deferred out = new Deferred();
        synchronized (lock) {
            if (cache == null || !cache.drop(miss, out)) {
                if (answer) {
                    counters.ignoredAnswers++;
                }
                return;
            }
        }
        carryOut(out);
    }

    private void checkOutstanding(MemoryLookup miss, String what) throws VarpdException {
        synchronized (lock) {
            if (!miss.outstanding()) {
                throw new VarpdException(
                        Errno.ENOENT, "cannot " + what + " through the " + miss + ": it has already been answered");
            }
        }
    }

    private static void checkSize(byte[] frame, String what) throws VarpdException {
        if (frame.length > DeviceLookup.MAX_FRAME) {
            throw new VarpdException(
                    Errno.EINVAL,
                    "cannot " + what + " a frame of " + frame.length + " bytes; allowed: at most "
                            + DeviceLookup.MAX_FRAME);
        }
    }

    // ---- cache operations ----

    @Override
    public Optional<CacheEntry> cacheGet(MacAddress mac) throws VarpdException {
        synchronized (lock) {
            Association a = associated();
            return cache == null ? Optional.of(CacheEntry.to(mac, a.point())) : cache.get(mac);
        }
    }

    @Override
    public void cacheSet(CacheEntry entry) throws VarpdException {
        Deferred out = new Deferred();
        synchronized (lock) {
            dynamicCache("set").set(entry, out);
            record(out);
        }
        carryOut(out);
    }

    @Override
    public void cacheRemove(MacAddress mac) throws VarpdException {
        synchronized (lock) {
            dynamicCache("remove").remove(mac);
        }
    }

    @Override
    public void cacheFlush() throws VarpdException {
        synchronized (lock) {
            dynamicCache("flush").flush();
        }
    }

    @Override
    public List<CacheEntry> cacheEntries() throws VarpdException {
        synchronized (lock) {
            Association a = associated();
            return cache == null ? List.of(CacheEntry.to(MacAddress.ZERO, a.point())) : cache.list();
        }
    }

    /** The association, or ENOENT when closed and ENXIO when none. Under lock. */
    @GuardedBy("lock")
    private Association associated() throws VarpdException {
        checkOpen();
        if (association == null) {
            throw new VarpdException(
                    Errno.ENXIO,
                    linkName() + " has no varpd instance associated;" + " the target cache exists only while one is");
        }
        return association;
    }

    /** The cache of a DYNAMIC association; ENOTSUP for POINT. Under lock. */
    @GuardedBy("lock")
    private TargetCache dynamicCache(String op) throws VarpdException {
        associated();
        if (cache == null) {
            throw new VarpdException(
                    Errno.ENOTSUP,
                    "cannot " + op + " cache entries of " + linkName()
                            + ": its instance is POINT and sends every frame to one destination");
        }
        return cache;
    }

    @GuardedBy("lock")
    private void checkOpen() throws VarpdException {
        if (closed) {
            throw new VarpdException(Errno.ENOENT, "no overlay device " + linkName() + ": it was closed");
        }
    }

    private boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    // ---- records, counters, status ----

    @Override
    public List<Transmission> transmitted() {
        synchronized (lock) {
            return List.copyOf(transmissions);
        }
    }

    @Override
    public List<Transmission> takeTransmitted() {
        synchronized (lock) {
            List<Transmission> taken = transmissions;
            transmissions = new ArrayList<>();
            return taken;
        }
    }

    @Override
    public List<byte[]> delivered() {
        return deliveries.snapshot();
    }

    @Override
    public List<byte[]> takeDelivered() {
        return deliveries.take();
    }

    @Override
    public int pendingFrames(MacAddress destination) {
        synchronized (lock) {
            return cache == null ? 0 : cache.pendingFrames(destination);
        }
    }

    @Override
    public MemoryDeviceStats stats() {
        synchronized (lock) {
            return cache == null
                    ? counters.snapshot(0, 0)
                    : counters.snapshot(cache.pendingFrames(), cache.pendingBytes());
        }
    }

    /**
     * The stats as the API's counters: frames transmitted, sent, delivered and dropped (one counter per reason), misses
     * reported, answers ignored. Pending frames are a level, not a count, so they stay in {@link #stats()}.
     */
    @Override
    public Map<String, Long> counters() {
        MemoryDeviceStats s = stats();
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("frames_transmitted", s.framesTransmitted());
        m.put("frames_sent", s.framesSent());
        m.put("frames_delivered", s.framesDelivered());
        m.put("misses_reported", s.missesReported());
        m.put("answers_ignored", s.ignoredAnswers());
        s.drops().forEach((reason, n) -> m.put("frames_dropped_" + reason.name().toLowerCase(Locale.ROOT), n));
        return m;
    }

    @Override
    public void degrade(String message) {
        String m = message == null ? "" : message;
        degradedMessage = m.length() > MAX_DEGRADED_MESSAGE ? m.substring(0, MAX_DEGRADED_MESSAGE) : m;
    }

    @Override
    public void restore() {
        degradedMessage = null;
    }

    @Override
    public Optional<String> degradedMessage() {
        return Optional.ofNullable(degradedMessage);
    }

    @Override
    public String toString() {
        return "memory device " + linkName() + " (vnetid " + vnetid() + ")";
    }
}
