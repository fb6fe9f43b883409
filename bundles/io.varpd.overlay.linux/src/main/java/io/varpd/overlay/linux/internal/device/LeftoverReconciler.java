// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.device;

import io.varpd.api.IpAddresses;
import io.varpd.api.MacAddress;
import io.varpd.api.device.DeviceListener;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks again, in the background, the entries a vxlan already held when varpd took it over (left by a stop, a bundle
 * update or a crash): each permanent FDB entry is asked about as an L2 miss of its MAC would be
 * ({@link DeviceListener#lookup}), each permanent neighbour as an L3 miss of its address
 * ({@link DeviceListener#resolve}). The entries stay in the kernel while they are checked, so established flows never
 * stop; each answer then keeps, replaces or removes its entry through the device. At most {@link #IN_FLIGHT} questions
 * are open at once, so a large table does not flood the plugin; a plugin that stops answering for
 * {@link #STALL_SECONDS} ends the pass, and what was not checked stays as it is.
 */
final class LeftoverReconciler implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(LeftoverReconciler.class);
    static final int IN_FLIGHT = 32;
    static final long STALL_SECONDS = 30;

    private final LinuxOverlayDevice device;
    private final DeviceListener listener;
    private final List<FdbEntry> fdb;
    private final Map<InetAddress, MacAddress> neighbours;
    private final Semaphore open = new Semaphore(IN_FLIGHT);

    LeftoverReconciler(
            LinuxOverlayDevice device,
            DeviceListener listener,
            List<FdbEntry> fdb,
            Map<InetAddress, MacAddress> neighbours) {
        this.device = device;
        this.listener = listener;
        this.fdb = List.copyOf(fdb);
        this.neighbours = Map.copyOf(neighbours);
    }

    int size() {
        return fdb.size() + neighbours.size();
    }

    @Override
    public void run() {
        try {
            for (FdbEntry e : fdb) {
                if (!ask()) {
                    return;
                }
                try {
                    listener.lookup(check(e));
                } catch (RuntimeException ex) {
                    LOG.warn("{}: the listener failed checking {}: {}", device.linkName(), e.mac(), ex.toString());
                    device.reconciledFdb(e, null);
                    open.release();
                }
            }
            for (Map.Entry<InetAddress, MacAddress> n : neighbours.entrySet()) {
                if (!ask()) {
                    return;
                }
                try {
                    listener.resolve(check(n.getKey(), n.getValue()));
                } catch (RuntimeException ex) {
                    LOG.warn(
                            "{}: the listener failed checking {}: {}",
                            device.linkName(),
                            IpAddresses.format(n.getKey()),
                            ex.toString());
                    device.reconciledNeighbour(n.getKey(), n.getValue(), null, null);
                    open.release();
                }
            }
            if (open.tryAcquire(IN_FLIGHT, STALL_SECONDS, TimeUnit.SECONDS)) {
                LOG.info(
                        "{}: checked the {} entries found on the vxlan ({})",
                        device.linkName(),
                        size(),
                        device.linuxCounters());
            } else {
                LOG.warn(
                        "{}: some of the {} entries found on the vxlan got no answer in {} s; they stay as they were",
                        device.linkName(),
                        size(),
                        STALL_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** An FDB entry's question: where does its MAC go now? */
    private MacQuestion check(FdbEntry entry) {
        return new MacQuestion(
                device,
                entry.mac(),
                "check of FDB entry",
                "checking an existing entry carries no frame",
                (mac, target) -> settle(() -> device.reconciledFdb(entry, target)));
    }

    /** A neighbour's question: which MAC owns its address now, and where does that MAC go? */
    private AddressQuestion check(InetAddress address, MacAddress was) {
        String what = device.linkName() + " check of " + (address instanceof Inet4Address ? "" : "IPv6 ") + "neighbour "
                + IpAddresses.format(address);
        return new AddressQuestion(
                address,
                what,
                (mac, target) -> settle(() -> device.reconciledNeighbour(address, was, mac, target)),
                reason -> settle(() -> {
                    LOG.debug("{}: {} no longer resolves: {}", device.linkName(), IpAddresses.format(address), reason);
                    device.reconciledNeighbour(address, was, null, null);
                }));
    }

    /** Waits for a free slot; false when the device went away or the plugin stalled. */
    private boolean ask() throws InterruptedException {
        if (device.isClosed()) {
            return false;
        }
        if (!open.tryAcquire(STALL_SECONDS, TimeUnit.SECONDS)) {
            LOG.warn(
                    "{}: the plugin answered none of {} checks in {} s; the entries not yet checked stay as they are",
                    device.linkName(),
                    IN_FLIGHT,
                    STALL_SECONDS);
            return false;
        }
        return !device.isClosed();
    }

    /** Runs the work an answer brings and frees its slot, whatever the work did. */
    private void settle(Runnable work) {
        try {
            work.run();
        } finally {
            open.release();
        }
    }
}
