// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.frame;

import static io.varpd.frame.TestFrames.hex;
import static io.varpd.frame.TestFrames.lookup;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.LookupRequest;
import io.varpd.api.MacAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Malformed input is normal traffic: validators reject it, they never throw. */
class RobustnessTest {
    static final MacAddress MAC = MacAddress.of(0x02_00_00_00_00_0bL);
    static final List<byte[]> VALID =
            List.of(hex(ProxyArpTest.REQUEST), hex(ProxyNdpTest.NS), DhcpRedirectTest.discover());

    /** Runs every validator, and on a valid result its builder too; returns how many accepted. */
    static int everyProxy(LookupRequest req, byte[] frame, int length) {
        int accepted = 0;
        if (ProxyArp.validate(req, frame, length).isValid()) {
            accepted++;
            assertEquals(length, ProxyArp.buildReply(frame, length, MAC).length);
        }
        if (ProxyNdp.validate(req, frame, length).isValid()) {
            accepted++;
            assertEquals(req.headerSize() + 72, ProxyNdp.buildAdvertisement(frame, length, MAC).length);
        }
        if (DhcpRedirect.validate(req, frame, length).isValid()) {
            accepted++;
            assertEquals(length, DhcpRedirect.redirect(frame, length, MAC).length);
        }
        return accepted;
    }

    @Test
    void truncatedFramesOfEveryLengthAreRejected() {
        for (byte[] whole : VALID) {
            LookupRequest honest = lookup(whole);
            for (int len = 0; len <= 100 && len < whole.length; len++) {
                byte[] cut = Arrays.copyOf(whole, len);
                int n = len;
                // The device either still declares the whole frame, or declares the cut one truthfully.
                assertEquals(0, assertDoesNotThrow(() -> everyProxy(honest, cut, n)), "length " + len);
                if (len >= 14) {
                    LookupRequest truthful =
                            TestFrames.withSizes(honest, honest.headerSize(), len - honest.headerSize());
                    assertDoesNotThrow(() -> everyProxy(truthful, cut, n), "length " + len);
                }
            }
        }
    }

    @Test
    void eachValidFrameIsAcceptedByExactlyOneProxy() {
        for (byte[] f : VALID) {
            assertEquals(1, everyProxy(lookup(f), f, f.length));
        }
    }

    @Test
    void randomBytesNeverThrow() {
        Random random = new Random(20240601);
        for (int i = 0; i < 5000; i++) {
            byte[] f = new byte[random.nextInt(120)];
            random.nextBytes(f);
            LookupRequest req = new LookupRequest(
                    1,
                    MAC,
                    MacAddress.of(random.nextLong()),
                    random.nextInt(3) == 0
                            ? random.nextInt()
                            : List.of(0x0806, 0x86dd, 0x0800).get(random.nextInt(3)),
                    0,
                    random.nextInt(3) == 0 ? random.nextInt() : 14 + 4 * random.nextInt(2),
                    random.nextInt(3) == 0 ? random.nextInt() : Math.max(0, f.length - 14));
            int len = random.nextInt(10) == 0 ? random.nextInt() : f.length;
            assertDoesNotThrow(() -> everyProxy(req, f, len));
        }
    }

    @Test
    void mutatedValidFramesNeverThrow() {
        Random random = new Random(7);
        int accepted = 0;
        for (int i = 0; i < 20000; i++) {
            byte[] f = VALID.get(i % VALID.size()).clone();
            for (int k = 1 + random.nextInt(3); k > 0; k--) {
                f[random.nextInt(Math.min(f.length, 90))] = (byte) random.nextInt(256);
            }
            LookupRequest req = lookup(f);
            accepted += assertDoesNotThrow(() -> everyProxy(req, f, f.length));
        }
        // Mutations that miss every checked byte stay valid; the fuzzing reached the builders.
        assertTrue(accepted > 0);
        assertFalse(accepted == 20000);
    }
}
