// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.device;

import io.varpd.api.MacAddress;
import io.varpd.overlay.linux.internal.netlink.RequestPacker;
import io.varpd.overlay.linux.internal.socket.BatchChannel;
import io.varpd.overlay.linux.internal.socket.KernelException;
import java.net.InetAddress;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The installs answered by one thread while it works through a batch of misses, sent together. Opened ({@link #begin})
 * around the reporting of a burst, it collects the FDB and neighbour requests of every answer given meanwhile and sends
 * them in one datagram when the outermost {@link #end} comes ({@link BatchChannel}); an answer given on a thread with
 * no batch open (a plugin answering later, from its own thread) is sent at once, as a batch of its own. Each request's
 * verdict then goes back to its device ({@link LinuxOverlayDevice#installed}), in the order they were packed, which
 * keeps an address's FDB entry before its neighbour and both before the announcement. Not thread-safe: one per thread
 * and session; the arrays are reused, so a burst allocates nothing here once they have grown.
 */
final class InstallBatch implements BatchChannel.Verdicts {
    private static final Logger LOG = LoggerFactory.getLogger(InstallBatch.class);
    /** Requests per datagram: about 20 KB of IPv4 FDB requests, far below a socket's send buffer. */
    static final int MAX_REQUESTS = 256;

    /** The FDB entry answering an L2 miss. */
    static final int FDB = 0;
    /** The FDB entry of a resolved address (its neighbour follows). */
    static final int ADDRESS_FDB = 1;
    /** The neighbour of a resolved address (its FDB entry precedes it). */
    static final int ADDRESS_NEIGHBOUR = 2;
    /** The completion of the announce bridge's own neighbour for a resolved address, if it has one. */
    static final int BRIDGE_NEIGHBOUR = 3;

    private final BatchChannel channel;
    private final RequestPacker packer = new RequestPacker(4096);
    private final LinuxOverlayDevice[] devices = new LinuxOverlayDevice[MAX_REQUESTS];
    private final int[] kinds = new int[MAX_REQUESTS];
    private final MacAddress[] macs = new MacAddress[MAX_REQUESTS];
    private final InetAddress[] addresses = new InetAddress[MAX_REQUESTS];
    private final KernelException[] failures = new KernelException[MAX_REQUESTS];
    private int depth;
    private boolean flushing;

    InstallBatch(BatchChannel channel) {
        this.channel = channel;
    }

    /** Opens (or nests in) the batch: installs wait for the matching outermost {@link #end}. */
    void begin() {
        depth++;
    }

    /** Closes one level; the outermost sends what was collected. */
    void end() {
        if (--depth == 0) {
            flush();
        }
    }

    /** {@code mac -> dst:port} for an L2 miss ({@code port} 0: the device's). */
    void fdb(LinuxOverlayDevice d, int ifindex, MacAddress mac, InetAddress dst, int port) {
        room(1);
        add(d, FDB, mac, null);
        packer.fdbReplace(ifindex, mac, dst, port);
        sendUnlessOpen();
    }

    /**
     * {@code mac -> dst:port}, then {@code ip -> mac}, for an address miss, then (with a {@code bridgeIndex} of 0 or
     * more) the completion of that bridge's neighbour for {@code ip}: kept in this order.
     */
    void address(
            LinuxOverlayDevice d,
            int ifindex,
            InetAddress ip,
            MacAddress mac,
            InetAddress dst,
            int port,
            int bridgeIndex) {
        room(3);
        add(d, ADDRESS_FDB, mac, ip);
        packer.fdbReplace(ifindex, mac, dst, port);
        add(d, ADDRESS_NEIGHBOUR, mac, ip);
        packer.neighbourReplace(ifindex, ip, mac);
        if (bridgeIndex >= 0) {
            add(d, BRIDGE_NEIGHBOUR, mac, ip);
            packer.neighbourComplete(bridgeIndex, ip, mac);
        }
        sendUnlessOpen();
    }

    private void add(LinuxOverlayDevice d, int kind, MacAddress mac, InetAddress ip) {
        if (flushing) {
            // Verdicts only count, log and announce; an install from one would overwrite this batch's entries.
            throw new IllegalStateException("an install while the verdicts of a batch are applied");
        }
        int i = packer.count();
        devices[i] = d;
        kinds[i] = kind;
        macs[i] = mac;
        addresses[i] = ip;
    }

    private void room(int requests) {
        if (packer.count() + requests > MAX_REQUESTS) {
            flush();
        }
    }

    private void sendUnlessOpen() {
        if (depth == 0) {
            flush();
        }
    }

    /** Sends what was collected and hands every verdict to its device. */
    void flush() {
        int n = packer.count();
        if (n == 0 || flushing) {
            return;
        }
        flushing = true;
        try {
            try {
                channel.send(packer.bytes(), packer.size(), n, this);
            } catch (KernelException e) {
                Arrays.fill(failures, 0, n, e);
            }
            for (int i = 0; i < n; i++) {
                // An address's neighbour counts as failed with its FDB entry: it would point nowhere.
                KernelException f =
                        failures[i] == null && kinds[i] == ADDRESS_NEIGHBOUR ? failures[i - 1] : failures[i];
                if (kinds[i] == BRIDGE_NEIGHBOUR) {
                    f = failures[i]; // its own verdict: ENOENT only says the host was not resolving the address
                }
                try {
                    devices[i].installed(kinds[i], macs[i], addresses[i], f, f != null && failures[i] == null);
                } catch (RuntimeException e) {
                    LOG.warn("the verdict on an install could not be applied", e);
                }
                devices[i] = null;
                macs[i] = null;
                addresses[i] = null;
                failures[i] = null;
            }
        } finally {
            packer.clear();
            flushing = false;
        }
    }

    @Override
    public void failed(int index, KernelException e) {
        failures[index] = e;
    }

    @Override
    public void lost(KernelException e) {
        LOG.warn(
                "the kernel's verdicts on a batch of {} installs were lost ({}); treating them as failed",
                packer.count(),
                e.getMessage());
        for (int i = 0; i < packer.count(); i++) {
            if (failures[i] == null) {
                failures[i] = e;
            }
        }
    }
}
