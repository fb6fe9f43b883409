// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.itest.browser.guest;

import io.varpd.overlay.memory.MemoryDevice;
import io.varpd.overlay.memory.MemoryOverlayNetwork;
import java.util.Optional;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Sends {@value #FRAMES_PER_SECOND} unicast frames a second out of the memory device of overlay {@value #LINK} (once
 * the test has created it), each to a MAC never used before: every frame is a miss, so core makes one lookup per frame
 * and the answer (a destination, or drop) becomes a new entry of the target table. Stops after {@value #MAX_FRAMES}
 * frames or when the bundle stops.
 */
public final class GuestTrafficActivator implements BundleActivator {
    public static final String LINK = "traffic1";
    public static final int FRAMES_PER_SECOND = 20;
    /** Two minutes' worth: the target table stays small, the test is long over by then. */
    public static final int MAX_FRAMES = 120 * FRAMES_PER_SECOND;
    /** The guests' own MAC; destinations are 02:00:00:01:xx:xx. */
    private static final byte[] SOURCE = {2, 0, 0, 0, 0, 1};

    private Thread sender;

    @Override
    public void start(BundleContext context) {
        sender = new Thread(() -> send(context), "varpd-itest-guest-traffic");
        sender.setDaemon(true);
        sender.start();
    }

    @Override
    public void stop(BundleContext context) throws InterruptedException {
        sender.interrupt();
        sender.join(5000);
    }

    /** The n-th destination MAC: 02:00:00:01 followed by n in two bytes. */
    public static String destination(int n) {
        return String.format("02:00:00:01:%02x:%02x", (n >> 8) & 0xff, n & 0xff);
    }

    /** A minimal untagged IPv4 Ethernet frame (60 bytes) to the n-th destination. */
    private static byte[] frame(int n) {
        byte[] f = new byte[60];
        f[0] = 2;
        f[3] = 1;
        f[4] = (byte) (n >> 8);
        f[5] = (byte) n;
        System.arraycopy(SOURCE, 0, f, 6, 6);
        f[12] = 0x08; // ethertype IPv4
        return f;
    }

    private static void send(BundleContext context) {
        int n = 0;
        try {
            while (n < MAX_FRAMES && !Thread.currentThread().isInterrupted()) {
                ServiceReference<MemoryOverlayNetwork> ref = context.getServiceReference(MemoryOverlayNetwork.class);
                MemoryOverlayNetwork network = ref == null ? null : context.getService(ref);
                Optional<MemoryDevice> device = network == null ? Optional.empty() : network.device(LINK);
                if (device.isPresent()) {
                    device.get().transmit(frame(n++));
                    // What was sent to the underlay is not looked at: keep the device's record short.
                    device.get().takeTransmitted();
                }
                if (network != null) {
                    context.ungetService(ref);
                }
                Thread.sleep(1000 / FRAMES_PER_SECOND);
            }
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        } catch (IllegalStateException bundleStopped) {
            // The context is no longer valid: the runtime is stopping.
        }
    }
}
