// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.MacAddress;
import io.varpd.api.admin.InstanceInfo;
import io.varpd.api.admin.InstanceState;
import io.varpd.api.admin.PropertyView;
import io.varpd.overlay.memory.DropReason;
import io.varpd.overlay.memory.MemoryDevice;
import io.varpd.overlay.memory.MemoryDeviceStats;
import io.varpd.overlay.memory.MemoryOverlayNetwork;
import io.varpd.overlay.memory.Transmission;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

/**
 * The files plugin's bundle is updated while guests keep transmitting: every miss is answered (nothing stays queued,
 * every frame is sent or counted dropped), and the instance resumes on the new bundle revision with its id and its
 * saved state, without an operator.
 */
class HotSwapIT {
    private static final String LINK = "swap0";
    private static final int MACS = 64;
    private static final MacAddress GUEST = MacAddress.of(0x02_00_00_00_00_0bL);

    @RegisterExtension
    final FelixHarness felix = FelixHarness.standard();

    @TempDir
    Path dir;

    private static MacAddress mac(int k) {
        return MacAddress.of(0x02_00_00_02_00_00L + k);
    }

    private String mapping() {
        StringBuilder sb = new StringBuilder("{");
        for (int k = 0; k < MACS; k++) {
            sb.append(k == 0 ? "" : ",")
                    .append('"')
                    .append(mac(k))
                    .append("\": {\"ip\": \"198.18.3.")
                    .append(k)
                    .append("\", \"port\": 4789}");
        }
        return sb.append('}').toString();
    }

    /** One guest frame to one of the mapped MACs on the device that is there now. */
    private static void guest(MemoryDevice d, int seed, Set<MemoryDevice> devices, AtomicInteger sent) {
        devices.add(d);
        try {
            d.transmit(GuestFrames.unicast(mac((seed * 7 + sent.get()) % MACS), GUEST, 80, 0));
            if (sent.incrementAndGet() % 50 == 0) {
                d.cacheFlush(); // keeps every MAC missing, so lookups stay in flight
            }
            d.takeTransmitted();
        } catch (Exception replaced) {
            // the device closed under us while the instance was being replaced: take the next one
        }
    }

    @Test
    void updatingThePluginBundleUnderTrafficLosesNoQueryAndResumesTheInstance() throws Exception {
        Path file = Files.writeString(dir.resolve("mapping.json"), mapping());
        felix.createOverlay("files", LINK, Map.of("vnetid", 88L, "files/config", file.toString()));
        long id = felix.awaitInstance(LINK, InstanceState.ACTIVE).id();
        MemoryOverlayNetwork network = felix.awaitService(MemoryOverlayNetwork.class);
        Set<MemoryDevice> devices = ConcurrentHashMap.newKeySet();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger sent = new AtomicInteger();
        Thread[] guests = new Thread[3];
        for (int g = 0; g < guests.length; g++) {
            int seed = g;
            guests[g] = new Thread(() -> {
                while (running.get() && sent.get() < 500_000) { // bounded, whatever happens
                    Optional<MemoryDevice> d = network.device(LINK);
                    if (d.isPresent()) {
                        guest(d.get(), seed, devices, sent);
                    } else {
                        Thread.onSpinWait(); // between the old device and the new one
                    }
                }
            });
            guests[g].start();
        }
        FelixHarness.await("traffic", sent::get, n -> n > 2000);
        MemoryDevice old = network.device(LINK).orElseThrow();

        Bundle plugin = felix.bundle("io.varpd.plugin.files");
        plugin.update();
        InstanceInfo resumed = FelixHarness.await(
                "swap0 active on the new revision",
                () -> felix.admin().instance(LINK).orElse(null),
                i -> i != null
                        && i.state() == InstanceState.ACTIVE
                        && network.device(LINK).isPresent()
                        && network.device(LINK).get() != old);
        int beforeStop = sent.get();
        FelixHarness.await("traffic on the new revision", sent::get, n -> n > beforeStop + 2000);
        running.set(false);
        for (Thread g : guests) {
            g.join();
        }

        assertEquals(id, resumed.id(), "the instance keeps its id");
        assertEquals(Bundle.ACTIVE, plugin.getState());
        assertTrue(devices.size() >= 2, "the old device was replaced: " + devices.size());
        for (MemoryDevice d : devices) {
            MemoryDeviceStats s = FelixHarness.await("device settled", d::stats, st -> st.pendingFrames() == 0);
            assertEquals(s.framesTransmitted(), s.framesSent() + s.framesDropped(), "every frame accounted: " + s);
            // A miss reported while its device is being disassociated is settled by the device
            // (RELEASED) and core's DROP for it arrives afterwards and is ignored: one answer each.
            // A second answer to a live miss would make ignoredAnswers exceed RELEASED.
            assertTrue(s.ignoredAnswers() <= s.drops().get(DropReason.RELEASED), "no miss answered twice: " + s);
        }
        String config = felix.admin().properties(LINK).stream()
                .filter(p -> p.description().name().equals("files/config"))
                .map(PropertyView::valueText)
                .findFirst()
                .orElseThrow();
        assertEquals(file.toString(), config, "the state came back with the new revision");
        MemoryDevice now = network.device(LINK).orElseThrow();
        now.takeTransmitted();
        now.cacheFlush();
        now.transmit(GuestFrames.unicast(mac(5), GUEST, 80, 1));
        List<Transmission> out = FelixHarness.await("a frame after the swap", now::transmitted, l -> !l.isEmpty());
        assertEquals("198.18.3.5:4789", out.get(0).target().toString());
    }
}
