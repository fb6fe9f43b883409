// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.itest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import io.varpd.api.admin.InstanceState;
import io.varpd.overlay.memory.MemoryDevice;
import io.varpd.overlay.memory.MemoryOverlayNetwork;
import io.varpd.overlay.memory.Transmission;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.osgi.service.cm.Configuration;

/**
 * What a configured overlay does to its memory device, seen through the memory bundle's test API
 * ({@link MemoryOverlayNetwork}). This class is the only user of that API here, so a change to it touches one file.
 */
class MemoryDeviceIT {
    @RegisterExtension
    final FelixHarness felix = FelixHarness.standard();

    private Optional<MemoryDevice> device(String link) {
        return felix.awaitService(MemoryOverlayNetwork.class).device(link);
    }

    /** An untagged IPv4 Ethernet frame from one guest to another, with a recognisable payload. */
    private static byte[] guestFrame() throws Exception {
        byte[] frame = new byte[64];
        MacAddress.parse("02:00:00:00:00:02").writeTo(frame, 0);
        MacAddress.parse("02:00:00:00:00:01").writeTo(frame, 6);
        frame[12] = 0x08;
        frame[13] = 0x00;
        for (int i = 14; i < frame.length; i++) {
            frame[i] = (byte) i;
        }
        return frame;
    }

    @Test
    void aGuestFrameOnADirectOverlayIsSentToItsPoint() throws Exception {
        felix.createOverlay(
                "direct", "demo0", Map.of("vnetid", 42L, "direct/dest_ip", "192.0.2.10", "direct/dest_port", 4789L));
        felix.awaitInstance("demo0", InstanceState.ACTIVE);
        MemoryDevice device = device("demo0").orElseThrow(() -> new AssertionError("no memory device demo0"));
        assertEquals(42, device.vnetid());

        byte[] frame = guestFrame();
        device.transmit(frame);

        List<Transmission> sent = device.takeTransmitted();
        assertEquals(1, sent.size(), sent.toString());
        assertEquals(
                TargetPoint.of(InetAddress.getByName("192.0.2.10"), 4789),
                sent.get(0).target());
        assertArrayEquals(frame, sent.get(0).frame());
    }

    @Test
    void deletingTheOverlayClosesItsMemoryDevice() throws Exception {
        Configuration c = felix.createOverlay(
                "direct", "demo0", Map.of("vnetid", 42L, "direct/dest_ip", "192.0.2.10", "direct/dest_port", 4789L));
        felix.awaitInstance("demo0", InstanceState.ACTIVE);
        assertTrue(device("demo0").isPresent());

        c.delete();

        felix.awaitNoInstance("demo0");
        assertTrue(device("demo0").isEmpty(), "the device of a deleted overlay is closed");
    }
}
