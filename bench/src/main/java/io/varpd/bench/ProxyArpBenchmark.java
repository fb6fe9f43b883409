// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.bench;

import io.varpd.api.MacAddress;
import io.varpd.api.VarpdException;
import io.varpd.overlay.memory.MemoryDevice;
import io.varpd.overlay.memory.MemoryDeviceStats;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Proxy ARP replies with a 1,000,000-entry mapping. One operation: a guest transmits a broadcast ARP request for the
 * {@code arp} address of the next entry (in {@link KeyOrder}) into the memory device; the broadcast MAC has no VALID
 * cache entry (a proxied lookup is answered DROP, so it never gets one), so the frame is queued and a miss reported;
 * the files plugin hands it to core's proxy ARP, which copies and validates the frame and asks the plugin's {@code arp}
 * op (one probe of its IPv4 index); core builds the reply in place and injects it into the device, which delivers it up
 * to the guests (recorded), and drops the request. Plus 1/4096 of taking the device's record of delivered frames. No
 * cache flush is needed: every request misses.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@Threads(1)
public class ProxyArpBenchmark {
    /** The asking guest: not in the file, at an address outside the file's {@code arp} range. */
    static final MacAddress REQUESTER = MacAddress.of(0x02_10_00_00_00_02L);

    static final int REQUESTER_IP = (100 << 24) | (127 << 16) | (255 << 8) | 254;

    /** The stack, the visiting order and the ARP request template. */
    @State(Scope.Thread)
    public static class Overlay {
        @Param("1000000")
        public int entries;

        MappingFile file;
        BenchOverlay overlay;
        MemoryDevice device;
        int[] order;
        int next;
        byte[] request;
        long asked;

        @Setup(Level.Trial)
        public void start() throws IOException, VarpdException {
            file = MappingFile.create(entries);
            overlay = BenchOverlay.activate(file.path());
            device = overlay.device();
            order = KeyOrder.shuffled(entries);
            request = Frames.arpRequest(REQUESTER, REQUESTER_IP);
        }

        @TearDown(Level.Trial)
        public void check() {
            try {
                Map<String, Long> c = overlay.counters();
                MemoryDeviceStats d = device.stats();
                StringBuilder wrong = new StringBuilder();
                LookupBenchmark.expect(wrong, "core lookups", c.get("lookups"), asked);
                LookupBenchmark.expect(wrong, "core proxied ARP", c.get("arp"), asked);
                LookupBenchmark.expect(wrong, "core errors", c.get("errors"), 0);
                LookupBenchmark.expect(wrong, "device frames delivered (replies)", d.framesDelivered(), asked);
                LookupBenchmark.expect(wrong, "device frames sent", d.framesSent(), 0);
                if (wrong.length() > 0) {
                    throw new IllegalStateException("the benchmark did not do what it claims:" + wrong);
                }
                System.out.printf("%nchecked: %,d ARP requests, each answered with an injected reply%n", asked);
            } finally {
                overlay.close();
                file.close();
            }
        }
    }

    @Benchmark
    public void proxyArp(Overlay s) {
        Frames.setArpTarget(s.request, MappingFile.arpAddress(s.order[s.next]));
        s.device.transmit(s.request);
        if ((++s.asked & (LookupBenchmark.DRAIN_EVERY - 1)) == 0) {
            s.device.takeDelivered();
        }
        if (++s.next == s.order.length) {
            s.next = 0;
        }
    }
}
