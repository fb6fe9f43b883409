// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

/**
 * JMH benchmarks of varpd's dynamic lookups, run outside OSGi on plain class paths.
 *
 * <h2>Theory</h2>
 *
 * <p><b>What is measured.</b> The targets of the "Dynamic lookups" issue: target-cache misses answered per second
 * through the whole stack (a guest frame into the {@code memory} overlay device, core's instance, the {@code files}
 * plugin with a 1,000,000-entry mapping, the answer back into the device, which installs it and sends the queued
 * frame), next to the cost of one probe of a plain {@code HashMap<Long, TargetPoint>} holding the same pairs, probed in
 * the same order ({@link io.varpd.bench.LookupBenchmark}); proxy ARP replies per second
 * ({@link io.varpd.bench.ProxyArpBenchmark}); the time to load a 1,000,000-entry file
 * ({@link io.varpd.bench.FileLoadBenchmark}) and the heap it retains per entry ({@link io.varpd.bench.RetainedMemory},
 * a plain main, since JMH has no memory mode).
 *
 * <p><b>How the stack is driven.</b> {@link io.varpd.bench.BenchOverlay} builds exactly what core's instance manager
 * builds when a configuration arrives, but with {@code new}: a {@code MemoryDeviceProvider}, a {@code FilesPlugin},
 * {@code FrameProxies}, and {@code Instance.activate}. No framework, no configuration admin, no service registry: those
 * only run at activation and are not on the lookup path.
 *
 * <p><b>Keeping every operation honest.</b> A target-cache entry answered once stays VALID, and the next frame to that
 * MAC is sent without asking varpd. The lookup benchmarks therefore walk all 1,000,000 MACs of the file in one fixed
 * shuffled order ({@link io.varpd.bench.KeyOrder}), so a MAC comes back only after a million others (no CPU cache keeps
 * the entry warm), and flush the device cache each time the walk wraps, so every frame is a miss. The flush, and taking
 * the device's records of sent or delivered frames every 4096 operations (they would grow without bound), happen inside
 * the measured operation and are part of its cost. Every benchmark state checks in its trial teardown that each
 * operation was answered as intended (OK for unicast lookups, a proxied ARP reply for ARP); a run that fails the check
 * fails loudly instead of reporting the speed of doing nothing.
 *
 * <p><b>One thread.</b> The targets are per core. The states are per thread and each builds its own device, plugin and
 * file, so {@code -t N} works, but the figures of record are {@code -t 1}.
 */
package io.varpd.bench;
